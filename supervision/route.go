package supervision

import (
	"net/http"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
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
		return se.Next()
	})
}

// overview: a coordinator reads their own branch (another branch is "not found"), a superuser
// names the branch; mentors and mentees supervise nobody.
func overview(e *core.RequestEvent, now time.Time) error {
	branch := e.Request.URL.Query().Get("branch")
	actor := access.ActorFrom(e.Auth)
	switch {
	case actor.IsSuperuser():
		if branch == "" {
			return e.BadRequestError("Name the branch.", validation.Errors{"branch": validation.ErrRequired})
		}
	case actor.Role() == access.RoleCoordinator:
		own := e.Auth.GetString("branch")
		if branch != "" && branch != own {
			return e.NotFoundError("", nil)
		}
		branch = own
	default:
		return e.ForbiddenError("The console is for the programme's staff.", nil)
	}
	if _, err := e.App.FindRecordById("branches", branch); err != nil {
		return e.NotFoundError("", nil)
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
