package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Erasure (GDPR article 17). An erased person's account is replaced by a pseudonym: a users
// record with no name, no contact and no password, marked erased_at, that keeps only what the
// statistics count (role, branch, intake date, and on its profile the age, languages,
// barriers and consented origin). A pseudonym never signs in (auth rule), never changes
// (update rule), and its profile is read by superusers only. The duo history gains the kind
// "person_erased".
//
// Backups: PocketBase makes one every night at 02:30 (server time) and keeps the last 14, so
// an erased person leaves the backups within 14 days; a restore re-applies the erasures made
// since (erasure.Ledger).
func init() {
	const (
		usersUpdateBefore   = `@request.auth.id != "" && (id = @request.auth.id || (@request.auth.role = "coordinator" && branch = @request.auth.branch && role != "coordinator"))`
		profilesRuleBefore  = `@request.auth.id != "" && (user = @request.auth.id || (@request.auth.role = "coordinator" && user.branch = @request.auth.branch))`
		notErased           = ` && erased_at = ""`
		profileNotErased    = ` && user.erased_at = ""`
		backupsCron         = "30 2 * * *"
		backupsKept         = 14
		eventKindsBefore    = 4
		eventKindPersonGone = "person_erased"
	)
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.Add(&core.DateField{Name: "erased_at",
			Help: "Set by the server when the person was erased: this record is then a pseudonym kept for the statistics"})
		users.UpdateRule = rule(usersUpdateBefore + notErased)
		users.AuthRule = rule(`erased_at = ""`)
		if err := app.Save(users); err != nil {
			return err
		}
		profiles, err := app.FindCollectionByNameOrId("profiles")
		if err != nil {
			return err
		}
		profiles.ListRule = rule(profilesRuleBefore + profileNotErased)
		profiles.ViewRule = rule(profilesRuleBefore + profileNotErased)
		profiles.UpdateRule = rule(profilesRuleBefore + profileNotErased)
		if err := app.Save(profiles); err != nil {
			return err
		}
		events, err := app.FindCollectionByNameOrId("duo_events")
		if err != nil {
			return err
		}
		if kind, ok := events.Fields.GetByName("kind").(*core.SelectField); ok {
			kind.Values = append(kind.Values, eventKindPersonGone)
		}
		if err := app.Save(events); err != nil {
			return err
		}
		settings := app.Settings()
		if settings.Backups.Cron == "" {
			settings.Backups.Cron = backupsCron
			settings.Backups.CronMaxKeep = backupsKept
			return app.Save(settings)
		}
		return nil
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.RemoveByName("erased_at")
		users.UpdateRule = rule(usersUpdateBefore)
		users.AuthRule = rule("")
		if err := app.Save(users); err != nil {
			return err
		}
		profiles, err := app.FindCollectionByNameOrId("profiles")
		if err != nil {
			return err
		}
		profiles.ListRule, profiles.ViewRule, profiles.UpdateRule =
			rule(profilesRuleBefore), rule(profilesRuleBefore), rule(profilesRuleBefore)
		if err := app.Save(profiles); err != nil {
			return err
		}
		events, err := app.FindCollectionByNameOrId("duo_events")
		if err != nil {
			return err
		}
		if kind, ok := events.Fields.GetByName("kind").(*core.SelectField); ok && len(kind.Values) > eventKindsBefore {
			kind.Values = kind.Values[:eventKindsBefore]
		}
		return app.Save(events)
	})
}
