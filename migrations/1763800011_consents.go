package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Consents, one record per person and purpose (joining the programme; origin data for the
// statistics; being contacted for the 6- and 12-month follow-ups), with the version of the
// text agreed to, how it was given (the app, the console, paper at intake) and who recorded
// it; the server sets who and when. A consent is withdrawn, never deleted: the proof stays.
// Read and changed by the person and the coordinators of their branch, never by a partner.
//
// data_audit: who exported, erased or changed a consent, and when, by record ids only (no
// name, no contact, no value of the data); superusers read it.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		consents := core.NewBaseCollection("consents")
		owner := `@request.auth.id != "" && (person = @request.auth.id || ` +
			`(@request.auth.role = "coordinator" && person.branch = @request.auth.branch))`
		consents.ListRule, consents.ViewRule = rule(owner), rule(owner)
		consents.CreateRule, consents.UpdateRule = rule(owner), rule(owner)
		consents.DeleteRule = nil
		consents.Fields.Add(
			&core.RelationField{Name: "person", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true},
			&core.SelectField{Name: "purpose", Required: true, MaxSelect: 1,
				Values: []string{"programme", "origin_statistics", "followup_contact"}},
			&core.SelectField{Name: "state", Required: true, MaxSelect: 1, Values: []string{"given", "withdrawn"}},
			&core.TextField{Name: "text_version", Required: true, Max: 40, Pattern: `^[A-Za-z0-9._-]+$`,
				Help: "The version of the consent text the person agreed to (e.g. 2026-01)"},
			&core.SelectField{Name: "recorded_via", Required: true, MaxSelect: 1, Values: []string{"app", "console", "paper"}},
			&core.RelationField{Name: "recorded_by", MaxSelect: 1, CollectionId: users.Id,
				Help: "Who recorded it (set by the server; empty for an administrator)"},
			&core.DateField{Name: "given_at", Help: "When it was last given (set by the server)"},
			&core.DateField{Name: "withdrawn_at", Help: "When it was withdrawn (set by the server)"},
		)
		timestamps(consents)
		consents.AddIndex("idx_consents_person_purpose", true, "person, purpose", "")
		consents.AddIndex("idx_consents_withdrawn", false, "purpose, person", "state = 'withdrawn'")
		if err := app.Save(consents); err != nil {
			return err
		}

		audit := core.NewBaseCollection("data_audit")
		audit.Fields.Add(
			&core.SelectField{Name: "action", Required: true, MaxSelect: 1,
				Values: []string{"consent_given", "consent_withdrawn", "export", "erase"}},
			&core.TextField{Name: "person", Required: true, Max: 15, Help: "The id of the person concerned"},
			&core.SelectField{Name: "actor_kind", Required: true, MaxSelect: 1, Values: []string{"person", "superuser", "system"}},
			&core.TextField{Name: "actor", Max: 15, Help: "The id of the person who acted (empty for an administrator or the server)"},
			&core.TextField{Name: "detail", Max: 100, Help: "A purpose or a reason code, never personal data"},
			&core.DateField{Name: "at", Required: true},
		)
		timestamps(audit)
		audit.AddIndex("idx_data_audit_person", false, "person, at", "")
		return app.Save(audit) // no rules: superusers only
	}, func(app core.App) error {
		for _, name := range []string{"data_audit", "consents"} {
			if c, err := app.FindCollectionByNameOrId(name); err == nil {
				if err := app.Delete(c); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
