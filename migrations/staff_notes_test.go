package migrations_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// A stop reason written before the split, which both phones read, becomes the duo's staff
// note and leaves the duo and its history (the category stands there instead), and the
// phones are told at their next pull.
func TestOldStopReasonsBecomeStaffNotes(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	for range 30 { // back to before the staff notes, whatever came after them
		if _, err := app.FindCollectionByNameOrId("duo_staff_notes"); err != nil {
			break
		}
		if _, err := runner.Down(1); err != nil {
			t.Fatal(err)
		}
	}
	stamp := "2026-10-01 10:00:00.000Z"
	for table, row := range map[string]dbx.Params{
		"duos": {"id": "duostoppedold01", "branch": "branchold000001", "mentor": "mentorold000001", "mentee": "menteeold000001",
			"status": "stopped", "stop_category": "health", "stop_reason": "Burn-out, she asked us not to tell Marc", "created": stamp, "updated": stamp},
		"duo_events": {"id": "eventstopold001", "duo": "duostoppedold01", "kind": "status_changed", "from_status": "active",
			"to_status": "stopped", "actor_kind": "person", "detail": "Burn-out, she asked us not to tell Marc", "at": stamp,
			"created": stamp, "updated": stamp},
	} {
		if _, err := app.DB().Insert(table, row).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := runner.Up(); err != nil {
		t.Fatal(err)
	}
	note, err := app.FindFirstRecordByData("duo_staff_notes", "duo", "duostoppedold01")
	if err != nil || note.GetString("text") != "Burn-out, she asked us not to tell Marc" {
		t.Fatalf("the staff note: %v %v", note, err)
	}
	duo, _ := app.FindRecordById("duos", "duostoppedold01")
	event, _ := app.FindRecordById("duo_events", "eventstopold001")
	if duo.GetString("stop_reason") != "" || duo.GetString("stop_category") != "health" || event.GetString("detail") != "health" {
		t.Errorf("the duo says %q (%s), its history %q", duo.GetString("stop_reason"), duo.GetString("stop_category"), event.GetString("detail"))
	}
	var announced int
	if err := app.DB().NewQuery(`SELECT COUNT(*) FROM _sync_changes WHERE record_id IN ('duostoppedold01', 'eventstopold001')`).
		Row(&announced); err != nil || announced != 2 {
		t.Errorf("%d changes announced to the phones (%v), want 2", announced, err)
	}
}
