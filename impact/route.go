package impact

import (
	"net/http"
	"regexp"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// TableRoute answers the impact table: GET /api/impact?by=quarter[&branch=&from=&to=].
const TableRoute = "/api/impact"

// Bind registers the impact routes on app, and the cell keys of the records they count.
func Bind(app core.App, now func() time.Time) {
	bindKeys(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(TableRoute, func(e *core.RequestEvent) error { return table(e, now()) }).Bind(apis.RequireAuth())
		se.Router.GET(CSVRoute, func(e *core.RequestEvent) error { return tableCSV(e, now()) }).Bind(apis.RequireAuth())
		se.Router.GET(ExportRoute, func(e *core.RequestEvent) error { return export(e, now()) }).Bind(apis.RequireAuth())
		return se.Next()
	})
}

var (
	monthKey   = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
	quarterKey = regexp.MustCompile(`^\d{4}-Q[1-4]$`)
)

// readQuery reads and checks the table's parameters, naming the first wrong one.
func readQuery(e *core.RequestEvent) (Query, error) {
	q := e.Request.URL.Query()
	query := Query{From: q.Get("from"), To: q.Get("to"), By: q.Get("by")}
	if query.By == "" {
		query.By = ByQuarter
	}
	errs := validation.Errors{}
	key := quarterKey
	switch query.By {
	case ByMonth:
		key = monthKey
	case ByQuarter, ByBranch:
	default:
		errs["by"] = validation.NewError("validation_invalid_value", "Invalid value.")
	}
	for field, v := range map[string]string{"from": query.From, "to": query.To} {
		if v != "" && !key.MatchString(v) {
			errs[field] = validation.NewError("validation_invalid_value", "Invalid value.")
		}
	}
	if len(errs) > 0 {
		return query, errs
	}
	return query, nil
}

// tableQuery resolves who may read which table: a coordinator their branch, a superuser one
// branch or all of them (with the total); mentors and mentees none.
func tableQuery(e *core.RequestEvent) (Query, error) {
	actor := access.ActorFrom(e.Auth)
	branch := e.Request.URL.Query().Get("branch")
	if actor.IsSuperuser() && branch != "" {
		if _, err := e.App.FindRecordById("branches", branch); err != nil {
			return Query{}, e.NotFoundError("", err)
		}
	}
	if !actor.IsSuperuser() {
		var err error
		if branch, err = access.ConsoleBranch(e); err != nil {
			return Query{}, err
		}
	}
	q, err := readQuery(e)
	if err != nil {
		return q, e.BadRequestError("Invalid request.", err)
	}
	q.Branch = branch
	return q, nil
}

// requestedReport computes the table a request asks for, protected where it leaves its
// branch (Publish): always for a file (leaving), for the JSON when it covers every branch.
func requestedReport(e *core.RequestEvent, now time.Time, leaving bool) (Query, *Report, error) {
	q, err := tableQuery(e)
	if err != nil {
		return q, nil, err
	}
	compute := Compute
	if leaving || q.Branch == "" {
		compute = Publish
	}
	report, err := compute(e.App, q, now)
	if err != nil {
		return q, nil, e.InternalServerError("", err)
	}
	return q, report, nil
}

// Perturbation says how the figures of an answer were protected (impact.md).
type Perturbation struct {
	Method   string  `json:"method"`
	MaxNoise int     `json:"maxNoise"` // per month and cell
	Variance float64 `json:"variance"` // of each cell's noise
}

// table answers the table as JSON; outside one branch, protected (Publish), and it says so.
func table(e *core.RequestEvent, now time.Time) error {
	q, report, err := requestedReport(e, now, false)
	if err != nil {
		return err
	}
	var perturbation *Perturbation // null: the branch's own exact figures
	if report.Perturbed {
		perturbation = &Perturbation{Method: "cell key", MaxNoise: maxNoise, Variance: perturbVariance}
	}
	return e.JSON(http.StatusOK, map[string]any{"branch": q.Branch, "by": q.By, "from": q.From, "to": q.To,
		"minCell": MinCell, "perturbation": perturbation, "groups": report.Groups, "costs": report.Costs,
		"funnel": report.Funnel})
}
