package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Branches, and PocketBase's own users collection turned into duo's accounts: a role, a
// branch, a language and a time zone. Sign-up is closed here; the rules that depend on duos
// are set once the duos collection exists (1763800003).
func init() {
	m.Register(func(app core.App) error {
		branches := core.NewBaseCollection("branches")
		branches.ListRule = rule(`@request.auth.id != "" && id = @request.auth.branch`)
		branches.ViewRule = branches.ListRule
		branches.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 100, Presentable: true},
			&core.TextField{Name: "city", Required: true, Max: 100},
			&core.SelectField{Name: "country", Required: true, MaxSelect: 1, Values: []string{"BE", "FR", "NL"}},
			&core.TextField{Name: "timezone", Required: true, Max: 64,
				Help: "IANA time zone name, e.g. Europe/Brussels"},
			&core.SelectField{Name: "locale", Required: true, MaxSelect: 1, Values: []string{"fr", "nl", "en"}},
		)
		timestamps(branches)
		branches.AddIndex("idx_branches_name", true, "name", "")
		if err := app.Save(branches); err != nil {
			return err
		}

		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		// Collect the minimum: no photos of the people we serve.
		users.Fields.RemoveByName("avatar")
		users.OAuth2.MappedFields.AvatarURL = ""
		if name, ok := users.Fields.GetByName("name").(*core.TextField); ok {
			name.Required = true
			name.Max = 120
			name.Presentable = true
		}
		users.Fields.Add(
			&core.SelectField{Name: "role", Required: true, MaxSelect: 1,
				Values: []string{"mentee", "mentor", "coordinator"}},
			&core.RelationField{Name: "branch", Required: true, MaxSelect: 1,
				CollectionId: branches.Id},
			&core.SelectField{Name: "locale", MaxSelect: 1, Values: []string{"fr", "nl", "en"},
				Help: "Empty means the branch's language"},
			&core.TextField{Name: "timezone", Max: 64,
				Help: "IANA time zone name; empty means the branch's"},
		)
		users.AddIndex("idx_users_branch_role", false, "branch, role", "")
		// Only coordinators (for their own branch) and superusers make accounts.
		users.CreateRule = nil
		users.ListRule = rule(`id = @request.auth.id`)
		users.ViewRule = users.ListRule
		users.UpdateRule = users.ListRule
		users.DeleteRule = nil
		// Phones are offline for days: a month-long token, refreshed at every app start.
		users.AuthToken.Duration = 30 * 24 * 3600
		return app.Save(users)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		for _, name := range []string{"role", "branch", "locale", "timezone"} {
			users.Fields.RemoveByName(name)
		}
		users.RemoveIndex("idx_users_branch_role")
		if err := app.Save(users); err != nil {
			return err
		}
		branches, err := app.FindCollectionByNameOrId("branches")
		if err != nil {
			return err
		}
		return app.Delete(branches)
	})
}
