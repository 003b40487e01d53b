package testkit

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
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
