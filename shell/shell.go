// Package shell serves the mentors' and mentees' web app at /app/: its files under a version
// in the path (cached for good), its page and service worker (revalidated at every start), its
// manifest, and the settings the app reads from the server.
package shell

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/config"
)

// Where the app lives, and where its versioned files are: Root + "v/" + version + "/".
const (
	Root         = "/app/"
	SettingsPath = "/api/app/settings"
)

// The placeholders the page and the service worker hold, filled when they are served.
const (
	versionMark = "__DUO_VERSION__"
	shellMark   = "__DUO_SHELL__"
	preloadMark = "__DUO_PRELOAD__"
)

// lazyPrefix marks the files not worth fetching before they are needed (Firebase's messaging
// code, some 100 KB, for those who turn notifications on): the worker keeps them once fetched.
const lazyPrefix = "vendor/firebase-"

// Options are what the app is made of.
type Options struct {
	// Files is pb_public/app: index.html, sw.js, manifest.webmanifest and the rest.
	Files fs.FS
	// Kit is the sync client kit's modules (clients/js/src), served beside them as kit/.
	Kit fs.FS
	// Push is the Firebase web configuration; nil when the app offers no notifications.
	Push *config.WebPush
	// Agreement is the mentoring agreement's standard text by language: the app shows the
	// reader's when their agreement holds the branch language's, unadapted.
	Agreement map[string]string
}

// Shell is the app as served: its files, their version and the worker's precache list.
type Shell struct {
	files    fs.FS
	version  string
	precache []string
	modules  []string
	push     *config.WebPush
	agree    map[string]string
}

// New reads the app's files once and names their version: a hash of every path and content,
// so that any change of the app or the kit is a new version.
func New(opts Options) (*Shell, error) {
	files := merged{app: opts.Files, kit: opts.Kit}
	sum := sha256.New()
	var precache []string
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		sum.Write([]byte(name + "\x00"))
		sum.Write(body)
		sum.Write([]byte{0})
		if precached(name) {
			precache = append(precache, name)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(precache)
	modules, err := modulesOf(files, entry)
	if err != nil {
		return nil, fmt.Errorf("the modules %s imports: %w", entry, err)
	}
	return &Shell{files: files, version: hex.EncodeToString(sum.Sum(nil))[:12], precache: precache, modules: modules,
		push: opts.Push, agree: opts.Agreement}, nil
}

// Version names this build of the app (and of the kit inside it).
func (s *Shell) Version() string { return s.version }

// precached: the files a first visit fetches for the worker to keep, the app's and the kit's;
// not what loads only when needed, nor the licences and records beside the libraries.
func precached(name string) bool {
	return servedVersioned(name) && !strings.HasPrefix(name, lazyPrefix) && !strings.HasSuffix(name, ".LICENSE") &&
		path.Base(name) != "VENDOR.json"
}

// servedVersioned: the page, the worker and the manifest have fixed addresses; the rest is
// served under the version.
func servedVersioned(name string) bool {
	return name != "index.html" && name != "sw.js" && name != "manifest.webmanifest"
}

// Bind registers the app's routes on the server.
func (s *Shell) Bind(e *core.ServeEvent) {
	e.Router.GET(strings.TrimSuffix(Root, "/"), func(e *core.RequestEvent) error {
		return e.Redirect(http.StatusMovedPermanently, Root)
	})
	e.Router.GET(Root+"{$}", s.page)
	e.Router.GET(Root+"index.html", s.page)
	e.Router.GET(Root+"sw.js", s.worker)
	e.Router.GET(Root+"manifest.webmanifest", s.manifest)
	e.Router.GET(Root+"v/{version}/{path...}", s.asset)
	e.Router.GET(Root+"{path...}", func(e *core.RequestEvent) error { return e.NotFoundError("", nil) })
	e.Router.GET(SettingsPath, s.settings)
}

// page is the app's one HTML page, naming this version's files; revalidated at every visit
// (a 304 while the version stands), so a new server's app is what the next start loads.
func (s *Shell) page(e *core.RequestEvent) error {
	return s.serveFilled(e, "index.html", "text/html; charset=utf-8")
}

// worker is the service worker: its bytes change with the version, which is how a browser
// learns of a new app (it compares the worker it has with the one served).
func (s *Shell) worker(e *core.RequestEvent) error {
	return s.serveFilled(e, "sw.js", "text/javascript; charset=utf-8")
}

func (s *Shell) manifest(e *core.RequestEvent) error {
	return s.serveFilled(e, "manifest.webmanifest", "application/manifest+json")
}

// serveFilled serves one of the fixed-address files with this version's placeholders filled.
func (s *Shell) serveFilled(e *core.RequestEvent, name, contentType string) error {
	body, err := fs.ReadFile(s.files, name)
	if err != nil {
		return e.NotFoundError("", err)
	}
	body = bytes.ReplaceAll(body, []byte(versionMark), []byte(s.version))
	body = bytes.ReplaceAll(body, []byte(shellMark), []byte(strings.Join(s.precache, " ")))
	lang := pageLanguage(e.Request.Header.Get("Accept-Language"))
	body = bytes.ReplaceAll(body, []byte(preloadMark), []byte(s.preloadLinks(lang)))
	h := s.headers(e)
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Language")
	etag := `"` + s.version + "-" + lang + `"`
	h.Set("ETag", etag)
	if e.Request.Header.Get("If-None-Match") == etag {
		return e.NoContent(http.StatusNotModified)
	}
	return e.Blob(http.StatusOK, contentType, body)
}

// asset serves a file under a version: kept for good by browsers when it is this version's
// (its address changes with its content); an old page asking for its own version's file while
// no worker holds it gets this version's, revalidated.
func (s *Shell) asset(e *core.RequestEvent) error {
	name := e.Request.PathValue("path")
	if !servedVersioned(name) || !fs.ValidPath(name) {
		return e.NotFoundError("", nil)
	}
	h := s.headers(e)
	if e.Request.PathValue("version") == s.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if path.Ext(name) == ".mjs" {
		h.Set("Content-Type", "text/javascript; charset=utf-8")
	}
	return e.FileFS(s.files, name)
}

// headers sets what every answer of the app carries, and returns the header map.
func (s *Shell) headers(e *core.RequestEvent) http.Header {
	h := e.Response.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", s.policy())
	return h
}

// Settings is what the app reads from GET /api/app/settings.
type Settings struct {
	// Version of the app the server serves: an app that runs another offers the update.
	Version string `json:"version"`
	// Push is Firebase's web configuration, or null when the server sends no web push.
	Push *config.WebPush `json:"push"`
	// Agreement is the agreement's standard text by language (fr, nl, en).
	Agreement map[string]string `json:"agreement"`
}

func (s *Shell) settings(e *core.RequestEvent) error {
	return e.JSON(http.StatusOK, Settings{Version: s.version, Push: s.push, Agreement: s.agree})
}

// The Firebase services a browser calls to get and drop its messaging token.
var firebaseHosts = []string{"https://firebaseinstallations.googleapis.com", "https://fcmregistrations.googleapis.com"}

// policy is the app's Content-Security-Policy: the page holds a person's token and their
// duo's data, so nothing but its own files runs, loads or frames it; Firebase's two services
// are reachable only when web push is on.
func (s *Shell) policy() string {
	connect := "'self'"
	if s.push != nil {
		connect += " " + strings.Join(firebaseHosts, " ")
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src " + connect +
		"; worker-src 'self'; manifest-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; " +
		"form-action 'self'; frame-ancestors 'none'"
}
