package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Push notifications (see notify/ and reminders/): the phones of each person, and the
// durable outbox every notification is written to before a dispatcher sends it. A device is
// read by its owner only and written through POST /api/devices; the outbox is the
// superusers' (dashboard) alone. Plain table _duo_reminder_runs keeps how far each reminder
// rule has planned, so a restart catches up instead of starting over.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		duos, err := app.FindCollectionByNameOrId("duos")
		if err != nil {
			return err
		}

		devices := core.NewBaseCollection("devices")
		owner := `@request.auth.id != "" && user = @request.auth.id`
		devices.ListRule, devices.ViewRule, devices.DeleteRule = rule(owner), rule(owner), rule(owner)
		devices.CreateRule, devices.UpdateRule = nil, nil // POST /api/devices upserts by token
		devices.Fields.Add(
			&core.RelationField{Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id,
				CascadeDelete: true},
			&core.TextField{Name: "token", Required: true, Max: 4096, Pattern: `^[A-Za-z0-9:_.\-]+$`,
				Help: "FCM registration token; one person at a time"},
			&core.SelectField{Name: "platform", Required: true, MaxSelect: 1, Values: []string{"android", "ios", "web"}},
			&core.TextField{Name: "app_version", Max: 40},
			&core.SelectField{Name: "locale", MaxSelect: 1, Values: []string{"fr", "nl", "en"},
				Help: "The phone's language, used when the person has none"},
			&core.DateField{Name: "last_seen", Required: true,
				Help: "Last registration; devices not seen for 60 days are pruned"},
		)
		timestamps(devices)
		devices.AddIndex("idx_devices_token", true, "token", "")
		devices.AddIndex("idx_devices_user", false, "user", "")
		devices.AddIndex("idx_devices_last_seen", false, "last_seen", "")
		if err := app.Save(devices); err != nil {
			return err
		}

		outbox := core.NewBaseCollection("notifications")
		outbox.Fields.Add(
			&core.RelationField{Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id,
				CascadeDelete: true},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{
				"meeting_reminder", "meeting_nudge", "agreement_reminder", "evaluation_due",
				"evaluation_overdue", "weekly_digest"}},
			&core.TextField{Name: "dedupe_key", Required: true, Max: 300,
				Help: "kind:duo:person:period; a notification is written at most once"},
			&core.RelationField{Name: "duo", MaxSelect: 1, CollectionId: duos.Id, CascadeDelete: true},
			&core.JSONField{Name: "payload", MaxSize: 4096,
				Help: "Text parameters and deep-link target; the text is rendered when sent"},
			&core.DateField{Name: "due_at", Required: true},
			&core.DateField{Name: "next_attempt_at", Required: true,
				Help: "When it may be tried next: retries, quiet hours, and the lease of a send in flight"},
			&core.DateField{Name: "expires_at", Help: "No longer useful after this"},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"pending", "sending", "sent", "failed", "expired", "cancelled"}},
			&core.NumberField{Name: "attempts", OnlyInt: true, Min: float(0)},
			&core.TextField{Name: "last_error", Max: 1000},
			&core.DateField{Name: "sent_at"},
		)
		timestamps(outbox)
		outbox.AddIndex("idx_notifications_dedupe", true, "dedupe_key", "")
		outbox.AddIndex("idx_notifications_due", false, "next_attempt_at", "status IN ('pending', 'sending')")
		outbox.AddIndex("idx_notifications_user", false, "user", "")
		if err := app.Save(outbox); err != nil {
			return err
		}

		// The planners look up the zones people live in, duos by status and end date, and
		// validations by date.
		users.AddIndex("idx_users_timezone", false, "timezone", "timezone != ''")
		if err := app.Save(users); err != nil {
			return err
		}
		duos.AddIndex("idx_duos_status_ends_on", false, "status, ends_on", "")
		if err := app.Save(duos); err != nil {
			return err
		}
		events, err := app.FindCollectionByNameOrId("duo_events")
		if err != nil {
			return err
		}
		events.AddIndex("idx_duo_events_to_status_at", false, "to_status, at", "")
		if err := app.Save(events); err != nil {
			return err
		}

		_, err = app.DB().NewQuery(`CREATE TABLE _duo_reminder_runs (
			rule          TEXT PRIMARY KEY NOT NULL,
			planned_until TEXT NOT NULL
		)`).Execute()
		return err
	}, func(app core.App) error {
		if _, err := app.DB().NewQuery(`DROP TABLE IF EXISTS _duo_reminder_runs`).Execute(); err != nil {
			return err
		}
		for name, index := range map[string]string{"users": "idx_users_timezone", "duos": "idx_duos_status_ends_on",
			"duo_events": "idx_duo_events_to_status_at"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.RemoveIndex(index)
			if err := app.Save(c); err != nil {
				return err
			}
		}
		for _, name := range []string{"notifications", "devices"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		return nil
	})
}
