package demo

import (
	"errors"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/hooks"
	"github.com/duoforajob/duo/internal/testkit"
	_ "github.com/duoforajob/duo/migrations"
)

func TestSeedFillsEveryStageAndOnlyOnce(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	hooks.Bind(app, hooks.Options{Now: testkit.Now})

	logins, err := Seed(app, "demo-password-1", testkit.Now())
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	if len(logins) != 16 {
		t.Errorf("got %d logins, want a superuser, a coordinator and 14 people", len(logins))
	}
	for _, status := range []string{"proposed", "validated", "declined", "active", "completed", "stopped"} {
		n, err := app.CountRecords("duos", dbxEq("status", status))
		if err != nil || n == 0 {
			t.Errorf("no %s duo in the demo (%v)", status, err)
		}
	}
	if n, _ := app.CountRecords("meetings"); n < 20 {
		t.Errorf("only %d meetings", n)
	}
	if n, _ := app.CountRecords("evaluations"); n != 2 {
		t.Errorf("%d evaluations, want the completed duo's two", n)
	}
	if _, err := Seed(app, "again", testkit.Now()); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a second seed should be refused, got %v", err)
	}
}

func dbxEq(field, value string) dbx.Expression { return dbx.HashExp{field: value} }
