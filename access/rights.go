package access

import (
	"fmt"
	"slices"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Op is the kind of write being checked.
type Op string

const (
	Create Op = "create"
	Update Op = "update"
	Delete Op = "delete"
)

// CheckWrite refines the collection's API rule for a person: which fields they may set and
// which moves they may make. The API rule has already decided that they may write the record
// at all; superusers and the server are only held to the model's own invariants (lifecycle/),
// and nobody deletes what only an erasure removes (checkNeverDeleted).
// It answers a 403 naming the fields, or nil.
func CheckWrite(app core.App, actor Actor, op Op, record *core.Record) error {
	if record.Collection().Name == "duo_events" && op != Update {
		// The history is written by the server alone, whoever asks.
		return router.NewForbiddenError("The duo history is written by the server only.", nil)
	}
	if op == Delete {
		if err := checkNeverDeleted(record); err != nil {
			return err
		}
	}
	if actor.Trusted() {
		return nil
	}
	check, ok := checks[record.Collection().Name]
	if !ok {
		return nil
	}
	return check(app, actor, op, record)
}

type checkFunc func(app core.App, actor Actor, op Op, record *core.Record) error

var checks = map[string]checkFunc{
	"users":       checkUser,
	"profiles":    checkProfile,
	"duos":        checkDuo,
	"agreements":  checkAgreement,
	"objectives":  checkObjective,
	"meetings":    checkMeeting,
	"evaluations": checkEvaluation,
}

// Error codes raised here; their texts in every language are in i18n/locales.
const (
	CodeFieldForbidden = "duo_field_forbidden"
	CodeValueForbidden = "duo_value_forbidden"
)

// onlyFields answers 403 for every changed field outside allowed.
func onlyFields(record *core.Record, allowed ...string) error {
	errs := validation.Errors{}
	for _, name := range ChangedFields(record) {
		if !slices.Contains(allowed, name) {
			errs[name] = validation.NewError(CodeFieldForbidden, "You may not change this field.")
		}
	}
	return forbidden(errs)
}

func forbidden(errs validation.Errors) error {
	if len(errs) == 0 {
		return nil
	}
	return router.NewForbiddenError("You may not make this change.", errs)
}

func forbiddenValue(field string, value any) error {
	return forbidden(validation.Errors{field: validation.NewError(CodeValueForbidden,
		"You may not set this value: {{.value}}.").SetParams(map[string]any{"value": fmt.Sprint(value)})})
}

// ChangedFields lists the fields a save would change: for a new record every field given a
// value, otherwise every field whose value differs from the stored one. Autodates and the
// auth token key (rotated by PocketBase itself) are not changes a person makes.
func ChangedFields(record *core.Record) []string {
	var changed []string
	original := record.Original()
	for _, f := range record.Collection().Fields {
		name := f.GetName()
		if f.Type() == core.FieldTypeAutodate || name == core.FieldNameId || name == core.FieldNameTokenKey {
			continue
		}
		if differs(record, original, name) {
			changed = append(changed, name)
		}
	}
	return changed
}

// Changed reports whether a save changes that field.
func Changed(record *core.Record, field string) bool {
	return differs(record, record.Original(), field)
}

func differs(record, original *core.Record, field string) bool {
	if record.IsNew() {
		return !isZero(record.Get(field))
	}
	return fmt.Sprint(record.Get(field)) != fmt.Sprint(original.Get(field))
}

func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case float64:
		return x == 0
	case bool:
		return !x
	case []string:
		return len(x) == 0
	case interface{ IsZero() bool }:
		return x.IsZero()
	}
	return fmt.Sprint(v) == ""
}
