package testkit

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Handler serves the app's whole HTTP stack (routes, middlewares, hooks) in-process, for
// benchmarks that send many requests to one database.
func Handler(tb testing.TB, app core.App) http.Handler {
	tb.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		tb.Fatal(err)
	}
	var mux http.Handler
	serve := &core.ServeEvent{App: app, Router: router}
	err = app.OnServe().Trigger(serve, func(e *core.ServeEvent) error {
		mux, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return mux
}

// Send makes one request as caller and returns the recorded response.
func Send(tb testing.TB, h http.Handler, caller, method, url, body string) *httptest.ResponseRecorder {
	return SendWith(tb, h, caller, method, url, body, nil)
}

// SendWith is Send with extra headers.
func SendWith(tb testing.TB, h http.Handler, caller, method, url, body string, headers map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if strings.HasPrefix(url, "/api/sync/") {
		req.Header.Set("X-Duo-Schema", "1") // as every app does; a test may send another
	}
	for k, v := range Auth(tb, caller) {
		req.Header.Set(k, v)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
