package erasure

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Bind keeps the ledger through a backup restore (PocketBase leaves the folders it is told to
// exclude as they are), and at every start, before serving, clears the free pages of a
// database that has not had it yet and erases again whoever the ledger lists but the database
// holds: a restored backup brings nobody back. A pseudonym's token is never accepted.
func Bind(app core.App, now func() time.Time) {
	bindTokens(app)
	app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, LedgerDir)
		return e.Next()
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if cleared, err := ClearFreePages(se.App); err != nil {
			se.App.Logger().Warn("erasure: the database's free pages could not be cleared", "error", err)
		} else if cleared {
			se.App.Logger().Info("erasure: the database's free pages cleared (once)")
		}
		n, err := Reapply(se.App, now())
		if err != nil {
			return err // serving people erased on paper only is worse than not serving
		}
		if n > 0 {
			se.App.Logger().Info("erasure: the ledger's erasures re-applied after a restore", "people", n)
		}
		return se.Next()
	})
}

// Reapply erases the people of the ledger who are in the database again; it answers how many.
func Reapply(app core.App, now time.Time) (int, error) {
	entries, err := ReadLedger(app)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		person, err := app.FindRecordById("users", e.Person)
		if err != nil || !person.GetDateTime("erased_at").IsZero() {
			continue // erased, as it should be
		}
		if err := reapply(app, e, now); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
