package sync_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
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
	err := server.App.OnBackupRestore().Trigger(&core.BackupEvent{App: server.App, Name: "nightly.zip"},
		func(e *core.BackupEvent) error {
			// what PocketBase does next: replace pb_data, then re-execute the process
			server.Restart(putBack(t, backup))
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
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
