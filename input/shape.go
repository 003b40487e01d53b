// Package input checks the shape of submitted record data (types, dates, ids) before
// PocketBase casts it, so that a wrong type is a 400 naming the field, never a silent 0.
package input

import (
	"regexp"
	"strconv"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Error codes; their texts in every language are in i18n/locales.
const (
	CodeType   = "duo_wrong_type"
	CodeDate   = "duo_invalid_date"
	CodeIDForm = "duo_invalid_id"
)

// Kinds of value, as named in errors' params ("expected").
const (
	kindText    = "text"
	kindNumber  = "number"
	kindBoolean = "boolean"
	kindDate    = "date"
	kindID      = "id"
	kindList    = "list"
)

var idPattern = regexp.MustCompile(`^[a-z0-9]{15}$`)

// Shape checks each submitted value against the type of the collection field it targets.
// Keys that are not fields (or carry PocketBase's +/- modifiers) are left to PocketBase.
// Set lenient for form submissions, whose values arrive as text and are type-guessed.
func Shape(collection *core.Collection, body map[string]any, lenient bool) error {
	errs := validation.Errors{}
	for key, value := range body {
		name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(key, "+"), "+"), "-")
		field := collection.Fields.GetByName(name)
		if field == nil {
			continue
		}
		if err := checkValue(field, value, lenient, name != key); err != nil {
			errs[name] = err
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func checkValue(field core.Field, value any, lenient, modifier bool) error {
	if value == nil {
		return nil // clears the field
	}
	switch f := field.(type) {
	case *core.NumberField:
		return expect(isNumber(value), kindNumber)
	case *core.BoolField:
		return expect(isBool(value), kindBoolean)
	case *core.DateField:
		return checkDate(value)
	case *core.SelectField:
		return checkList(value, f.IsMultiple() || modifier, kindText, nil)
	case *core.RelationField:
		return checkList(value, f.IsMultiple() || modifier, kindID, idPattern)
	case *core.TextField, *core.EmailField, *core.URLField, *core.EditorField, *core.PasswordField:
		_, isString := value.(string)
		return expect(isString || (lenient && isScalar(value)), kindText)
	}
	return nil // json, files, geo points: PocketBase validates them itself
}

func expect(ok bool, kind string) error {
	if ok {
		return nil
	}
	return validation.NewError(CodeType, "Must be {{.expected}}.").SetParams(map[string]any{"expected": kind})
}

func isNumber(v any) bool {
	switch x := v.(type) {
	case float64, int, int64:
		return true
	case string:
		if x == "" {
			return true // clears the field
		}
		_, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return err == nil
	}
	return false
}

func isBool(v any) bool {
	switch x := v.(type) {
	case bool:
		return true
	case string:
		_, err := strconv.ParseBool(x)
		return err == nil || x == ""
	}
	return false
}

func isScalar(v any) bool {
	switch v.(type) {
	case string, float64, bool:
		return true
	}
	return false
}

func checkDate(v any) error {
	s, ok := v.(string)
	if !ok {
		return expect(false, kindDate)
	}
	if s == "" {
		return nil // clears the field
	}
	// PocketBase turns an unreadable date into "no date" without a word: catch it here.
	if parsed, _ := types.ParseDateTime(s); parsed.IsZero() {
		return validation.NewError(CodeDate, "Must be a date such as 2026-11-22 or 2026-11-22 18:30:00Z.")
	}
	return nil
}

// checkList accepts one value, or a list when the field holds several; ids must look like ids.
func checkList(v any, multiple bool, kind string, pattern *regexp.Regexp) error {
	items := []any{v}
	if list, isList := v.([]any); isList {
		if !multiple {
			return expect(false, kind)
		}
		items = list
	}
	for _, item := range items {
		s, isString := item.(string)
		if !isString {
			if multiple {
				return expect(false, kindList)
			}
			return expect(false, kind)
		}
		if pattern != nil && s != "" && !pattern.MatchString(s) {
			return validation.NewError(CodeIDForm, "Must be a record id: 15 characters, a-z and 0-9.")
		}
	}
	return nil
}
