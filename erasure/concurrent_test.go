package erasure_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
)

// Two coordinators erase the same person at the same moment: she is erased once (one
// pseudonym, one ledger line, one audit entry), the other finds nobody.
func TestTwoErasuresAtOnce(t *testing.T) {
	app := App(t)
	herWorld(t, app)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { _, errs[i] = erasure.Erase(app, MenteeCompleted, "request", access.System(), Now()) })
	}
	wg.Wait()
	erased, notFound := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			erased++
		case errors.Is(err, erasure.ErrNotFound):
			notFound++
		default:
			t.Errorf("unexpected: %v", err)
		}
	}
	if erased != 1 || notFound != 1 {
		t.Errorf("%d erased, %d found nobody", erased, notFound)
	}
	var pseudonyms int
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM users WHERE erased_at != ''").Row(&pseudonyms)
	entries, _ := erasure.ReadLedger(app)
	audits, _ := app.CountRecords("data_audit", dbx.HashExp{"action": "erase"})
	if pseudonyms != 1 || len(entries) != 1 || audits != 1 {
		t.Errorf("%d pseudonyms, %d ledger lines, %d audit entries", pseudonyms, len(entries), audits)
	}
}
