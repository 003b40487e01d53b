package sync

import (
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Options are what differs between the server and the tests.
type Options struct {
	// Retention is how long tombstones are kept; an older cursor gets a reset.
	Retention time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Syncer is duo's sync: the changelog hooks, the pull and push routes, the realtime pokes and
// the pruning job.
type Syncer struct {
	opts     Options
	cascade  tombstones
	notifier *notifier
}

// Routes of the sync API.
const (
	PullRoute = "/api/sync/pull"
	PushRoute = "/api/sync/push"
)

// Bind registers sync on app.
func Bind(app core.App, opts Options) *Syncer {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Retention <= 0 {
		opts.Retention = 90 * 24 * time.Hour
	}
	s := &Syncer{opts: opts, notifier: newNotifier(app)}
	s.logWrites(app)
	s.bindEpoch(app)
	s.bindPruning(app)
	bindFieldsAdded(app)
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.GET(PullRoute, s.handlePull)
		e.Router.POST(PushRoute, s.handlePush).Bind(apis.BodyLimit(MaxPushBytes))
		s.notifier.start(e.App)
		return e.Next()
	})
	app.OnRealtimeSubscribeRequest().BindFunc(s.notifier.noteSubscriptions)
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		s.notifier.stop()
		return e.Next()
	})
	return s
}

func (s *Syncer) now() time.Time { return s.opts.Now() }

func badRequest(message string, data any) error { return router.NewBadRequestError(message, data) }
