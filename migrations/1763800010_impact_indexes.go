package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The impact table counts every duo's meetings and their minutes: an index holding both lets
// it read them without the meetings themselves (160,000 of them at the programme's scale).
func init() {
	m.Register(func(app core.App) error {
		meetings, err := app.FindCollectionByNameOrId("meetings")
		if err != nil {
			return err
		}
		meetings.AddIndex("idx_meetings_duo_minutes", false, "duo, minutes", "")
		return app.Save(meetings)
	}, func(app core.App) error {
		meetings, err := app.FindCollectionByNameOrId("meetings")
		if err != nil {
			return err
		}
		meetings.RemoveIndex("idx_meetings_duo_minutes")
		return app.Save(meetings)
	})
}
