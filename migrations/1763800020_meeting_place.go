package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A meeting says where it took place (the library, a café, a company visit): the mentor writes
// it with the date, the duration and the topics; the duo's weekly place is only the usual one.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("meetings")
		if err != nil {
			return err
		}
		c.Fields.Add(&core.TextField{Name: "place", Max: 200, Help: "Where the meeting took place, as the mentor wrote it"})
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("meetings")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("place")
		return app.Save(c)
	})
}
