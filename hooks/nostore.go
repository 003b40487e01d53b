package hooks

import (
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// bindNoStore marks every API answer as never to be stored by a browser, a proxy or the
// SDK's HTTP cache: nearly all carry personal data (records, exports, the console's
// rosters, pulls) or a token (sign-ins), and the few that do not gain nothing from a cache.
// Set before the route runs, so that PocketBase's own "if missing" defaults leave it be.
func bindNoStore(e *core.ServeEvent) {
	e.Router.Bind(&hook.Handler[*core.RequestEvent]{
		Id:       "duoNoStore",
		Priority: apis.DefaultLoadAuthTokenMiddlewarePriority + 1,
		Func: func(e *core.RequestEvent) error {
			if strings.HasPrefix(e.Request.URL.Path, "/api/") {
				e.Response.Header().Set("Cache-Control", "no-store")
			}
			return e.Next()
		},
	})
}
