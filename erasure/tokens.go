package erasure

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// IsPseudonym reports an erased person's stand-in: a users record with erased_at set.
func IsPseudonym(record *core.Record) bool {
	return record != nil && record.Collection().Name == "users" && !record.GetDateTime("erased_at").IsZero()
}

// bindTokens: an erased person never has a working token. The auth rule keeps a pseudonym
// from signing in, but not a superuser from impersonating it (PocketBase checks the rule as
// the superuser), nor a token minted some other way from being accepted: so no sign-in of
// any kind answers a pseudonym's token, and a request carrying one is anonymous on every
// route (401 where a route needs a person), decided where PocketBase loads the request's auth.
func bindTokens(app core.App) {
	app.OnRecordAuthRequest("users").BindFunc(func(e *core.RecordAuthRequestEvent) error {
		if IsPseudonym(e.Record) {
			return e.ForbiddenError("An erased person never signs in.", nil)
		}
		return e.Next()
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: "duoErasedTokens",
			// Right after PocketBase's own loading (bound before any OnServe hook, equal
			// priorities keep their order): every later middleware and route sees no auth.
			Priority: apis.DefaultLoadAuthTokenMiddlewarePriority,
			Func: func(e *core.RequestEvent) error {
				if IsPseudonym(e.Auth) {
					e.Auth = nil
				}
				return e.Next()
			},
		})
		return se.Next()
	})
}
