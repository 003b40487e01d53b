package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A person's calendar subscription: a token of its own (not the sign-in token, which a
// calendar app would keep for ever), kept as a hash, revoked or replaced at will. Only duo's
// routes read it (POST and DELETE /api/calendar/feed, GET /api/calendar/{token}.ics); it goes
// with the person's account.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		feeds := core.NewBaseCollection("calendar_feeds")
		feeds.Fields.Add(
			&core.RelationField{Name: "person", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true},
			&core.TextField{Name: "token_hash", Required: true, Hidden: true, Help: "SHA-256 of the token, hex"},
			&core.DateField{Name: "last_read", Help: "When a calendar last fetched the feed"},
		)
		timestamps(feeds)
		feeds.AddIndex("idx_calendar_feeds_person", true, "person", "")
		feeds.AddIndex("idx_calendar_feeds_token", true, "token_hash", "")
		return app.Save(feeds)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("calendar_feeds")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
