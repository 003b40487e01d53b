package testkit

import (
	"net/http"
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/hooks"
)

// DataDir is the server's data folder.
func (s *Server) DataDir() string { return s.dir }

// Server is a seeded duo server that can be restarted on its data folder mid-test, as a new
// process would: same files, fresh app, hooks bound again.
type Server struct {
	t       testing.TB
	App     core.App
	Handler http.Handler
	dir     string
}

// StartServer starts a server on a fresh copy of the seeded database.
func StartServer(t testing.TB) *Server {
	app := NewApp(t)
	s := &Server{t: t, App: app, Handler: Handler(t, app), dir: app.DataDir()}
	t.Cleanup(func() {
		s.stop()
		os.RemoveAll(s.dir)
	})
	return s
}

// Restart stops the app and starts a new one on the same data folder; meanwhile, while no
// app holds it, each of between may change the folder (copy a backup back in).
func (s *Server) Restart(between ...func(dataDir string)) {
	s.t.Helper()
	s.stop()
	for _, f := range between {
		f(s.dir)
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: s.dir, EncryptionEnv: "pb_test_env"})
	hooks.Bind(app, hooks.Options{Now: Now}) // before bootstrapping, as main does
	if err := app.Bootstrap(); err != nil {
		s.t.Fatal(err)
	}
	if err := app.RunAllMigrations(); err != nil {
		s.t.Fatal(err)
	}
	s.App = app
	s.Handler = Handler(s.t, app)
}

func (s *Server) stop() {
	if s.App == nil {
		return
	}
	_ = s.App.OnTerminate().Trigger(&core.TerminateEvent{App: s.App}, func(e *core.TerminateEvent) error {
		return e.App.ResetBootstrapState()
	})
	s.App = nil
}
