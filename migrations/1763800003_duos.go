package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Duos, and the users rules that depend on them: a person sees themselves, the coordinators
// of their branch, and their duo partners (name and public fields only: profiles stay apart);
// a coordinator sees and manages the mentors and mentees of their branch.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		branches, err := app.FindCollectionByNameOrId("branches")
		if err != nil {
			return err
		}

		duos := core.NewBaseCollection("duos")
		member := `@request.auth.id != "" && (mentor = @request.auth.id || mentee = @request.auth.id || ` +
			`(@request.auth.role = "coordinator" && branch = @request.auth.branch))`
		duos.ListRule = rule(member)
		duos.ViewRule = rule(member)
		duos.UpdateRule = rule(member)
		duos.CreateRule = rule(`@request.auth.id != "" && @request.auth.role = "coordinator" && ` +
			`branch = @request.auth.branch`)
		duos.DeleteRule = nil
		duos.Fields.Add(
			&core.RelationField{Name: "branch", Required: true, MaxSelect: 1, CollectionId: branches.Id},
			&core.RelationField{Name: "mentor", Required: true, MaxSelect: 1, CollectionId: users.Id},
			&core.RelationField{Name: "mentee", Required: true, MaxSelect: 1, CollectionId: users.Id},
			&core.RelationField{Name: "coordinator", MaxSelect: 1, CollectionId: users.Id,
				Help: "Empty on create means the coordinator who creates the duo"},
			&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{
				"proposed", "validated", "declined", "active", "completed", "stopped"},
				Help: "Empty on create means proposed"},
			&core.DateField{Name: "started_on", Help: "Set by the server when both have signed"},
			&core.DateField{Name: "ends_on", Help: "Six months after the start; the stop date if stopped"},
			&core.TextField{Name: "stop_reason", Max: 1000},
			&core.NumberField{Name: "meeting_weekday", OnlyInt: true, Min: float(1), Max: float(7),
				Help: "1 = Monday .. 7 = Sunday"},
			&core.TextField{Name: "meeting_time", Pattern: `^([01][0-9]|2[0-3]):[0-5][0-9]$`,
				Help: "HH:MM, local time of the branch"},
			&core.TextField{Name: "meeting_place", Max: 200},
		)
		timestamps(duos)
		duos.AddIndex("idx_duos_branch_status", false, "branch, status", "")
		duos.AddIndex("idx_duos_mentor", false, "mentor", "")
		duos.AddIndex("idx_duos_mentee", false, "mentee", "")
		duos.AddIndex("idx_duos_one_active_per_mentee", true, "mentee", "status = 'active'")
		if err := app.Save(duos); err != nil {
			return err
		}

		sees := `@request.auth.id != "" && (id = @request.auth.id || ` +
			`(@request.auth.role = "coordinator" && branch = @request.auth.branch) || ` +
			`(role = "coordinator" && branch = @request.auth.branch) || ` +
			`duos_via_mentee.mentor ?= @request.auth.id || duos_via_mentor.mentee ?= @request.auth.id)`
		manages := `@request.auth.id != "" && @request.auth.role = "coordinator" && ` +
			`branch = @request.auth.branch && role != "coordinator"`
		users.ListRule = rule(sees)
		users.ViewRule = rule(sees)
		users.CreateRule = rule(manages)
		users.UpdateRule = rule(`@request.auth.id != "" && (id = @request.auth.id || (` +
			`@request.auth.role = "coordinator" && branch = @request.auth.branch && role != "coordinator"))`)
		users.DeleteRule = rule(manages)
		users.ManageRule = rule(manages)
		return app.Save(users)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		own := `id = @request.auth.id`
		users.ListRule, users.ViewRule, users.UpdateRule = rule(own), rule(own), rule(own)
		users.CreateRule, users.DeleteRule, users.ManageRule = nil, nil, nil
		if err := app.Save(users); err != nil {
			return err
		}
		duos, err := app.FindCollectionByNameOrId("duos")
		if err != nil {
			return err
		}
		return app.Delete(duos)
	})
}
