package erasure_test

import (
	"context"
	"testing"

	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
)

// A backup made before her erasure, restored by PocketBase's own restore, brings her back
// for a moment only: the ledger, which the restore leaves as it was, erases her again at the
// next start, with the same figures as after her erasure, and nothing of her left.
func TestARestoredBackupBringsNobodyBack(t *testing.T) {
	app := App(t)
	herWorld(t, app)
	historyWorld(t, app, 60)
	if err := app.CreateBackup(context.Background(), "before.zip"); err != nil {
		t.Fatal(err)
	}
	eraseHer(t, app)
	erased := figures(t, app)

	restored := Restored(t, app, "before.zip")
	if _, err := restored.FindRecordById("users", MenteeCompleted); err != nil {
		t.Fatalf("the backup does not hold her: the test would prove nothing (%v)", err)
	}
	if n, err := erasure.Reapply(restored, Now()); err != nil || n != 1 {
		t.Fatalf("re-applied %d erasures: %v", n, err)
	}
	for _, trace := range append(traces, "menteecompleted@") {
		if rows := rowsHolding(t, restored, trace); len(rows) > 0 {
			t.Errorf("%q is back in %v", trace, rows)
		}
	}
	if got := figures(t, restored); got != erased {
		t.Errorf("the figures after the restore differ:\n%s\n%s", got, erased)
	}
	if n, err := erasure.Reapply(restored, Now()); err != nil || n != 0 {
		t.Errorf("a second start re-applied %d erasures: %v", n, err)
	}
	entries, _ := erasure.ReadLedger(restored)
	if len(entries) != 1 {
		t.Errorf("the ledger holds %d entries after the restore, want 1", len(entries))
	}
}
