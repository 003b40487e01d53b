package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/internal/jobs"
)

func newApp(t *testing.T) *tests.TestApp {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func run(app core.App, id string) {
	for _, j := range app.Cron().Jobs() {
		if j.Id() == id {
			go j.Run()
		}
	}
}

// Shutdown asks running jobs to stop, waits for them, and starts no new one.
func TestStopWaitsForRunningJobs(t *testing.T) {
	app := newApp(t)
	r := jobs.Of(app)
	started, finished := make(chan struct{}), make(chan struct{})
	asked := make(chan struct{})
	r.OnStop(func() { close(asked) })
	r.Add("duo_test", "* * * * *", func(ctx context.Context) {
		close(started)
		<-asked // works until shutdown asks it to finish
		time.Sleep(20 * time.Millisecond)
		close(finished)
	})
	run(app, "duo_test")
	<-started
	app.Cleanup() // triggers OnTerminate
	select {
	case <-finished:
	default:
		t.Fatal("shutdown returned while the job was still running")
	}
	ran := false
	r.Add("duo_late", "* * * * *", func(context.Context) { ran = true })
	for _, j := range app.Cron().Jobs() {
		if j.Id() == "duo_late" {
			j.Run()
		}
	}
	if ran {
		t.Fatal("a job started after shutdown")
	}
}

// A job that does not finish within the grace has its context cancelled.
func TestStopCancelsAfterGrace(t *testing.T) {
	app := newApp(t)
	defer app.Cleanup()
	r := jobs.Of(app)
	started := make(chan struct{})
	r.Add("duo_stuck", "* * * * *", func(ctx context.Context) {
		close(started)
		<-ctx.Done()
	})
	run(app, "duo_stuck")
	<-started
	r.Stop(30 * time.Millisecond) // returns only once the job saw its context cancelled
}
