package sync

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// bindFieldsAdded sends every record of a synced collection again when a migration adds a
// field to it: the rows change without a write, yet REST now shows the new field, and copies
// made before would lack it for good. In the migration's transaction.
func bindFieldsAdded(app core.App) {
	app.OnCollectionUpdateExecute().BindFunc(func(e *core.CollectionEvent) error {
		if !slices.Contains(access.SyncedCollections, e.Collection.Name) {
			return e.Next()
		}
		before, err := e.App.FindCollectionByNameOrId(e.Collection.Id)
		if err != nil {
			return err
		}
		if err := e.Next(); err != nil || !fieldsAdded(before, e.Collection) {
			return err
		}
		var ids []string
		if err := e.App.RecordQuery(e.Collection).Select(e.Collection.Name + ".id").Column(&ids); err != nil {
			return err
		}
		return Touch(e.App, e.Collection.Name, ids...)
	})
}

func fieldsAdded(before, c *core.Collection) bool {
	for _, f := range c.Fields {
		if !f.GetHidden() && before.Fields.GetByName(f.GetName()) == nil {
			return true
		}
	}
	return false
}
