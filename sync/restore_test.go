package sync_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// snapshot copies the server's database as a backup would hold it.
func snapshot(t *testing.T, server *Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.db")
	if _, err := server.App.DB().NewQuery("VACUUM INTO {:path}").Bind(map[string]any{"path": path}).Execute(); err != nil {
		t.Fatal(err)
	}
	return path
}

// putBack copies a snapshot over the data folder's database, as a restore does.
func putBack(t *testing.T, snapshot string) func(dir string) {
	return func(dir string) {
		raw, err := os.ReadFile(snapshot)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"data.db-wal", "data.db-shm"} {
			_ = os.Remove(filepath.Join(dir, f))
		}
		if err := os.WriteFile(filepath.Join(dir, "data.db"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// pb_data restored by hand, and nobody ran `duo sync new-epoch`: the first phone whose cursor
// is ahead of the restored log starts a new epoch, and every phone resyncs, those whose
// cursor was behind the backup included.
func TestACursorAheadOfTheLogStartsANewEpoch(t *testing.T) {
	server := StartServer(t)
	behind := newDevice(t, server.Handler, DuoMentee, "amina-phone")
	behind.pullAll()
	backup := snapshot(t, server)
	first := epochOf(t, server.App)
	for _, notes := range []string{"after the backup", "and again"} {
		Change(t, server.App, MentorOne, "meetings", MeetingOne, map[string]any{"notes": notes})
	}
	ahead := newDevice(t, server.Handler, DuoMentor, "marc-phone")
	ahead.pullAll()

	server.Restart(putBack(t, backup))
	ahead.h, behind.h = server.Handler, server.Handler
	ahead.pullAll()
	if ahead.resets != 1 || epochOf(t, server.App) == first {
		t.Fatalf("resets %d, epoch %s (was %s)", ahead.resets, epochOf(t, server.App), first)
	}
	ahead.sameAsREST()
	behind.pullAll()
	if behind.resets != 1 {
		t.Error("a phone behind the backup kept a copy of another history")
	}
	behind.sameAsREST()
}

// A restore through PocketBase's backup API (the restore hook, then a new process on the
// restored folder) starts a new epoch by itself, whatever the phones' cursors.
func TestARestoreThroughTheBackupAPIStartsANewEpoch(t *testing.T) {
	server := StartServer(t)
	phone := newDevice(t, server.Handler, DuoMentee, "amina-phone")
	phone.pullAll()
	backup := snapshot(t, server)
	first := epochOf(t, server.App)
	restoreThroughTheAPI(t, server, backup)
	if epochOf(t, server.App) == first {
		t.Fatal("the restored server kept the epoch")
	}
	phone.h = server.Handler
	phone.pullAll()
	if phone.resets != 1 {
		t.Error("the phone did not resync after the restore")
	}
	phone.sameAsREST()
}

// restoreThroughTheAPI restores a snapshot as PocketBase's backup API does: the restore hook,
// then a new process on the restored folder.
func restoreThroughTheAPI(t *testing.T, server *Server, backup string) {
	t.Helper()
	err := server.App.OnBackupRestore().Trigger(&core.BackupEvent{App: server.App, Name: "nightly.zip"},
		func(e *core.BackupEvent) error {
			// what PocketBase does next: replace pb_data, then re-execute the process
			server.Restart(putBack(t, backup))
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

// settled fails the test unless every mutation the phone queued was answered applied or
// conflict (none stuck in the queue, none refused).
func settled(t *testing.T, d *device, mids ...int64) {
	t.Helper()
	if len(d.queue) != 0 {
		t.Fatalf("%d mutations still queued (first mid %d)", len(d.queue), d.queue[0].Mid)
	}
	for _, mid := range mids {
		if r := d.outcomes[mid]; r.Status != sync.Applied && r.Status != sync.Conflict {
			t.Errorf("mid %d: %s %s", mid, r.Status, r.Code)
		}
	}
}

// A phone whose mutations were answered after the backup, then queued more while the server
// was restored: the restored server remembers fewer of its mids, and the phone no longer holds
// those it was answered for. Whether or not the app says how far it was answered, its queued
// edits apply (or come back as conflicts, their base being of the old epoch); none is stuck.
func TestAPhoneAheadOfARestoredServerIsNotStuck(t *testing.T) {
	for _, withAcked := range []bool{true, false} {
		t.Run(map[bool]string{true: "acked sent", false: "no acked"}[withAcked], func(t *testing.T) {
			server := StartServer(t)
			marc := newDevice(t, server.Handler, DuoMentor, "marc-phone")
			marc.noAcked = !withAcked
			marc.pullAll()
			marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "before the backup"})
			marc.push(false)
			backup := snapshot(t, server)
			for _, title := range []string{"after the backup", "and again"} {
				marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": title})
				marc.push(false)
			}
			marc.pullAll()
			queued := marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "queued during the restore"})
			created := marc.edit("meetings", "create", "queuedmeeting01", meetingFields(nil))

			restoreThroughTheAPI(t, server, backup)
			marc.h = server.Handler
			for range 3 { // the app pushes while anything is queued, then pulls
				marc.push(false)
			}
			settled(t, marc, queued, created)
			if n, _ := server.App.CountRecords("meetings", dbxEq("id", "queuedmeeting01")); n != 1 {
				t.Error("the meeting queued during the restore was not created")
			}
			marc.pullAll()
			if marc.resets != 1 {
				t.Errorf("%d resets after the restore", marc.resets)
			}
			marc.sameAsREST()
		})
	}
}

// The same through a restore by hand without new-epoch, pushing before any pull: nothing
// tells the server it went back in time but the app, which says how far it was answered.
func TestAckedResumesAnInstallARestoreByHandForgot(t *testing.T) {
	server := StartServer(t)
	marc := newDevice(t, server.Handler, DuoMentor, "marc-phone")
	marc.pullAll()
	marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "before the backup"})
	marc.push(false)
	backup := snapshot(t, server)
	marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "after the backup"})
	marc.push(false)
	queued := marc.edit("objectives", "update", ObjectiveOne, map[string]any{"status": "in_progress"})

	server.Restart(putBack(t, backup))
	marc.h = server.Handler
	resp, _ := marc.push(false)
	if resp.ResendFrom != 0 {
		t.Fatalf("the server asks again for mid %d, which the phone was answered for", resp.ResendFrom)
	}
	settled(t, marc, queued)
	if got := Find(t, server.App, "objectives", ObjectiveOne).GetString("status"); got != "in_progress" {
		t.Errorf("status %q: the queued edit did not apply", got)
	}
}

// Two pushes of a new install that cross on the way (the later mids first) still answer
// resend: only an install of an earlier epoch, or the app's own acked, skips mids.
func TestCrossingPushesOfANewInstallStillResend(t *testing.T) {
	server := StartServer(t)
	marc := newDevice(t, server.Handler, DuoMentor, "marc-phone")
	marc.pullAll()
	marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "first"})
	marc.edit("objectives", "update", ObjectiveOne, map[string]any{"status": "in_progress"})
	marc.queue = marc.queue[1:] // the first push is still on its way
	resp, _ := marc.push(false)
	if resp.ResendFrom != 1 || len(marc.queue) != 1 {
		t.Fatalf("resendFrom %d, %d queued: a mid was skipped", resp.ResendFrom, len(marc.queue))
	}
}

// pb_data restored by hand without new-epoch, and the log has since moved past the phone's
// cursor: the seq the cursor stands at now names another change, so the pull resets, and the
// phone drops what the server lost.
func TestACursorOfAnotherHistoryResets(t *testing.T) {
	server := StartServer(t)
	phone := newDevice(t, server.Handler, DuoMentee, "amina-phone")
	phone.pullAll()
	backup := snapshot(t, server)
	Change(t, server.App, MentorOne, "objectives", ObjectiveOne, map[string]any{"title": "lost by the restore"})
	phone.pullAll()

	server.Restart(putBack(t, backup))
	first := epochOf(t, server.App)
	for _, notes := range []string{"after the restore", "and again", "once more"} {
		Change(t, server.App, MentorOne, "meetings", MeetingOne, map[string]any{"notes": notes})
	}
	phone.h = server.Handler
	phone.pullAll()
	if phone.resets != 1 || epochOf(t, server.App) == first {
		t.Fatalf("resets %d, epoch changed %v", phone.resets, epochOf(t, server.App) != first)
	}
	phone.sameAsREST()
}
