package matching

import (
	"net/http"
	"strconv"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/i18n"
)

// SuggestionsRoute answers ranked mentors for a mentee: GET /api/console/suggestions?mentee=<id>.
const SuggestionsRoute = "/api/console/suggestions"

// Limits of ?limit=.
const (
	DefaultLimit = 10
	MaxLimit     = 50
)

// Bind registers the matching routes on app.
func Bind(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(SuggestionsRoute, suggestions).Bind(apis.RequireAuth())
		return se.Next()
	})
}

// suggestions: the coordinators of the mentee's branch (and superusers) read them; for
// anyone else, or a person who is not a mentee, the mentee is "not found".
func suggestions(e *core.RequestEvent) error {
	actor := access.ActorFrom(e.Auth)
	if !actor.IsSuperuser() && actor.Role() != access.RoleCoordinator {
		return e.ForbiddenError("The console is for the programme's staff.", nil)
	}
	q := e.Request.URL.Query()
	limit := DefaultLimit
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxLimit {
			return e.BadRequestError("Invalid request.", validation.Errors{"limit": validation.NewError("validation_max_number_constraint",
				"Must be at most {{.max}}.").SetParams(map[string]any{"max": MaxLimit})})
		}
		limit = n
	}
	mentee, err := e.App.FindRecordById("users", q.Get("mentee"))
	if err != nil || mentee.GetString("role") != access.RoleMentee || !mentee.GetDateTime("erased_at").IsZero() ||
		(!actor.IsSuperuser() && !actor.IsCoordinatorOf(mentee.GetString("branch"))) {
		return e.NotFoundError("", err)
	}
	list, err := Suggest(e.App, mentee.Id, limit)
	if err != nil {
		return e.InternalServerError("", err)
	}
	locale := i18n.LocaleFor(e.Auth, e.Request.Header.Get("Accept-Language"))
	for i := range list {
		for j := range list[i].Reasons {
			r := &list[i].Reasons[j]
			r.Text, _ = i18n.Code(locale, "duo_match_"+r.Code, map[string]any{"values": strings.Join(r.Values, ", "), "count": r.Count})
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"mentee": mentee.Id, "suggestions": list})
}
