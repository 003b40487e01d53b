package retention_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/retention"
)

// oldRecords: pushes sent and waiting, a sync conflict and audit entries, each dated.
func oldRecords(t *testing.T, app core.App) {
	for _, q := range []string{
		`INSERT INTO notifications (id, user, kind, dedupe_key, payload, due_at, next_attempt_at, status, created, updated)
			VALUES ('pushsentold0001', {:p}, 'meeting_reminder', 'k-old', '{}', '2025-01-01 10:00:00.000Z', '2025-01-01 10:00:00.000Z', 'sent', '', '')`,
		`INSERT INTO notifications (id, user, kind, dedupe_key, payload, due_at, next_attempt_at, status, created, updated)
			VALUES ('pushwaiting0001', {:p}, 'meeting_reminder', 'k-wait', '{}', '2025-01-01 10:00:00.000Z', '2025-01-01 10:00:00.000Z', 'pending', '', '')`,
		`INSERT INTO sync_conflicts (id, author, branch, client, target_collection, target_id, op, reason, "values", created, updated)
			VALUES ('conflictold0001', {:p}, {:b}, 'c1', 'meetings', 'x', 'update', 'changed', '{}', '2025-01-01 10:00:00.000Z', '')`,
		`INSERT INTO data_audit (id, action, person, actor_kind, actor, detail, at, created, updated)
			VALUES ('auditold0000001', 'export', {:p}, 'person', {:p}, '', '2020-01-01 10:00:00.000Z', '', '')`,
	} {
		sql(t, app, q, dbx.Params{"p": MenteeOne, "b": BranchBrussels})
	}
}

// A push sent is kept a year after it was due, one still waiting until it goes; a sync
// conflict a year; the audit log six years.
func TestRecordsKeptForAWhile(t *testing.T) {
	cases := []struct {
		name, collection, id, at string
		kept                     bool
	}{
		{"a push sent, a year on minus a second", "notifications", "pushsentold0001", "2026-01-01 09:59:59", true},
		{"a push sent, a year on", "notifications", "pushsentold0001", "2026-01-01 10:00:01", false},
		{"a push waiting", "notifications", "pushwaiting0001", "2030-01-01 00:00:00", true},
		{"a conflict, a year on minus a second", "sync_conflicts", "conflictold0001", "2026-01-01 09:59:59", true},
		{"a conflict, a year on", "sync_conflicts", "conflictold0001", "2026-01-01 10:00:01", false},
		{"an audit entry, six years on minus a second", "data_audit", "auditold0000001", "2026-01-01 09:59:59", true},
		{"an audit entry, six years on", "data_audit", "auditold0000001", "2026-01-01 10:00:01", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			oldRecords(t, app)
			if _, err := retention.PruneRecords(app, utc(c.at)); err != nil {
				t.Fatal(err)
			}
			_, err := app.FindRecordById(c.collection, c.id)
			if kept := err == nil; kept != c.kept {
				t.Errorf("kept %v, want %v", kept, c.kept)
			}
		})
	}
}
