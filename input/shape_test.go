package input

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

func TestShape(t *testing.T) {
	things := core.NewBaseCollection("things")
	things.Fields.Add(
		&core.NumberField{Name: "n"}, &core.BoolField{Name: "b"}, &core.DateField{Name: "d"},
		&core.TextField{Name: "s"}, &core.SelectField{Name: "one", MaxSelect: 1, Values: []string{"a", "b"}},
		&core.SelectField{Name: "many", MaxSelect: 2, Values: []string{"a", "b"}},
		&core.RelationField{Name: "rel", MaxSelect: 1, CollectionId: "x"},
		&core.RelationField{Name: "rels", MaxSelect: 5, CollectionId: "x"},
		&core.JSONField{Name: "j"},
	)
	id := "abcdefghij12345"
	cases := []struct {
		name    string
		body    map[string]any
		lenient bool
		bad     string // the field named in the error, "" for none
	}{
		{"number", map[string]any{"n": 3.5}, false, ""},
		{"numeric text", map[string]any{"n": "12"}, false, ""},
		{"empty text clears a number", map[string]any{"n": ""}, false, ""},
		{"word for a number", map[string]any{"n": "twelve"}, false, "n"},
		{"bool for a number", map[string]any{"n": true}, false, "n"},
		{"bool", map[string]any{"b": false}, false, ""},
		{"text bool", map[string]any{"b": "true"}, false, ""},
		{"word for a bool", map[string]any{"b": "yes"}, false, "b"},
		{"date", map[string]any{"d": "2026-11-22"}, false, ""},
		{"date and time", map[string]any{"d": "2026-11-22 10:00:00.000Z"}, false, ""},
		{"clear a date", map[string]any{"d": ""}, false, ""},
		{"nonsense date", map[string]any{"d": "tomorrow"}, false, "d"},
		{"number for a date", map[string]any{"d": 20261122}, false, "d"},
		{"text", map[string]any{"s": "hello"}, false, ""},
		{"number for a text", map[string]any{"s": 5}, false, "s"},
		{"number for a text in a form", map[string]any{"s": 5.0}, true, ""},
		{"one value", map[string]any{"one": "a"}, false, ""},
		{"list for one value", map[string]any{"one": []any{"a"}}, false, "one"},
		{"list", map[string]any{"many": []any{"a", "b"}}, false, ""},
		{"single value for a list", map[string]any{"many": "a"}, false, ""},
		{"numbers in a list", map[string]any{"many": []any{1.0}}, false, "many"},
		{"appending with a modifier", map[string]any{"one+": []any{"a"}}, false, ""},
		{"id", map[string]any{"rel": id}, false, ""},
		{"malformed id", map[string]any{"rel": "ABC"}, false, "rel"},
		{"ids", map[string]any{"rels": []any{id, id}}, false, ""},
		{"one malformed id among ids", map[string]any{"rels": []any{id, "x"}}, false, "rels"},
		{"anything for json", map[string]any{"j": map[string]any{"k": 1}}, false, ""},
		{"unknown keys are ignored", map[string]any{"collectionName": 5}, false, ""},
		{"null clears", map[string]any{"n": nil, "d": nil}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Shape(things, c.body, c.lenient)
			switch {
			case c.bad == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case c.bad != "" && (err == nil || !strings.Contains(err.Error(), c.bad+":")):
				t.Errorf("expected an error naming %s, got %v", c.bad, err)
			}
		})
	}
}
