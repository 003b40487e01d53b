package notify

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/jobs"
)

// Jobs in PocketBase's cron list (a superuser runs one now with POST /api/crons/{id}).
const (
	DispatchJobID     = "duo_push_dispatch"
	PruneDevicesJobID = "duo_devices_prune"
)

// Options are what differs between the server and the tests.
type Options struct {
	// Sender delivers the pushes; a LogSender when nil.
	Sender Sender
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Obsolete drops, when it is their time, the notifications no longer true.
	Obsolete Obsolete
}

// Bind registers the devices routes, the dispatcher (every minute) and the daily pruning of
// forgotten devices. At shutdown the dispatcher finishes and records the batch it is sending
// (jobs.Grace at most; what it could not send stays pending).
func Bind(app core.App, opts Options) *Dispatcher {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sender == nil {
		opts.Sender = LogSender{App: app}
	}
	d := NewDispatcher(app, opts.Sender, opts.Now)
	d.Obsolete = opts.Obsolete
	runner := jobs.Of(app)
	runner.OnStop(d.Stop)
	runner.Add(DispatchJobID, "* * * * *", func(ctx context.Context) {
		stats, err := d.Run(ctx)
		if err != nil {
			app.Logger().Error("notify: dispatching failed", "error", err)
		}
		if stats != (Stats{}) {
			app.Logger().Info("notify: dispatched", "sent", stats.Sent, "retried", stats.Retried,
				"failed", stats.Failed, "expired", stats.Expired, "cancelled", stats.Cancelled, "deferred", stats.Deferred,
				"devicesRemoved", stats.DevicesRemoved)
		}
	})
	runner.Add(PruneDevicesJobID, "20 4 * * *", func(context.Context) {
		if n, err := PruneDevices(app, opts.Now()); err != nil {
			app.Logger().Error("notify: pruning devices failed", "error", err)
		} else if n > 0 {
			app.Logger().Info("notify: pruned devices not seen for 60 days", "count", n)
		}
	})
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		bindRoutes(e, opts.Now)
		return e.Next()
	})
	return d
}
