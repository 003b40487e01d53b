package testkit

import (
	"context"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/hooks"
)

// Restored restores the backup name of app with PocketBase's own restore, and opens the
// restored pb_data with duo bound, as the restarted process would: the restore ends with a
// restart of the process, which a test cannot do. The app is closed when the test ends.
func Restored(t testing.TB, app core.App, name string) *tests.TestApp {
	t.Helper()
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		if e.IsRestart {
			return nil
		}
		return e.Next()
	})
	if err := app.RestoreBackup(context.Background(), name); err != nil {
		t.Fatal(err)
	}
	restored, err := tests.NewTestApp(app.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(restored.Cleanup)
	hooks.Bind(restored, hooks.Options{Now: Now})
	return restored
}
