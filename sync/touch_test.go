package sync_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// A data migration written as plain SQL announces its changes with Touch, and copies follow.
func TestTouchAnnouncesPlainSQLChanges(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	phones := synced(t, h, DuoMentee, Coord, OtherMentee)
	err := app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.DB().NewQuery("UPDATE meetings SET mode = 'phone' WHERE id = {:id}").
			Bind(map[string]any{"id": MeetingOne}).Execute(); err != nil {
			return err
		}
		return sync.Touch(tx, "meetings", MeetingOne)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range phones {
		d.pullAll()
		d.sameAsREST()
	}
	if phones[DuoMentee].store["meetings"][MeetingOne]["mode"] != "phone" {
		t.Error("the mentee's copy missed the migrated value")
	}
}
