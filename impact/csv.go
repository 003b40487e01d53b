package impact

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// CSVRoute answers the same table as TableRoute, one line per group and measure:
// GET /api/impact.csv. It leaves the branch, so small cells are always suppressed.
const CSVRoute = "/api/impact.csv"

var csvHeader = []string{"branch", "cohort", "measure", "numerator", "denominator", "unknown", "pending",
	"value", "low", "high", "suppressed"}

// tableCSV writes the table line by line, flushing as it goes.
func tableCSV(e *core.RequestEvent, now time.Time) error {
	q, err := tableQuery(e)
	if err != nil {
		return err
	}
	groups, err := Table(e.App, q, now)
	if err != nil {
		return e.InternalServerError("", err)
	}
	suppress(groups)
	h := e.Response.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="duo-impact.csv"`)
	e.Response.WriteHeader(http.StatusOK)
	w := csv.NewWriter(e.Response)
	if err := w.Write(csvHeader); err != nil {
		return err
	}
	for _, g := range groups {
		branch, cohort := g.Branch, g.Cohort
		if branch == "" && cohort == "" {
			branch, cohort = "total", "total"
		}
		for _, id := range Measures {
			if err := w.Write(csvLine(branch, cohort, id, g.Measures[id])); err != nil {
				return err
			}
		}
		w.Flush()
	}
	w.Flush()
	return w.Error()
}

func csvLine(branch, cohort, id string, r Rate) []string {
	if r.Suppressed {
		return []string{branch, cohort, id, "", "", "", "", "", "", "", "true"}
	}
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', 4, 64)
	}
	return []string{branch, cohort, id, strconv.Itoa(r.Numerator), strconv.Itoa(r.Denominator), strconv.Itoa(r.Unknown),
		strconv.Itoa(r.Pending), f(r.Value), f(r.Low), f(r.High), "false"}
}
