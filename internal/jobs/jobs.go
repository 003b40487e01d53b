// Package jobs runs duo's scheduled jobs within the app's life: listed in PocketBase's cron,
// none starting once shutdown has begun, and shutdown waiting for those still running.
package jobs

import (
	"context"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Grace is how long a shutdown waits for running jobs before cancelling their context.
const Grace = 15 * time.Second

const storeKey = "duo.jobs"

// Runner holds the jobs of one app.
type Runner struct {
	app     core.App
	ctx     context.Context
	cancel  context.CancelFunc
	mu      sync.Mutex
	running sync.WaitGroup
	closed  bool
	onStop  []func()
}

// Of is the runner of app, made (and tied to its termination) on first use.
func Of(app core.App) *Runner {
	return app.Store().GetOrSet(storeKey, func() any {
		ctx, cancel := context.WithCancel(context.Background())
		r := &Runner{app: app, ctx: ctx, cancel: cancel}
		app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
			r.Stop(Grace)
			return e.Next()
		})
		return r
	}).(*Runner)
}

// Add lists a job in the app's cron under id. fn gets a context cancelled when a shutdown
// stops waiting for it; a job asked to run during shutdown does not start.
func (r *Runner) Add(id, expr string, fn func(ctx context.Context)) {
	r.app.Cron().MustAdd(id, expr, func() {
		if !r.enter() {
			return
		}
		defer r.running.Done()
		fn(r.ctx)
	})
}

// OnStop registers what shutdown asks first: finish the work at hand, start no more.
func (r *Runner) OnStop(fn func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.onStop = append(r.onStop, fn)
}

func (r *Runner) enter() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false
	}
	r.running.Add(1)
	return true
}

// Stop starts no more jobs, asks the running ones to finish, waits up to grace, then cancels
// their context and waits for them to return.
func (r *Runner) Stop(grace time.Duration) {
	r.mu.Lock()
	r.closed = true
	stops := r.onStop
	r.mu.Unlock()
	for _, fn := range stops {
		fn()
	}
	done := make(chan struct{})
	go func() { r.running.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		r.cancel()
		<-done
	}
	r.cancel()
}
