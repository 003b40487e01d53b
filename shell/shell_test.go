package shell_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/duoforajob/duo/config"
	"github.com/duoforajob/duo/hooks"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/shell"
)

func TestMain(m *testing.M) { Run(m) }

// served is the app as the server serves it, from the repository's files.
func served(t *testing.T, push *config.WebPush) http.Handler {
	t.Helper()
	app := AppWith(t, hooks.Options{Public: os.DirFS("../pb_public"), Kit: os.DirFS("../clients/js/src"),
		Config: config.Config{WebPush: push}})
	return Handler(t, app)
}

func versionOf(t *testing.T, h http.Handler) string {
	t.Helper()
	var s shell.Settings
	res := Send(t, h, Anonymous, "GET", shell.SettingsPath, "")
	if err := json.Unmarshal(res.Body.Bytes(), &s); err != nil || len(s.Version) != 12 {
		t.Fatalf("settings %d %s", res.Code, res.Body)
	}
	return s.Version
}

// The page, the worker and the manifest have fixed addresses, are revalidated at every start
// (a 304 while the version stands) and name this version's files; those files are kept for
// good; everything carries the app's strict policy.
func TestTheAppIsServed(t *testing.T) {
	h := served(t, nil)
	version := versionOf(t, h)
	files := "/app/v/" + version + "/"
	cases := []struct {
		name, url    string
		status       int
		cache, ctype string
		want         []string
	}{
		{"the page", "/app/", 200, "no-cache", "text/html", []string{`src="v/` + version + `/main.js"`, `href="manifest.webmanifest"`,
			`<link rel="modulepreload" href="v/` + version + `/screens/signin.js">`,
			`<link rel="preload" as="fetch" crossorigin href="v/` + version + `/locales/fr.json">`}},
		{"the page by its name", "/app/index.html", 200, "no-cache", "text/html", []string{version}},
		{"the worker", "/app/sw.js", 200, "no-cache", "text/javascript", []string{"const VERSION = '" + version + "'", "kit/index.js", "main.js"}},
		{"the manifest", "/app/manifest.webmanifest", 200, "no-cache", "application/manifest+json", []string{`"start_url": "/app/"`, files + "icons/icon-192.png"}},
		{"a module", files + "main.js", 200, "immutable", "text/javascript", []string{"import PocketBase"}},
		{"the kit, beside the app", files + "kit/index.js", 200, "immutable", "text/javascript", []string{"export { SyncClient }"}},
		{"the SDK", files + "vendor/pocketbase.es.mjs", 200, "immutable", "text/javascript", nil},
		{"a catalog", files + "locales/nl.json", 200, "immutable", "application/json", []string{`"tab.home": "Start"`}},
		{"an icon", files + "icons/icon-512.png", 200, "immutable", "image/png", nil},
		{"an older version's file: this version's, revalidated", "/app/v/0123456789ab/main.js", 200, "no-cache", "text/javascript", nil},
		{"the page is no versioned file", files + "index.html", 404, "", "", nil},
		{"nor the worker", files + "sw.js", 404, "", "", nil},
		{"a file outside the versions", "/app/main.js", 404, "", "", nil},
		{"a file that is not there", files + "nothing.js", 404, "", "", nil},
		{"a way out of the folder", files + "..%2f..%2fmain.go", 404, "", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := Send(t, h, Anonymous, "GET", c.url, "")
			if res.Code != c.status {
				t.Fatalf("%d, want %d", res.Code, c.status)
			}
			if c.status != 200 {
				return
			}
			hd := res.Header()
			if !strings.Contains(hd.Get("Cache-Control"), c.cache) || !strings.HasPrefix(hd.Get("Content-Type"), c.ctype) {
				t.Errorf("Cache-Control %q Content-Type %q", hd.Get("Cache-Control"), hd.Get("Content-Type"))
			}
			if csp := hd.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") || !strings.Contains(csp, "connect-src 'self';") ||
				hd.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("policy %q", csp)
			}
			for _, w := range c.want {
				if !bytes.Contains(res.Body.Bytes(), []byte(w)) {
					t.Errorf("no %q in %.300s", w, res.Body)
				}
			}
			if bytes.Contains(res.Body.Bytes(), []byte("__DUO_")) {
				t.Error("a placeholder is left")
			}
		})
	}
	t.Run("a page the browser holds is not sent again", func(t *testing.T) {
		res := SendWith(t, h, Anonymous, "GET", "/app/", "", map[string]string{"If-None-Match": `"` + version + `-fr"`})
		if res.Code != http.StatusNotModified || res.Body.Len() != 0 {
			t.Errorf("%d, %d bytes", res.Code, res.Body.Len())
		}
	})
	t.Run("the files travel compressed", func(t *testing.T) {
		res := SendWith(t, h, Anonymous, "GET", files+"kit/schema.js", "", map[string]string{"Accept-Encoding": "gzip"})
		if res.Code != 200 || res.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("%d, Content-Encoding %q", res.Code, res.Header().Get("Content-Encoding"))
		}
	})
	t.Run("the app's address without its slash", func(t *testing.T) {
		res := Send(t, h, Anonymous, "GET", "/app", "")
		if res.Code != http.StatusMovedPermanently || res.Header().Get("Location") != "/app/" {
			t.Errorf("%d to %q", res.Code, res.Header().Get("Location"))
		}
	})
}

// The worker keeps every file a start needs, each served under the version, and none of those
// loaded only when needed (Firebase's) or written beside the libraries (licences, records).
func TestTheWorkerKeepsWhatAStartNeeds(t *testing.T) {
	h := served(t, nil)
	version := versionOf(t, h)
	worker := Send(t, h, Anonymous, "GET", "/app/sw.js", "").Body.String()
	_, rest, _ := strings.Cut(worker, "const SHELL = '")
	list, _, _ := strings.Cut(rest, "'")
	files := strings.Fields(list)
	for _, want := range []string{"main.js", "app.css", "kit/index.js", "kit/storage/indexeddb.js", "vendor/pocketbase.es.mjs", "locales/fr.json", "icons/icon-192.png"} {
		if !slices.Contains(files, want) {
			t.Errorf("%s is not kept", want)
		}
	}
	for _, f := range files {
		if strings.Contains(f, "firebase") || strings.HasSuffix(f, ".LICENSE") || strings.HasSuffix(f, "VENDOR.json") {
			t.Errorf("%s is kept", f)
		}
		if res := Send(t, h, Anonymous, "GET", "/app/v/"+version+"/"+f, ""); res.Code != 200 {
			t.Errorf("%s: %d", f, res.Code)
		}
	}
	if res := Send(t, h, Anonymous, "GET", "/app/v/"+version+"/vendor/firebase-messaging.js", ""); res.Code != 200 {
		t.Errorf("Firebase's file, loaded when needed: %d", res.Code)
	}
}

// The settings say the version and the agreement's texts; Firebase's web configuration and the
// two Firebase services in the policy only when the server has it.
func TestSettingsSayWhetherWebPushIsOn(t *testing.T) {
	push := &config.WebPush{APIKey: "AIzaExample", ProjectID: "duo-prod", MessagingSenderID: "123", AppID: "1:123:web:abc", VapidKey: "BKey"}
	for _, c := range []struct {
		name string
		push *config.WebPush
	}{{"without Firebase", nil}, {"with Firebase's web configuration", push}} {
		t.Run(c.name, func(t *testing.T) {
			h := served(t, c.push)
			res := Send(t, h, Anonymous, "GET", shell.SettingsPath, "")
			var s shell.Settings
			if err := json.Unmarshal(res.Body.Bytes(), &s); err != nil {
				t.Fatal(err)
			}
			if res.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", res.Header().Get("Cache-Control"))
			}
			if (s.Push != nil) != (c.push != nil) || (s.Push != nil && s.Push.VapidKey != "BKey") {
				t.Errorf("push %+v", s.Push)
			}
			if !strings.HasPrefix(s.Agreement["nl"], "Mentoringovereenkomst") || !strings.HasPrefix(s.Agreement["fr"], "Convention") {
				t.Errorf("agreement texts %v", s.Agreement)
			}
			csp := Send(t, h, Anonymous, "GET", "/app/", "").Header().Get("Content-Security-Policy")
			if strings.Contains(csp, "fcmregistrations.googleapis.com") != (c.push != nil) {
				t.Errorf("policy %q", csp)
			}
		})
	}
}

// Any change of a file of the app or of the kit is a new version (a new address for every
// file, a new worker for the browser to notice).
func TestAChangedFileIsANewVersion(t *testing.T) {
	files := fstest.MapFS{"index.html": {Data: []byte("v/__DUO_VERSION__/main.js")}, "main.js": {Data: []byte("1")}, "sw.js": {Data: []byte("x")},
		"app.css": {Data: []byte("body {}")}}
	kit := fstest.MapFS{"index.js": {Data: []byte("export {}")}}
	versionWith := func(files, kit fstest.MapFS) string {
		s, err := shell.New(shell.Options{Files: files, Kit: kit})
		if err != nil {
			t.Fatal(err)
		}
		return s.Version()
	}
	first := versionWith(files, kit)
	if again := versionWith(files, kit); again != first {
		t.Errorf("the same files give %s and %s", first, again)
	}
	changedApp := maps.Clone(files)
	changedApp["main.js"] = &fstest.MapFile{Data: []byte("2")}
	changedKit := maps.Clone(kit)
	changedKit["index.js"] = &fstest.MapFile{Data: []byte("export { x }")}
	movedFile := maps.Clone(files)
	movedFile["style.css"] = movedFile["app.css"]
	delete(movedFile, "app.css")
	for name, v := range map[string]string{"the app changed": versionWith(changedApp, kit), "the kit changed": versionWith(files, changedKit),
		"a file renamed": versionWith(movedFile, kit)} {
		if v == first {
			t.Errorf("%s: still %s", name, v)
		}
	}
}

// The page names every module the app imports before it starts, each once, and no module
// it loads later (the session beside the first screen, other screens, Firebase) nor one
// nothing imports; and the catalog of the browser's language.
func TestThePagePreloadsWhatTheAppImports(t *testing.T) {
	h := served(t, nil)
	version := versionOf(t, h)
	cases := []struct{ acceptLanguage, catalog string }{
		{"nl-BE,nl;q=0.9,en;q=0.8", "nl"}, {"de-DE,de;q=0.9,en;q=0.5", "en"}, {"ar", "fr"}, {"", "fr"},
	}
	for _, c := range cases {
		page := SendWith(t, h, Anonymous, "GET", "/app/", "", map[string]string{"Accept-Language": c.acceptLanguage}).Body.String()
		if !strings.Contains(page, `href="v/`+version+`/locales/`+c.catalog+`.json"`) {
			t.Errorf("%q: not the %s catalog", c.acceptLanguage, c.catalog)
		}
	}
	page := Send(t, h, Anonymous, "GET", "/app/", "").Body.String()
	var preloaded []string
	for _, line := range strings.Split(page, "\n") {
		if _, rest, ok := strings.Cut(line, `rel="modulepreload" href="v/`+version+`/`); ok {
			preloaded = append(preloaded, strings.TrimSuffix(strings.TrimSpace(rest), `">`))
		}
	}
	for _, want := range []string{"main.js", "vendor/pocketbase.es.mjs", "i18n.js", "screens/routes.js", "screens/signin.js"} {
		if !slices.Contains(preloaded, want) {
			t.Errorf("%s is not preloaded", want)
		}
	}
	// What loads beside the first screen, or when needed: the session (the kit), other screens, Firebase.
	for _, not := range []string{"session.js", "kit/client.js", "screens/home.js", "screens/meetings.js", "push.js",
		"vendor/firebase-messaging.js", "vendor/firebase-app.js", "kit/storage/sql.js", "kit/index.js", "sw.js"} {
		if slices.Contains(preloaded, not) {
			t.Errorf("%s is preloaded", not)
		}
	}
	if len(preloaded) != len(slices.Compact(slices.Sorted(slices.Values(preloaded)))) {
		t.Errorf("a module is named twice: %v", preloaded)
	}
}
