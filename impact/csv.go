package impact

import (
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/safecsv"
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
// (numerator alone), its medians and means (denominator: over how many), then the funnel's
// cohorts (their steps as counts, then their rates), then the costs.
func tableCSV(e *core.RequestEvent, now time.Time) error {
	_, report, err := requestedReport(e, now, true)
	if err != nil {
		return err
	}
	h := e.Response.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="duo-impact.csv"`)
	e.Response.WriteHeader(http.StatusOK)
	w := safecsv.NewWriter(e.Response)
	_ = w.Write(safecsv.Texts(csvHeader...))
	for _, g := range report.Groups {
		for _, line := range groupLines(g) {
			_ = w.Write(line)
		}
		w.Flush()
	}
	for _, f := range report.Funnel {
		for _, line := range funnelLines(f) {
			_ = w.Write(line)
		}
	}
	for _, c := range report.Costs {
		for _, line := range costLines(c) {
			_ = w.Write(line)
		}
	}
	w.Flush()
	return w.Error()
}

func groupLines(g Group) [][]safecsv.Cell {
	branch, cohort := g.Branch, g.Cohort
	if branch == "" && cohort == "" {
		branch, cohort = "total", "total"
	}
	var lines [][]safecsv.Cell
	for _, id := range append(slices.Clone(Measures), IntakeRates...) {
		lines = append(lines, rateLine(branch, cohort, id, g.Measures[id]))
	}
	lines = append(lines, countLine(branch, cohort, startedID, Count{N: g.Started, Suppressed: g.Suppressed}))
	for _, id := range slices.Sorted(maps.Keys(g.Counts)) {
		lines = append(lines, countLine(branch, cohort, id, g.Counts[id]))
	}
	for _, id := range Stats {
		s := g.Stats[id]
		lines = append(lines, statLine(branch, cohort, id+":median", s, s.Median), statLine(branch, cohort, id+":mean", s, s.Mean))
	}
	return lines
}

// funnelLines: a funnel cohort's steps (counts) and its rates.
func funnelLines(f FunnelGroup) [][]safecsv.Cell {
	branch, cohort := f.Branch, f.Cohort
	if branch == "" && cohort == "" {
		branch, cohort = "total", "total"
	}
	var lines [][]safecsv.Cell
	for _, id := range FunnelStepIDs() {
		lines = append(lines, countLine(branch, cohort, id, f.Steps[id]))
	}
	for _, id := range FunnelRateIDs() {
		lines = append(lines, rateLine(branch, cohort, id, f.Rates[id]))
	}
	return lines
}

// Cells of the lines: texts (neutralised by safecsv), numbers as numbers, nothing as empty.
var (
	text  = safecsv.Text
	num   = safecsv.Int
	empty = safecsv.Text("")
	shown = safecsv.Text("false") // the suppressed column
	hides = safecsv.Text("true")
)

func rateLine(branch, cohort, id string, r Rate) []safecsv.Cell {
	if r.Suppressed {
		return hidden(branch, cohort, id)
	}
	return []safecsv.Cell{text(branch), text(cohort), text(id), num(r.Numerator), num(r.Denominator), num(r.Unknown),
		num(r.Pending), figure(r.Value), figure(r.Low), figure(r.High), shown}
}

func countLine(branch, cohort, id string, c Count) []safecsv.Cell {
	if c.Suppressed {
		return hidden(branch, cohort, id)
	}
	return []safecsv.Cell{text(branch), text(cohort), text(id), num(c.N), empty, empty, empty, empty, empty, empty, shown}
}

func statLine(branch, cohort, id string, s Stat, v *float64) []safecsv.Cell {
	if s.Suppressed {
		return hidden(branch, cohort, id)
	}
	return []safecsv.Cell{text(branch), text(cohort), text(id), empty, num(s.N), empty, empty, figure(v), empty, empty, shown}
}

func costLines(c Cost) [][]safecsv.Cell {
	branch := c.Branch
	if branch == "" {
		branch = "total"
	}
	year, amount := num(c.Year), safecsv.Float(c.AmountEUR, 2)
	line := func(id string, n Count, pending safecsv.Cell, v *float64) []safecsv.Cell {
		if n.Suppressed {
			return []safecsv.Cell{text(branch), year, text(id), amount, empty, empty, empty, empty, empty, empty, hides}
		}
		return []safecsv.Cell{text(branch), year, text(id), amount, num(n.N), empty, pending, figure(v), empty, empty, shown}
	}
	return [][]safecsv.Cell{line(CostPerStartedDuo, c.Started, empty, c.PerStartedDuo),
		line(CostPerPositiveExit, c.PositiveExits, pendingCell(c.PendingExits), c.PerPositiveExit)}
}

// pendingCell: the pending exits of a cost line, empty when hidden.
func pendingCell(n Count) safecsv.Cell {
	if n.Suppressed {
		return empty
	}
	return num(n.N)
}

func hidden(branch, cohort, id string) []safecsv.Cell {
	return []safecsv.Cell{text(branch), text(cohort), text(id), empty, empty, empty, empty, empty, empty, empty, hides}
}

func figure(p *float64) safecsv.Cell {
	if p == nil {
		return empty
	}
	return safecsv.Float(*p, 4)
}
