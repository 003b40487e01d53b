package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// An app install's mids are counted within an epoch: a restore takes `_sync_clients` back with
// the data, so an install last seen in an earlier epoch may be ahead of what the restored
// server remembers of it (sync.applyPush forgives that gap once). Installs that exist now were
// seen in the current epoch.
func init() {
	m.Register(func(app core.App) error {
		if _, err := app.DB().NewQuery("ALTER TABLE _sync_clients ADD COLUMN epoch TEXT NOT NULL DEFAULT ''").Execute(); err != nil {
			return err
		}
		_, err := app.DB().NewQuery("UPDATE _sync_clients SET epoch = (SELECT value FROM _sync_meta WHERE key = 'epoch')").Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery("ALTER TABLE _sync_clients DROP COLUMN epoch").Execute()
		return err
	})
}
