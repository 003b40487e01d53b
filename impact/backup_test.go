package impact_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/demo"
	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
)

// Record keys are part of the data: PocketBase's own backup and restore gives every duo and
// person the key they had, and the figures that leave a branch are the ones published before.
func TestKeysSurviveABackupAndRestore(t *testing.T) {
	app := App(t)
	if err := demo.History(app, historyBranches(t, app, 2), 300, demo.Published, Now(), 5); err != nil {
		t.Fatal(err)
	}
	keys, figures := keysOf(t, app), publishedFigures(t, app)
	if err := app.CreateBackup(context.Background(), "keys.zip"); err != nil {
		t.Fatal(err)
	}
	// Keys changed after the backup: only a restore that brings them back passes.
	for _, table := range []string{"duos", "users"} {
		if _, err := app.DB().NewQuery("UPDATE " + table + " SET cell_key = cell_key % 255 + 1").Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if publishedFigures(t, app) == figures {
		t.Fatal("other keys publish the same figures: the test would prove nothing")
	}
	restored := Restored(t, app, "keys.zip")
	got := keysOf(t, restored)
	if len(got) != len(keys) || len(keys) < 600 {
		t.Fatalf("%d keys after the restore, %d before", len(got), len(keys))
	}
	for id, k := range keys {
		if got[id] != k {
			t.Errorf("%s has key %d after the restore, %d before", id, got[id], k)
		}
	}
	if publishedFigures(t, restored) != figures {
		t.Error("the figures published after the restore differ")
	}
}

func keysOf(t *testing.T, app core.App) map[string]int {
	var rows []struct {
		ID  string `db:"id"`
		Key int    `db:"cell_key"`
	}
	if err := app.DB().NewQuery("SELECT id, cell_key FROM duos UNION ALL SELECT id, cell_key FROM users").All(&rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.ID] = r.Key
	}
	return out
}

func publishedFigures(t *testing.T, app core.App) string {
	r, err := impact.Publish(app, impact.Query{By: impact.ByMonth}, Now())
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(r)
	return string(out)
}
