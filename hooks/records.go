package hooks

import (
	"errors"
	"maps"
	"slices"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/lifecycle"
)

// bindRecordRules applies each collection's rules to every save, whoever makes it: the
// defaults and consequences run in one transaction with the save itself, so a duo's history,
// its agreement or its activation can never be half-written.
func bindRecordRules(app core.App, rules map[string]lifecycle.Rules, now func() time.Time) {
	names := slices.Sorted(maps.Keys(rules))
	inTransaction := func(e *core.RecordEvent) error {
		r := rules[e.Record.Collection().Name]
		outer := e.App
		defer func() { e.App = outer }()
		return outer.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if r.Prepare != nil {
				if err := r.Prepare(tx, e.Record, now()); err != nil {
					return err
				}
			}
			if err := e.Next(); err != nil {
				return err
			}
			if r.After != nil {
				return r.After(tx, e.Record, now())
			}
			return nil
		})
	}
	app.OnRecordCreate(names...).BindFunc(inTransaction)
	app.OnRecordUpdate(names...).BindFunc(inTransaction)

	app.OnRecordValidate(names...).BindFunc(func(e *core.RecordEvent) error {
		fieldErrs := e.Next() // PocketBase's own field checks first (required, ranges, values)
		validate := rules[e.Record.Collection().Name].Validate
		if validate == nil {
			return fieldErrs
		}
		return mergeErrors(fieldErrs, validate(e.App, e.Record, now()))
	})

	// A record saved twice from Go code must compare its second save with its first, not
	// with what it was before both: PocketBase only resets Original() when reading from the db.
	refresh := func(e *core.RecordEvent) error {
		err := e.Next()
		_ = e.Record.PostScan()
		return err
	}
	app.OnRecordAfterCreateSuccess(names...).BindFunc(refresh)
	app.OnRecordAfterUpdateSuccess(names...).BindFunc(refresh)
}

// mergeErrors joins two sets of field errors, the first winning for a field named twice.
func mergeErrors(first, second error) error {
	if first == nil {
		return second
	}
	if second == nil {
		return first
	}
	var a, b validation.Errors
	if !errors.As(first, &a) || !errors.As(second, &b) {
		return first
	}
	merged := maps.Clone(b)
	maps.Copy(merged, a)
	return merged
}
