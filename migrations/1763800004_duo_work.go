package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// What a duo produces: its agreement, objectives, weekly meeting log, evaluations and the
// append-only history of its status changes and signatures. All of it is readable by the
// duo's mentor and mentee and by the coordinators of its branch (evaluations: the respondent
// and the coordinators only). Who may change which field is refined by hooks (access/).
func init() {
	m.Register(func(app core.App) error {
		duos, err := app.FindCollectionByNameOrId("duos")
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		duoMember := `@request.auth.id != "" && (duo.mentor = @request.auth.id || duo.mentee = @request.auth.id || ` +
			`(@request.auth.role = "coordinator" && duo.branch = @request.auth.branch))`
		duoRef := func() *core.RelationField {
			return &core.RelationField{Name: "duo", Required: true, MaxSelect: 1,
				CollectionId: duos.Id, CascadeDelete: true}
		}

		agreements := core.NewBaseCollection("agreements")
		agreements.ListRule, agreements.ViewRule, agreements.UpdateRule = rule(duoMember), rule(duoMember), rule(duoMember)
		agreements.Fields.Add(
			duoRef(),
			&core.TextField{Name: "commitments", Max: 10000,
				Help: "Written by the server when the duo is validated; frozen once someone signs"},
			&core.DateField{Name: "mentor_signed_at"},
			&core.DateField{Name: "mentee_signed_at"},
		)
		timestamps(agreements)
		agreements.AddIndex("idx_agreements_duo", true, "duo", "")
		if err := app.Save(agreements); err != nil {
			return err
		}

		objectives := core.NewBaseCollection("objectives")
		for _, r := range []**string{&objectives.ListRule, &objectives.ViewRule, &objectives.CreateRule,
			&objectives.UpdateRule, &objectives.DeleteRule} {
			*r = rule(duoMember)
		}
		objectives.Fields.Add(
			duoRef(),
			&core.TextField{Name: "title", Required: true, Max: 200, Presentable: true},
			&core.TextField{Name: "details", Max: 5000},
			&core.SelectField{Name: "status", MaxSelect: 1,
				Values: []string{"open", "in_progress", "achieved", "dropped"}, Help: "Empty means open"},
			&core.DateField{Name: "due_on"},
		)
		timestamps(objectives)
		objectives.AddIndex("idx_objectives_duo", false, "duo", "")
		if err := app.Save(objectives); err != nil {
			return err
		}

		meetings := core.NewBaseCollection("meetings")
		meetings.ListRule, meetings.ViewRule = rule(duoMember), rule(duoMember)
		meetings.CreateRule = rule(`@request.auth.id != "" && duo.mentor = @request.auth.id`)
		meetings.UpdateRule = rule(`@request.auth.id != "" && (duo.mentor = @request.auth.id || duo.mentee = @request.auth.id)`)
		meetings.DeleteRule = rule(`@request.auth.id != "" && duo.mentor = @request.auth.id`)
		meetings.Fields.Add(
			duoRef(),
			&core.DateField{Name: "held_on", Required: true},
			&core.NumberField{Name: "minutes", Required: true, OnlyInt: true, Min: float(15), Max: float(480)},
			&core.SelectField{Name: "mode", Required: true, MaxSelect: 1, Values: []string{"in_person", "video", "phone"}},
			&core.SelectField{Name: "topics", MaxSelect: 11, Values: []string{
				"cv", "cover_letter", "interview", "network", "job_search", "language", "orientation",
				"training", "administration", "wellbeing", "other"}},
			&core.TextField{Name: "notes", Max: 5000},
			&core.RelationField{Name: "objectives", MaxSelect: 50, CollectionId: objectives.Id},
			&core.RelationField{Name: "logged_by", MaxSelect: 1, CollectionId: users.Id,
				Help: "Set by the server to the person who logs the meeting"},
			&core.BoolField{Name: "mentee_confirmed"},
		)
		timestamps(meetings)
		meetings.AddIndex("idx_meetings_duo_held_on", false, "duo, held_on", "")
		if err := app.Save(meetings); err != nil {
			return err
		}

		evaluations := core.NewBaseCollection("evaluations")
		respondentOrCoordinator := `@request.auth.id != "" && (respondent = @request.auth.id || ` +
			`(@request.auth.role = "coordinator" && duo.branch = @request.auth.branch))`
		evaluations.ListRule, evaluations.ViewRule = rule(respondentOrCoordinator), rule(respondentOrCoordinator)
		evaluations.UpdateRule = rule(`@request.auth.id != "" && respondent = @request.auth.id`)
		score := func(name string) *core.NumberField {
			return &core.NumberField{Name: name, OnlyInt: true, Min: float(1), Max: float(5),
				Help: "1 (not at all) to 5 (fully); 0 = not answered yet"}
		}
		evaluations.Fields.Add(
			duoRef(),
			&core.RelationField{Name: "respondent", Required: true, MaxSelect: 1, CollectionId: users.Id},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1,
				Values: []string{"final", "followup_6m", "followup_12m"}},
			score("expectations_met"),
			score("objectives_achieved"),
			score("satisfaction"),
			&core.SelectField{Name: "outcome", MaxSelect: 1, Values: []string{
				"job_permanent", "job_fixed_3m_plus", "job_short", "internship", "training", "studies", "none"}},
			&core.BoolField{Name: "would_mentor_again", Help: "Mentors only"},
			&core.TextField{Name: "comments", Max: 5000},
			&core.DateField{Name: "submitted_at", Help: "Set when the respondent submits; read-only afterwards"},
		)
		timestamps(evaluations)
		evaluations.AddIndex("idx_evaluations_duo_respondent_kind", true, "duo, respondent, kind", "")
		evaluations.AddIndex("idx_evaluations_respondent", false, "respondent", "")
		if err := app.Save(evaluations); err != nil {
			return err
		}

		events := core.NewBaseCollection("duo_events")
		events.ListRule, events.ViewRule = rule(duoMember), rule(duoMember)
		statuses := []string{"proposed", "validated", "declined", "active", "completed", "stopped"}
		events.Fields.Add(
			duoRef(),
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1,
				Values: []string{"created", "status_changed", "signed", "dates_corrected"}},
			&core.SelectField{Name: "from_status", MaxSelect: 1, Values: statuses},
			&core.SelectField{Name: "to_status", MaxSelect: 1, Values: statuses},
			&core.SelectField{Name: "actor_kind", Required: true, MaxSelect: 1,
				Values: []string{"person", "superuser", "system"}},
			&core.RelationField{Name: "actor", MaxSelect: 1, CollectionId: users.Id},
			&core.TextField{Name: "detail", Max: 1000},
			&core.DateField{Name: "at", Required: true},
		)
		timestamps(events)
		events.AddIndex("idx_duo_events_duo_at", false, "duo, at", "")
		return app.Save(events)
	}, func(app core.App) error {
		for _, name := range []string{"duo_events", "evaluations", "meetings", "objectives", "agreements"} {
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
