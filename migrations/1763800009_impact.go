package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// What the programme's published figures need and the schema lacked: the mentee's autonomy
// and widened network and the mentor's feeling useful and coaching skills (1 to 5, 0 = not
// answered; optional, so that an app that does not ask yet submits as before), a category for
// why a duo stopped (the free-text reason stays), and what a branch spent per year and who
// funded it (superusers only).
func init() {
	m.Register(func(app core.App) error {
		evaluations, err := app.FindCollectionByNameOrId("evaluations")
		if err != nil {
			return err
		}
		for _, f := range []struct{ name, help string }{
			{"autonomy", "Mentees: more autonomous in the job search, 1 (not at all) to 5 (fully); 0 = not answered"},
			{"network", "Mentees: a wider professional or social network, 1 to 5; 0 = not answered"},
			{"felt_useful", "Mentors: felt useful as an active member of society, 1 to 5; 0 = not answered"},
			{"coaching_skills", "Mentors: developed coaching skills (listening, empathy), 1 to 5; 0 = not answered"},
		} {
			evaluations.Fields.Add(&core.NumberField{Name: f.name, OnlyInt: true, Min: float(1), Max: float(5), Help: f.help})
		}
		if err := app.Save(evaluations); err != nil {
			return err
		}

		duos, err := app.FindCollectionByNameOrId("duos")
		if err != nil {
			return err
		}
		duos.Fields.Add(&core.SelectField{Name: "stop_category", MaxSelect: 1, Values: []string{
			"job", "training", "moved", "lost_contact", "health", "mismatch", "personal", "other"},
			Help: "Why the duo stopped, for the figures; required when it stops"})
		if err := app.Save(duos); err != nil {
			return err
		}

		branches, err := app.FindCollectionByNameOrId("branches")
		if err != nil {
			return err
		}
		costs := core.NewBaseCollection("branch_costs")
		costs.Fields.Add(
			&core.RelationField{Name: "branch", Required: true, MaxSelect: 1, CollectionId: branches.Id},
			&core.NumberField{Name: "year", Required: true, OnlyInt: true, Min: float(2013), Max: float(2100)},
			&core.NumberField{Name: "amount_eur", Required: true, Min: float(0), Max: float(100_000_000),
				Help: "What the branch spent that year, in euros"},
			&core.TextField{Name: "funder", Required: true, Max: 200, Help: "Who funded it (several: one line each)"},
			&core.TextField{Name: "notes", Max: 2000},
		)
		timestamps(costs)
		costs.AddIndex("idx_branch_costs_branch_year_funder", true, "branch, year, funder", "")
		return app.Save(costs) // no rules: superusers only
	}, func(app core.App) error {
		if costs, err := app.FindCollectionByNameOrId("branch_costs"); err == nil {
			if err := app.Delete(costs); err != nil {
				return err
			}
		}
		duos, err := app.FindCollectionByNameOrId("duos")
		if err != nil {
			return err
		}
		duos.Fields.RemoveByName("stop_category")
		if err := app.Save(duos); err != nil {
			return err
		}
		evaluations, err := app.FindCollectionByNameOrId("evaluations")
		if err != nil {
			return err
		}
		for _, name := range []string{"autonomy", "network", "felt_useful", "coaching_skills"} {
			evaluations.Fields.RemoveByName(name)
		}
		return app.Save(evaluations)
	})
}
