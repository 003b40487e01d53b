package hooks_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/hooks"
	. "github.com/duoforajob/duo/internal/testkit"
)

// writeRoutes lists every route of the router that takes a body ("POST /api/..."), read from
// the router itself, so that a route added tomorrow is tried too. PocketBase keeps a group's
// routes unexported: reflection reads them.
func writeRoutes(group reflect.Value, prefix string) []string {
	g := group.Elem()
	prefix += g.FieldByName("Prefix").String()
	var out []string
	children := g.FieldByName("children")
	for i := range children.Len() {
		child := children.Index(i).Elem() // a *Route or a *RouterGroup
		if strings.HasPrefix(child.Elem().Type().Name(), "RouterGroup") {
			out = append(out, writeRoutes(child, prefix)...)
			continue
		}
		method := child.Elem().FieldByName("Method").String()
		if slices.Contains([]string{http.MethodPost, http.MethodPut, http.MethodPatch}, method) {
			out = append(out, method+" "+prefix+child.Elem().FieldByName("Path").String())
		}
	}
	return out
}

var pathParam = regexp.MustCompile(`\{(\w+)(\.\.\.)?\}`)

// urlsOf fills a route's parameters: every collection for {collection} (with one of its
// records for {id}), a person of the branch for any other {id}, a made-up value elsewhere.
func urlsOf(t *testing.T, app core.App, path string) []string {
	fill := func(path, collection string) string {
		return pathParam.ReplaceAllStringFunc(path, func(p string) string {
			switch p {
			case "{collection}":
				return collection
			case "{id}":
				if collection == "" {
					return FreeMentee
				}
				if r, err := app.FindFirstRecordByFilter(collection, ""); err == nil {
					return r.Id
				}
			}
			return "made0up0value00"
		})
	}
	if !strings.Contains(path, "{collection}") {
		return []string{fill(path, "")}
	}
	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, c := range all {
		urls = append(urls, fill(path, c.Name))
	}
	return urls
}

// A body that is JSON but not an object, on every route that takes a body, by every kind of
// caller who may use one: a 400 naming the body, never a 500 (a hook writing into the nil map
// PocketBase makes of null panicked) nor a vaguer 400.
func TestEveryWriteRouteRefusesABodyThatIsNotAnObject(t *testing.T) {
	app := App(t)
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	if err := app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		mux, err = e.Router.BuildMux()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	routes := writeRoutes(reflect.ValueOf(router.RouterGroup), "")
	for _, want := range []string{"POST /api/collections/{collection}/records", "PATCH /api/collections/{collection}/records/{id}",
		"POST /api/sync/push", "POST /api/devices", "POST /api/console/people/{id}/invite", "POST /api/people/{id}/erase"} {
		if !slices.Contains(routes, want) {
			t.Fatalf("the router's routes were not read (no %s among %v)", want, routes)
		}
	}
	bodies := []string{`null`, `[]`, `[1]`, `42`, `"x"`, `true`, " \n null"}
	callers := []string{Coord, DuoMentor, Superuser, Anonymous}
	tried := 0
	for _, route := range routes {
		method, path, _ := strings.Cut(route, " ")
		for _, url := range urlsOf(t, app, path) {
			for _, caller := range callers {
				for _, body := range bodies {
					tried++
					res := sendBody(t, mux, caller, method, url, "application/json", strings.NewReader(body))
					if res.Code != http.StatusBadRequest || !strings.Contains(res.Body.String(), `"body":{"code":"`+hooks.CodeBodyNotObject+`"`) {
						t.Errorf("%s %s as %q with %q: %d %s", method, url, caller, body, res.Code, res.Body)
					}
				}
			}
		}
	}
	t.Logf("%d routes, %d requests", len(routes), tried)
}

// The same for a form whose @jsonPayload is not an object, and objects still get through.
func TestBodyShapeOfFormsAndObjects(t *testing.T) {
	form := func(payload string) (string, *bytes.Buffer) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("@jsonPayload", payload)
		_ = w.Close()
		return w.FormDataContentType(), &buf
	}
	cases := []struct {
		name, caller, method, url, payload string
		json                               bool
		refused                            bool
	}{
		{"a form's null payload, making an account", Coord, "POST", "/api/collections/users/records", `null`, false, true},
		{"a form's list payload", Coord, "POST", "/api/collections/users/records", `[1]`, false, true},
		{"a form's object payload", Coord, "POST", "/api/collections/users/records", `{"name":"Zoé"}`, false, false},
		{"an empty object, making an account", Coord, "POST", "/api/collections/users/records", `{}`, true, false},
		{"an object after white space", DuoMentor, "PATCH", "/api/collections/meetings/records/" + MeetingOne, "\n {\"notes\":\"ok\"}", true, false},
		{"a push", DuoMentor, "POST", "/api/sync/push", `{"clientId":"phone-0001","mutations":[]}`, true, false},
	}
	h := Handler(t, App(t))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var res *httptest.ResponseRecorder
			if c.json {
				res = sendBody(t, h, c.caller, c.method, c.url, "application/json", strings.NewReader(c.payload))
			} else {
				contentType, body := form(c.payload)
				res = sendBody(t, h, c.caller, c.method, c.url, contentType, body)
			}
			refused := strings.Contains(res.Body.String(), hooks.CodeBodyNotObject)
			if refused != c.refused || res.Code >= 500 || (c.refused && res.Code != http.StatusBadRequest) {
				t.Errorf("%d %s", res.Code, res.Body)
			}
		})
	}
}

func sendBody(t *testing.T, h http.Handler, caller, method, url, contentType string, body io.Reader) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, url, body)
	req.Header.Set("Content-Type", contentType)
	for k, v := range Auth(t, caller) {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
