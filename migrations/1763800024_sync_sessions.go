package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/duoforajob/duo/sync"
)

// Sessions and attendance join the app's copy (access.SyncedCollections): a duo's first and
// signing meetings, the trainings and sessions a person is on the list of, and their own lines.
// Those planned before were never logged for sync, so copies made since would miss them: each
// is announced once, to the audiences it has now.
func init() {
	m.Register(func(app core.App) error {
		return app.RunInTransaction(func(tx core.App) error {
			for _, collection := range []string{"sessions", "attendance"} {
				var ids []string
				if err := tx.DB().Select("id").From(collection).OrderBy("id").Column(&ids); err != nil {
					return err
				}
				if err := sync.Touch(tx, collection, ids...); err != nil {
					return err
				}
			}
			return nil
		})
	}, nil)
}
