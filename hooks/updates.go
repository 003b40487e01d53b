package hooks

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// bindMergedUpdates makes every update (REST, batch, dashboard, sync, Go code) write what
// its author changed onto the row as committed, not the whole row as the author loaded it.
// PocketBase saves every column of the record it loaded before the write began: a mentor
// and a mentee signing at the same moment would each write the other's signature back to
// empty. Inside the writing transaction (SQLite has one writer, so nothing commits between
// the read and the write) the fields this save changes are laid over the committed row, the
// row becomes the record's Original (the rules then see the merged record: the second
// signature activates the duo), and only the changed columns are written. Two authors of
// one field: the later save wins, as it would one after the other.
func bindMergedUpdates(app core.App) {
	// What a save changes is measured against the record's Original, which PocketBase only
	// sets when it reads a row: a record created, then changed and saved again by Go code in
	// the same transaction would otherwise compare with a blank record, and a field set back
	// to false or empty would look unchanged and not be written.
	app.OnRecordCreate().Bind(&hook.Handler[*core.RecordEvent]{
		Id:       "duoOriginalAfterCreate",
		Priority: -1,
		Func: func(e *core.RecordEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			return e.Record.PostScan()
		},
	})
	app.OnRecordUpdate().Bind(&hook.Handler[*core.RecordEvent]{
		Id:       "duoMergedUpdates",
		Priority: -1, // before every rule of duo's, after PocketBase's own field hooks
		Func: func(e *core.RecordEvent) error {
			outer := e.App
			defer func() { e.App = outer }()
			return outer.RunInTransaction(func(tx core.App) error {
				e.App = tx
				if err := mergeWithCommitted(tx, e.Record); err != nil {
					return err
				}
				if err := e.Next(); err != nil {
					return err
				}
				return e.Record.PostScan() // a second save compares with this one
			})
		},
	})
}

// mergeWithCommitted lays the fields record changes (against its Original) over the row as
// committed, which becomes its Original.
func mergeWithCommitted(tx core.App, record *core.Record) error {
	committed, err := tx.FindRecordById(record.Collection(), fmt.Sprint(record.LastSavedPK()))
	if err != nil {
		return nil // gone meanwhile: the save itself answers for it
	}
	original := record.Original()
	changes := map[string]any{}
	for _, f := range record.Collection().Fields {
		name := f.GetName()
		if _, auto := f.(*core.AutodateField); !auto && fmt.Sprint(record.GetRaw(name)) != fmt.Sprint(original.GetRaw(name)) {
			changes[name] = record.GetRaw(name)
		}
	}
	for _, f := range record.Collection().Fields {
		name := f.GetName()
		record.SetRaw(name, committed.GetRaw(name))
		if _, auto := f.(*core.AutodateField); auto {
			// the committed date is the last one stamped: PocketBase stamps a new one over it
			record.SetRaw(lastAutodate+name, committed.GetRaw(name))
		}
	}
	if err := record.PostScan(); err != nil { // the committed row is now what this save changes
		return err
	}
	for name, value := range changes {
		record.SetRaw(name, value)
	}
	record.IgnoreUnchangedFields(true)
	return nil
}
