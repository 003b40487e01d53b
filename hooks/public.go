package hooks

import (
	"errors"
	"io/fs"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/i18n"
)

// bindErrorTranslation answers API errors in the caller's language (their account's, or
// their browser's), keeping the codes the app may rely on.
func bindErrorTranslation(e *core.ServeEvent) {
	e.Router.Bind(&hook.Handler[*core.RequestEvent]{
		Id:       "duoErrorLanguage",
		Priority: apis.DefaultLoadAuthTokenMiddlewarePriority + 1, // knows who asks, wraps the rest
		Func: func(e *core.RequestEvent) error {
			err := e.Next()
			var apiErr *router.ApiError
			if err != nil && errors.As(err, &apiErr) {
				i18n.Localize(apiErr, i18n.LocaleFor(e.Auth, e.Request.Header.Get("Accept-Language")))
			}
			return err
		},
	})
}

// bindPublicPages serves pb_public at the root, after every API route.
func bindPublicPages(e *core.ServeEvent, public fs.FS) {
	if public == nil || e.Router.HasRoute(http.MethodGet, "/{path...}") {
		return
	}
	e.Router.GET("/{path...}", apis.Static(public, false))
}
