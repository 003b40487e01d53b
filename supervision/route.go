package supervision

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/i18n"
)

// OverviewRoute answers a branch's overview: GET /api/console/overview[?branch=<id>].
const OverviewRoute = "/api/console/overview"

// Bind registers the supervision routes on app.
func Bind(app core.App, now func() time.Time) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(OverviewRoute, func(e *core.RequestEvent) error { return overview(e, now()) }).Bind(apis.RequireAuth())
		se.Router.GET(EvaluationsRoute, func(e *core.RequestEvent) error { return evaluations(e, now()) }).Bind(apis.RequireAuth())
		se.Router.BindFunc(nameTheSubject)
		return se.Next()
	})
}

// overview: a coordinator reads their own branch (another branch is "not found"), a superuser
// names the branch; mentors and mentees supervise nobody.
func overview(e *core.RequestEvent, now time.Time) error {
	branch, err := access.ConsoleBranch(e)
	if err != nil {
		return err
	}
	o, err := Build(e.App, branch, now)
	if err != nil {
		return e.InternalServerError("", err)
	}
	locale := i18n.LocaleFor(e.Auth, e.Request.Header.Get("Accept-Language"))
	for i := range o.AtRisk {
		for j := range o.AtRisk[i].Reasons {
			r := &o.AtRisk[i].Reasons[j]
			r.Text, _ = i18n.Code(locale, "duo_risk_"+r.Code, map[string]any{"days": r.Days, "count": r.N, "date": r.Date})
		}
	}
	return e.JSON(http.StatusOK, o)
}
