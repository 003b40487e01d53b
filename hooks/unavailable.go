package hooks

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/i18n"
	"github.com/duoforajob/duo/internal/dbfail"
)

// bindUnavailable answers 503 on every route when the server's own storage fails (disk full,
// database busy, I/O error). PocketBase answers a save that failed so with 400 "could not be
// saved", which an app reads as invalid data and drops; and a token whose lookup failed makes
// the request anonymous, whose 404 an app reads as "deleted".
func bindUnavailable(e *core.ServeEvent) {
	e.Router.Bind(&hook.Handler[*core.RequestEvent]{
		Id: "duoUnavailable",
		// Outside PocketBase's token lookup, so that it can load the caller first; outside the
		// translation of errors, so that it translates its own answer.
		Priority: apis.DefaultLoadAuthTokenMiddlewarePriority - 1,
		Func: func(e *core.RequestEvent) error {
			if err := loadAuth(e); err != nil {
				return unavailable(e, err)
			}
			err := e.Next()
			if err != nil && dbfail.Is(err) {
				return unavailable(e, err)
			}
			return err
		},
	})
}

// loadAuth finds the caller of the request's token as PocketBase's middleware does (which then
// keeps it), but tells a token it does not know from a lookup that failed.
func loadAuth(e *core.RequestEvent) error {
	token := e.Request.Header.Get("Authorization")
	if len(token) > 7 && strings.EqualFold(token[:7], "Bearer ") {
		token = token[7:]
	}
	if token == "" || e.Auth != nil {
		return nil
	}
	record, err := e.App.FindAuthRecordByToken(token, core.TokenTypeAuth)
	if err != nil {
		if dbfail.Is(err) {
			return err
		}
		return nil // an unknown or expired token: PocketBase decides
	}
	e.Auth = record
	return nil
}

// unavailable is the 503 for a failure of storage, in the caller's language; the cause stays
// as raw data for the logs, never in the answer.
func unavailable(e *core.RequestEvent, cause error) error {
	apiErr := router.NewApiError(http.StatusServiceUnavailable, "The server could not do this now; nothing was saved. Try again later.", cause)
	apiErr.Data = map[string]any{}
	i18n.Localize(apiErr, i18n.LocaleFor(e.Auth, e.Request.Header.Get("Accept-Language")))
	return apiErr
}
