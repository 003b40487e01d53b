package impact

import (
	"encoding/csv"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// CSVRoute answers the same table as TableRoute, one line per group and measure:
// GET /api/impact.csv. It leaves the branch, so small cells are always suppressed.
const CSVRoute = "/api/impact.csv"

var csvHeader = []string{"branch", "cohort", "measure", "numerator", "denominator", "unknown", "pending",
	"value", "low", "high", "suppressed"}

// Measures of the cost lines (their cohort is the calendar year).
const (
	CostPerStartedDuo   = "cost_per_started_duo"
	CostPerPositiveExit = "cost_per_positive_exit"
)

// tableCSV writes the table group by group, flushing as it goes: its rates, then its counts
// (numerator alone), its medians and means (denominator: over how many), then the costs.
func tableCSV(e *core.RequestEvent, now time.Time) error {
	_, report, err := requestedReport(e, now, true)
	if err != nil {
		return err
	}
	h := e.Response.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="duo-impact.csv"`)
	e.Response.WriteHeader(http.StatusOK)
	w := csv.NewWriter(e.Response)
	_ = w.Write(csvHeader)
	for _, g := range report.Groups {
		for _, line := range groupLines(g) {
			_ = w.Write(line)
		}
		w.Flush()
	}
	for _, c := range report.Costs {
		for _, line := range costLines(c) {
			_ = w.Write(line)
		}
	}
	w.Flush()
	return w.Error()
}

func groupLines(g Group) [][]string {
	branch, cohort := g.Branch, g.Cohort
	if branch == "" && cohort == "" {
		branch, cohort = "total", "total"
	}
	var lines [][]string
	for _, id := range append(slices.Clone(Measures), IntakeRates...) {
		lines = append(lines, rateLine(branch, cohort, id, g.Measures[id]))
	}
	lines = append(lines, countLine(branch, cohort, startedKey, Count{N: g.Started, Suppressed: g.Suppressed}))
	for _, id := range slices.Sorted(maps.Keys(g.Counts)) {
		lines = append(lines, countLine(branch, cohort, id, g.Counts[id]))
	}
	for _, id := range Stats {
		s := g.Stats[id]
		lines = append(lines, statLine(branch, cohort, id+":median", s, s.Median), statLine(branch, cohort, id+":mean", s, s.Mean))
	}
	return lines
}

func rateLine(branch, cohort, id string, r Rate) []string {
	if r.Suppressed {
		return hidden(branch, cohort, id)
	}
	return []string{branch, cohort, id, strconv.Itoa(r.Numerator), strconv.Itoa(r.Denominator), strconv.Itoa(r.Unknown),
		strconv.Itoa(r.Pending), figure(r.Value), figure(r.Low), figure(r.High), "false"}
}

func countLine(branch, cohort, id string, c Count) []string {
	if c.Suppressed {
		return hidden(branch, cohort, id)
	}
	return []string{branch, cohort, id, strconv.Itoa(c.N), "", "", "", "", "", "", "false"}
}

func statLine(branch, cohort, id string, s Stat, v *float64) []string {
	if s.Suppressed {
		return hidden(branch, cohort, id)
	}
	return []string{branch, cohort, id, "", strconv.Itoa(s.N), "", "", figure(v), "", "", "false"}
}

func costLines(c Cost) [][]string {
	branch := c.Branch
	if branch == "" {
		branch = "total"
	}
	year, amount := strconv.Itoa(c.Year), strconv.FormatFloat(c.AmountEUR, 'f', 2, 64)
	line := func(id string, n Count, pending string, v *float64) []string {
		if n.Suppressed {
			return append(hidden(branch, year, id)[:3], amount, "", "", "", "", "", "", "true")
		}
		return []string{branch, year, id, amount, strconv.Itoa(n.N), "", pending, figure(v), "", "", "false"}
	}
	return [][]string{line(CostPerStartedDuo, c.Started, "", c.PerStartedDuo),
		line(CostPerPositiveExit, c.PositiveExits, strconv.Itoa(c.PendingExits), c.PerPositiveExit)}
}

func hidden(branch, cohort, id string) []string {
	return []string{branch, cohort, id, "", "", "", "", "", "", "", "true"}
}

func figure(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 4, 64)
}
