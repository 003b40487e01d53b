package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/security"
)

// The sync changelog (see sync/): plain tables, never exposed through the REST API, and the
// sync_conflicts collection where the losing side of each conflict is kept for its author
// and the branch's coordinators.
func init() {
	m.Register(func(app core.App) error {
		for _, stmt := range []string{
			// One row per change of a synced record, or per person joining or leaving an
			// audience; seq is assigned inside the writing transaction, so in commit order.
			`CREATE TABLE _sync_changes (
				seq        INTEGER PRIMARY KEY AUTOINCREMENT,
				at         INTEGER NOT NULL,
				collection TEXT    NOT NULL,
				record_id  TEXT    NOT NULL,
				op         TEXT    NOT NULL,
				fields     TEXT    NOT NULL DEFAULT '',
				client     TEXT    NOT NULL DEFAULT ''
			)`,
			`CREATE INDEX _sync_changes_record ON _sync_changes (collection, record_id, seq)`,
			`CREATE INDEX _sync_changes_at ON _sync_changes (at)`,
			// Who each change concerns: a pull reads only its person's audiences.
			`CREATE TABLE _sync_audiences (
				audience TEXT    NOT NULL,
				seq      INTEGER NOT NULL,
				PRIMARY KEY (audience, seq)
			) WITHOUT ROWID`,
			// What a person held through an audience they left, to delete it from their phone.
			`CREATE TABLE _sync_leaves (
				seq        INTEGER NOT NULL,
				collection TEXT    NOT NULL,
				record_id  TEXT    NOT NULL,
				PRIMARY KEY (seq, collection, record_id)
			) WITHOUT ROWID`,
			// Each app install that pushes: its person and the last mutation it sent.
			`CREATE TABLE _sync_clients (
				id       TEXT    PRIMARY KEY NOT NULL,
				user_id  TEXT    NOT NULL,
				last_mid INTEGER NOT NULL DEFAULT 0,
				created  INTEGER NOT NULL,
				updated  INTEGER NOT NULL
			)`,
			// The first outcome of each mutation, answered again to a retry.
			`CREATE TABLE _sync_results (
				client TEXT    NOT NULL,
				mid    INTEGER NOT NULL,
				at     INTEGER NOT NULL,
				result TEXT    NOT NULL,
				PRIMARY KEY (client, mid)
			) WITHOUT ROWID`,
			`CREATE INDEX _sync_results_at ON _sync_results (at)`,
			`CREATE TABLE _sync_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)`,
		} {
			if _, err := app.DB().NewQuery(stmt).Execute(); err != nil {
				return err
			}
		}
		for key, value := range map[string]string{
			"epoch":   security.RandomString(12),
			"secret":  security.RandomString(48),
			"horizon": "0",
		} {
			if _, err := app.DB().Insert("_sync_meta", map[string]any{"key": key, "value": value}).Execute(); err != nil {
				return err
			}
		}
		return createSyncConflicts(app)
	}, func(app core.App) error {
		if c, err := app.FindCollectionByNameOrId("sync_conflicts"); err == nil {
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		for _, table := range []string{"_sync_meta", "_sync_results", "_sync_clients", "_sync_leaves",
			"_sync_audiences", "_sync_changes"} {
			if _, err := app.DB().NewQuery("DROP TABLE IF EXISTS " + table).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}

func createSyncConflicts(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	branches, err := app.FindCollectionByNameOrId("branches")
	if err != nil {
		return err
	}
	conflicts := core.NewBaseCollection("sync_conflicts")
	sees := `@request.auth.id != "" && (author = @request.auth.id || ` +
		`(@request.auth.role = "coordinator" && branch = @request.auth.branch))`
	conflicts.ListRule, conflicts.ViewRule = rule(sees), rule(sees)
	conflicts.Fields.Add(
		&core.RelationField{Name: "author", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true},
		&core.RelationField{Name: "branch", Required: true, MaxSelect: 1, CollectionId: branches.Id},
		&core.TextField{Name: "client", Max: 64, Help: "The app install that pushed the losing change"},
		&core.NumberField{Name: "mid", OnlyInt: true},
		&core.TextField{Name: "target_collection", Required: true, Max: 64},
		&core.TextField{Name: "target_id", Required: true, Max: 15},
		&core.SelectField{Name: "op", Required: true, MaxSelect: 1, Values: []string{"update", "delete"}},
		&core.SelectField{Name: "reason", Required: true, MaxSelect: 1,
			Values: []string{"changed", "deleted", "stale_base"}},
		&core.JSONField{Name: "values", MaxSize: 1 << 20,
			Help: `Per field, both sides: {"notes": {"server": "...", "client": "..."}}`},
	)
	timestamps(conflicts)
	conflicts.AddIndex("idx_sync_conflicts_author", false, "author, created", "")
	conflicts.AddIndex("idx_sync_conflicts_branch", false, "branch, created", "")
	return app.Save(conflicts)
}
