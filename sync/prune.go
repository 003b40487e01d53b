package sync

import (
	"context"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/jobs"
)

// PruneJobID is the daily job that forgets changes older than the retention period.
const PruneJobID = "duo_sync_prune"

const pruneBatch = 5000

func (s *Syncer) bindPruning(app core.App) {
	jobs.Of(app).Add(PruneJobID, "40 3 * * *", func(context.Context) {
		if _, err := s.Prune(app); err != nil {
			app.Logger().Error("sync: pruning the changelog failed", "error", err)
		}
	})
}

// Prune forgets the changes older than the retention period, in batches so that phones'
// writes are never blocked for long, and raises the horizon: a cursor below it resets.
// Running it twice, or after a crash half-way, is safe. It returns how many changes went.
func (s *Syncer) Prune(app core.App) (int, error) {
	return Prune(app, s.now().Add(-s.opts.Retention))
}

// Prune forgets the changes made before cutoff (see Syncer.Prune).
func Prune(app core.App, before time.Time) (int, error) {
	cutoff := before.UnixMilli()
	total := 0
	for {
		var last int64
		n := 0
		err := app.RunInTransaction(func(tx core.App) error {
			var seqs []int64
			if err := tx.DB().Select("seq").From("_sync_changes").Where(dbx.NewExp("at < {:cutoff}", dbx.Params{"cutoff": cutoff})).
				OrderBy("seq").Limit(pruneBatch).Column(&seqs); err != nil || len(seqs) == 0 {
				return err
			}
			n, last = len(seqs), seqs[len(seqs)-1]
			upTo := dbx.Params{"last": last}
			for _, stmt := range []string{
				"DELETE FROM _sync_audiences WHERE audience IN (SELECT DISTINCT audience FROM _sync_audiences) AND seq <= {:last}",
				"DELETE FROM _sync_leaves WHERE seq <= {:last}",
				"DELETE FROM _sync_changes WHERE seq <= {:last}",
			} {
				if _, err := tx.DB().NewQuery(stmt).Bind(upTo).Execute(); err != nil {
					return err
				}
			}
			// A cursor at last holds everything up to it and can go on; one below cannot.
			_, err := tx.DB().Update("_sync_meta", map[string]any{"value": strconv.FormatInt(last, 10)},
				dbx.NewExp("key = 'horizon' AND CAST(value AS INTEGER) < {:h}", dbx.Params{"h": last})).Execute()
			return err
		})
		if err != nil {
			return total, err
		}
		if n == 0 {
			// Outcomes of old pushes go too: a retry that late is answered "duplicate" bare.
			_, err := app.DB().Delete("_sync_results", dbx.NewExp("at < {:cutoff}", dbx.Params{"cutoff": cutoff})).Execute()
			return total, err
		}
		total += n
	}
}
