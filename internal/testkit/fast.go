package testkit

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/crypto/bcrypt"
	"modernc.org/sqlite"

	"github.com/duoforajob/duo/erasure"
)

// Test databases skip SQLite's fsyncs: a clone of the seeded database is opened and closed for
// every API scenario, and on a disk the syncs of opening, checkpointing and closing took about
// half of each scenario's time. Durability after a power cut is no test's subject; everything
// else (the write-ahead log, secure_delete, locks) is as in production (erasure.DBConnect).
func init() {
	sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, _ string) error {
		_, err := conn.ExecContext(context.Background(), "PRAGMA synchronous = OFF", nil)
		return err
	})
}

// readyForClones does once, on the seeded template, what each clone would otherwise do as it
// starts serving: erasure's one-time VACUUM of a database written before secure_delete (the
// fixtures are), which took about 40% of an API scenario's time.
func readyForClones(app core.App) error {
	_, err := erasure.ClearFreePages(app)
	return err
}

// cheapPasswords lowers the bcrypt cost of every auth collection's password field in the
// template to bcrypt's minimum. Tests make and sign in hundreds of accounts, and at the
// production cost (PocketBase's default, 10) hashing took about a tenth of the Go suite's CPU;
// no test is about the cost itself, and a hash of any cost verifies the same way.
func cheapPasswords(app core.App) error {
	collections, err := app.FindAllCollections(core.CollectionTypeAuth)
	if err != nil {
		return err
	}
	for _, c := range collections {
		if field, ok := c.Fields.GetByName(core.FieldNamePassword).(*core.PasswordField); ok {
			field.Cost = bcrypt.MinCost
			if err := app.Save(c); err != nil {
				return err
			}
		}
	}
	return nil
}
