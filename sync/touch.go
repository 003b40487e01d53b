package sync

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// Touch announces records changed behind the hooks' back (a data migration written as plain
// SQL) so that phones pull them: call it in the same transaction as the change. Records that
// no longer exist are announced as deleted, to the audiences they had no longer known, so
// prefer app.Save or app.Delete in migrations when a record leaves someone's scope.
func Touch(app core.App, collection string, ids ...string) error {
	return app.RunInTransaction(func(tx core.App) error {
		now := time.Now()
		for _, id := range ids {
			c := change{collection: collection, recordID: id, op: OpUpsert}
			record, err := tx.FindRecordById(collection, id)
			if err != nil {
				c.op = OpDelete
			} else {
				c.audiences = access.Audiences(tx, record)
			}
			if _, err := writeChange(tx, c, now); err != nil {
				return err
			}
		}
		return nil
	})
}
