package sync

import (
	"crypto/sha256"
	"encoding/base64"
	"os"
	"strconv"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/spf13/cobra"
)

// A restored backup takes the changelog back in time: seqs the phones already have would be
// handed out again for new changes. So each restore starts a new epoch, and a cursor of
// another epoch gets a reset.
//
// PocketBase restores by replacing pb_data and re-executing the process, so nothing can run
// after the restore in the old process. The restore hook leaves this variable to the new
// process, which rotates the epoch as soon as it has opened the restored database.
const restoredEnv = "DUO_SYNC_RESTORED"

func (s *Syncer) bindEpoch(app core.App) {
	app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		os.Setenv(restoredEnv, "1")
		err := e.Next()
		os.Unsetenv(restoredEnv) // reached only if the restore failed (success re-executes)
		return err
	})
	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		if os.Getenv(restoredEnv) == "" {
			return nil
		}
		if err := NewEpoch(e.App); err != nil {
			// before the migrations ran on a brand-new folder: nothing was synced yet
			e.App.Logger().Warn("sync: no new epoch after restore", "error", err)
			return nil
		}
		os.Unsetenv(restoredEnv)
		e.App.Logger().Info("sync: new epoch after a backup restore; phones will resync")
		return nil
	})
}

// highWater is the last seq the changelog ever handed out (SQLite's AUTOINCREMENT counter,
// which pruning does not lower). A phone's cursor above it was given out by a later state of
// this database: pb_data was restored (copied back by hand, without new-epoch) and the log
// would hand the same seqs out again for other changes.
func highWater(app core.App) int64 {
	var seq int64
	_ = app.DB().NewQuery("SELECT seq FROM sqlite_sequence WHERE name = '_sync_changes'").Row(&seq)
	return seq
}

// changeMark fingerprints the change at seq: when, what and which record. It is empty when
// there is no such change (seq 0, or pruned: a cursor at the horizon may go on).
func changeMark(app core.App, seq int64) string {
	var at int64
	var collection, recordID, op string
	if seq <= 0 || app.DB().NewQuery("SELECT at, collection, record_id, op FROM _sync_changes WHERE seq = {:seq}").
		Bind(dbx.Params{"seq": seq}).Row(&at, &collection, &recordID, &op) != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(strconv.FormatInt(at, 10) + "|" + collection + "|" + recordID + "|" + op))
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}

// markCursor stamps a cursor with the fingerprint of the change it stands at.
func markCursor(app core.App, c cursor) cursor {
	c.Mark = changeMark(app, c.Seq)
	return c
}

// rewound says whether this log is not the one that gave the cursor out: pb_data was
// restored (copied back by hand, without new-epoch) and the cursor is ahead of the log, or the
// log has since moved past it and holds another change at its seq. It then starts a new
// epoch, so that every phone resyncs from the restored state.
func rewound(app core.App, c cursor) bool {
	ahead := c.Seq > highWater(app)
	if !ahead {
		if c.Mark == "" { // a cursor given before cursors were marked
			return false
		}
		if now := changeMark(app, c.Seq); now == "" || now == c.Mark {
			return false
		}
	}
	if err := NewEpoch(app); err != nil {
		app.Logger().Error("sync: a cursor comes from another history of the log, and no new epoch could start", "error", err)
		return true
	}
	app.Logger().Warn("sync: a phone's cursor comes from another history of the log (pb_data restored without `duo sync new-epoch`?): new epoch, phones resync",
		"ahead", ahead)
	return true
}

// NewEpoch starts a new epoch: every phone's next pull resets and copies afresh.
func NewEpoch(app core.App) error {
	_, err := app.DB().Update("_sync_meta", map[string]any{"value": security.RandomString(12)},
		dbx.HashExp{"key": "epoch"}).Execute()
	return err
}

// EpochCommand is `duo sync new-epoch`, for a pb_data restored by hand (files copied back
// while the server was stopped), which PocketBase's restore hook cannot see.
func EpochCommand(app core.App) *cobra.Command {
	sync := &cobra.Command{Use: "sync", Short: "Offline sync maintenance"}
	sync.AddCommand(&cobra.Command{
		Use:   "new-epoch",
		Short: "Make every phone resync from scratch (run after restoring pb_data by hand)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			if err := NewEpoch(app); err != nil {
				return err
			}
			cmd.Println("New sync epoch: every phone resyncs on its next pull.")
			return nil
		},
	})
	return sync
}
