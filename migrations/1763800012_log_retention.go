package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// PocketBase's request logs record each request's IP address: they are kept 5 days (its
// default, pinned here whatever was set before), and the settings refuse more while they do
// (retention.LogDays).
func init() {
	m.Register(func(app core.App) error {
		settings := app.Settings()
		if settings.Logs.LogIP && (settings.Logs.MaxDays == 0 || settings.Logs.MaxDays > 7) {
			settings.Logs.MaxDays = 5
			return app.Save(settings)
		}
		return nil
	}, nil)
}
