package demo

import (
	"errors"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/hooks"
	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/matching"
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
	// The waiting mentee has a good match and poor ones, for the console's matching page.
	kathleen, err := app.FindFirstRecordByData("users", "email", "kathleen@demo.example.org")
	if err != nil {
		t.Fatal(err)
	}
	suggestions, err := matching.Suggest(app, kathleen.Id, 10)
	if err != nil || len(suggestions) < 3 {
		t.Fatalf("suggestions %v: %v", suggestions, err)
	}
	if best, next := suggestions[0], suggestions[1]; best.Name != "Hedwig Peeters" || best.Score < 2*next.Score || best.Score < 50 {
		t.Errorf("the demo's best match for Kathleen: %s %d, then %s %d", best.Name, best.Score, next.Name, next.Score)
	}
	if _, err := Seed(app, "again", testkit.Now()); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a second seed should be refused, got %v", err)
	}
}

func dbxEq(field, value string) dbx.Expression { return dbx.HashExp{field: value} }
