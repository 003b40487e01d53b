package sync_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

func epochOf(t *testing.T, app core.App) string {
	var epoch string
	if err := app.DB().NewQuery("SELECT value FROM _sync_meta WHERE key = 'epoch'").Row(&epoch); err != nil {
		t.Fatal(err)
	}
	return epoch
}

// The process that starts after a backup restore begins a new epoch; an ordinary restart
// keeps the epoch, so phones do not resync after every deploy.
func TestANewEpochAfterARestoreOnly(t *testing.T) {
	server := StartServer(t)
	first := epochOf(t, server.App)
	server.Restart()
	if epochOf(t, server.App) != first {
		t.Fatal("an ordinary restart changed the epoch")
	}
	t.Setenv("DUO_SYNC_RESTORED", "1") // what the restore hook leaves to the re-executed process
	server.Restart()
	if epochOf(t, server.App) == first {
		t.Fatal("the restored server kept the old epoch")
	}
	if os.Getenv("DUO_SYNC_RESTORED") != "" {
		t.Error("the marker should be consumed")
	}
}

// A restore that fails leaves no marker behind.
func TestAFailedRestoreLeavesNoMarker(t *testing.T) {
	server := StartServer(t)
	err := server.App.OnBackupRestore().Trigger(&core.BackupEvent{App: server.App, Name: "x.zip"},
		func(e *core.BackupEvent) error { return errors.New("broken zip") })
	if err == nil || os.Getenv("DUO_SYNC_RESTORED") != "" {
		t.Fatalf("err %v, marker %q", err, os.Getenv("DUO_SYNC_RESTORED"))
	}
}

func TestPruningIsAScheduledJobSafeToRerun(t *testing.T) {
	server := StartServer(t)
	found := false
	for _, job := range server.App.Cron().Jobs() {
		found = found || job.Id() == sync.PruneJobID
	}
	if !found {
		t.Fatalf("%s is not scheduled", sync.PruneJobID)
	}
	phone := newDevice(t, server.Handler, DuoMentee, "amina-phone")
	phone.pullAll()
	later := Now().Add(time.Hour)
	pruned, err := sync.Prune(server.App, later)
	if err != nil || pruned == 0 {
		t.Fatalf("pruned %d: %v", pruned, err)
	}
	if again, err := sync.Prune(server.App, later); err != nil || again != 0 {
		t.Fatalf("a rerun pruned %d more: %v", again, err)
	}
	// A phone that was up to date goes on without a reset.
	Change(t, server.App, MentorOne, "meetings", MeetingOne, map[string]any{"notes": "after the pruning"})
	phone.pullAll()
	if phone.resets != 0 {
		t.Error("an up-to-date phone was reset")
	}
	phone.sameAsREST()
}
