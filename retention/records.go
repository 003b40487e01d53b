package retention

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// How long the records that only serve for a while are kept (privacy.md lists them all).
const (
	// NotificationMonths: a push sent (or given up) is kept a year after it was due, for a
	// coordinator to see what a duo was reminded of; it holds a partner's first name.
	NotificationMonths = 12
	// ConflictMonths: the losing side of a sync conflict, kept for its author a year.
	ConflictMonths = 12
	// AuditYears: the audit log, ids only, proves for six years who exported, erased or
	// changed a consent (the association's accountability, and limitation periods).
	AuditYears = 6
)

// PruneRecords deletes, a batch of each at most, the pushes, sync conflicts and audit
// entries kept long enough at now; it answers how many went.
func PruneRecords(app core.App, now time.Time) (int, error) {
	cut := func(years, months int) string {
		d, _ := types.ParseDateTime(now.AddDate(-years, -months, 0))
		return d.String()
	}
	n := 0
	// Not synced: deleted directly, a batch at a time.
	for _, q := range []struct{ table, where, cutoff string }{
		{"notifications", "status IN ('sent', 'failed', 'expired', 'cancelled') AND due_at < {:cutoff}", cut(0, NotificationMonths)},
		{"data_audit", "at < {:cutoff}", cut(AuditYears, 0)},
	} {
		res, err := app.DB().NewQuery("DELETE FROM " + q.table + " WHERE id IN (SELECT id FROM " + q.table + " WHERE " +
			q.where + " LIMIT {:batch})").Bind(dbx.Params{"cutoff": q.cutoff, "batch": Batch * 5}).Execute()
		if err != nil {
			return n, err
		}
		gone, _ := res.RowsAffected()
		n += int(gone)
	}
	// Synced: deleted through PocketBase, so that copies on phones go too.
	conflicts, err := app.FindRecordsByFilter("sync_conflicts", "created < {:cutoff}", "created", Batch, 0,
		dbx.Params{"cutoff": cut(0, ConflictMonths)})
	if err != nil {
		return n, err
	}
	for _, c := range conflicts {
		if err := app.Delete(c); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
