package hooks

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/i18n"
	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/shell"
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

// ConsoleCSP is the Content-Security-Policy of the coordinators' console: the page holds a
// coordinator's token, so nothing but its own files runs, loads or is framed.
const ConsoleCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// KitPath is where the sync client kit's modules are served: inside the app's scope, so that
// its service worker keeps them for offline starts.
const KitPath = "/app/kit/"

// bindKit serves the kit's modules as they are in clients/js/src, the files an npm user gets.
func bindKit(e *core.ServeEvent, kit fs.FS) {
	if kit == nil {
		return
	}
	e.Router.GET(KitPath+"{path...}", apis.Static(kit, false)).BindFunc(func(e *core.RequestEvent) error {
		h := e.Response.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache") // a new server's kit is seen at once
		return e.Next()
	})
}

// bindApp serves the mentors' and mentees' app (pb_public/app, with the kit inside it) at
// shell.Root, and its settings route.
func bindApp(e *core.ServeEvent, opts Options) error {
	if opts.Public == nil {
		return nil
	}
	files, err := fs.Sub(opts.Public, "app")
	if err != nil {
		return err
	}
	if _, err := fs.Stat(files, "index.html"); err != nil {
		return nil // a server without the app (some tests' pages)
	}
	agreement := map[string]string{}
	for _, lang := range i18n.Locales {
		agreement[lang] = lifecycle.Commitments(lang)
	}
	app, err := shell.New(shell.Options{Files: files, Kit: opts.Kit, Push: opts.Config.WebPush, Agreement: agreement})
	if err != nil {
		return fmt.Errorf("the app's files: %w", err)
	}
	app.Bind(e)
	return nil
}

// bindPublicPages serves pb_public at the root, after every API route, the console under its
// strict policy.
func bindPublicPages(e *core.ServeEvent, public fs.FS) {
	if public == nil || e.Router.HasRoute(http.MethodGet, "/{path...}") {
		return
	}
	e.Router.GET("/{path...}", apis.Static(public, false)).BindFunc(func(e *core.RequestEvent) error {
		h := e.Response.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		// The sign-up (/join/) holds a confirmation link's token: the same strict policy.
		if strings.HasPrefix(e.Request.URL.Path, "/console") || strings.HasPrefix(e.Request.URL.Path, "/join") {
			h.Set("Content-Security-Policy", ConsoleCSP)
			h.Set("Cache-Control", "no-cache") // a new version of the console is seen at once
		}
		return e.Next()
	})
}
