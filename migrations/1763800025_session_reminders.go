package migrations

import (
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Session reminders (reminders/sessions.go, reminders/noshow.go): two more kinds in the
// outbox, the reminder the day before a session and the no-show follow-up for its host; how
// each notification left (a push, or a mail to someone without the app); and a recipient
// who has no account: a registrant of the public sign-up, reminded by mail (a notification
// names a person or a registration, exactly one, as the planners write them); and whom a
// notification is about when that is not its recipient, so that it goes with them.
func init() {
	kinds := []string{"session_reminder", "session_noshow"}
	m.Register(func(app core.App) error {
		outbox, err := app.FindCollectionByNameOrId("notifications")
		if err != nil {
			return err
		}
		registrations, err := app.FindCollectionByNameOrId("registrations")
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		kind, _ := outbox.Fields.GetByName("kind").(*core.SelectField)
		for _, k := range kinds {
			if !slices.Contains(kind.Values, k) {
				kind.Values = append(kind.Values, k)
			}
		}
		if user, ok := outbox.Fields.GetByName("user").(*core.RelationField); ok {
			user.Required = false
		}
		outbox.Fields.Add(
			&core.SelectField{Name: "channel", MaxSelect: 1, Values: []string{"push", "mail"},
				Help: "How it left once sent: a push, or a mail to someone without the app"},
			&core.RelationField{Name: "registration", MaxSelect: 1, CollectionId: registrations.Id, CascadeDelete: true,
				Help: "A registrant of the public sign-up (mail only), when the notification is not a person's"},
			&core.RelationField{Name: "about_person", MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true,
				Help: "The person a notification names, when not its recipient (a no-show): it goes when they are erased"},
			&core.RelationField{Name: "about_registration", MaxSelect: 1, CollectionId: registrations.Id, CascadeDelete: true,
				Help: "The registrant a notification names (a no-show): it goes with the registration"},
		)
		outbox.AddIndex("idx_notifications_registration", false, "registration", "registration != ''")
		return app.Save(outbox)
	}, func(app core.App) error {
		outbox, err := app.FindCollectionByNameOrId("notifications")
		if err != nil {
			return err
		}
		if _, err := app.DB().Delete("notifications", dbx.Or(dbx.In("kind", "session_reminder", "session_noshow"),
			dbx.HashExp{"user": ""})).Execute(); err != nil {
			return err
		}
		kind, _ := outbox.Fields.GetByName("kind").(*core.SelectField)
		kind.Values = slices.DeleteFunc(kind.Values, func(k string) bool { return slices.Contains(kinds, k) })
		if user, ok := outbox.Fields.GetByName("user").(*core.RelationField); ok {
			user.Required = true
		}
		outbox.RemoveIndex("idx_notifications_registration")
		outbox.Fields.RemoveByName("channel")
		for _, name := range []string{"registration", "about_person", "about_registration"} {
			outbox.Fields.RemoveByName(name)
		}
		return app.Save(outbox)
	})
}
