package migrations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The coordinator's working file: dated notes on a person or a duo (an intake's impressions,
// what a check-in found), each by its author. Staff-only: read and written by the coordinators
// of the branch the person or the duo belongs to (and administrators); never synced to a
// phone, never shown to a partner. Each note is changed or deleted by its author alone. A
// note on a person goes with them (cascade); the erasure deletes those on their duos.
//
// Each branch plans its supervision check-ins: the months after a duo's start at which one is
// planned ("1,3" by default, which is what the programme does today; empty plans none).
func init() {
	const (
		staff = `@request.auth.id != "" && @request.auth.role = "coordinator" && ` +
			`((person != "" && person.branch = @request.auth.branch) || (duo != "" && duo.branch = @request.auth.branch))`
		mine           = staff + ` && author = @request.auth.id`
		defaultCheckin = "1,3"
	)
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		duos, err := app.FindCollectionByNameOrId("duos")
		if err != nil {
			return err
		}
		sessions, err := app.FindCollectionByNameOrId("sessions")
		if err != nil {
			return err
		}
		notes := core.NewBaseCollection("case_notes")
		notes.ListRule, notes.ViewRule, notes.CreateRule = rule(staff), rule(staff), rule(staff)
		notes.UpdateRule, notes.DeleteRule = rule(mine), rule(mine)
		notes.Fields.Add(
			&core.RelationField{Name: "person", MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true,
				Help: "The mentor or mentee the note is about (or a duo)"},
			&core.RelationField{Name: "duo", MaxSelect: 1, CollectionId: duos.Id, CascadeDelete: true,
				Help: "The duo the note is about (or a person)"},
			&core.RelationField{Name: "session", MaxSelect: 1, CollectionId: sessions.Id,
				Help: "The session it records (a check-in of the duo, an intake of the person)"},
			&core.TextField{Name: "text", Required: true, Max: 4000},
			&core.RelationField{Name: "author", MaxSelect: 1, CollectionId: users.Id, Help: "Set by the server"},
		)
		timestamps(notes)
		notes.AddIndex("idx_case_notes_person", false, "person", "")
		notes.AddIndex("idx_case_notes_duo", false, "duo", "")
		if err := app.Save(notes); err != nil {
			return err
		}

		branches, err := app.FindCollectionByNameOrId("branches")
		if err != nil {
			return err
		}
		branches.Fields.Add(&core.TextField{Name: "checkin_after_months", Max: 20, Pattern: `^([1-6](,[1-6])*)?$`,
			Help: "Months after a duo's start at which a supervision check-in is planned, e.g. 1,3; empty: none"})
		if err := app.Save(branches); err != nil {
			return err
		}
		_, err = app.DB().Update("branches", dbx.Params{"checkin_after_months": defaultCheckin}, nil).Execute()
		return err
	}, func(app core.App) error {
		notes, err := app.FindCollectionByNameOrId("case_notes")
		if err != nil {
			return err
		}
		if err := app.Delete(notes); err != nil {
			return err
		}
		branches, err := app.FindCollectionByNameOrId("branches")
		if err != nil {
			return err
		}
		branches.Fields.RemoveByName("checkin_after_months")
		return app.Save(branches)
	})
}
