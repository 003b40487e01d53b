// Package synctypes writes the types of the synced collections and of the sync messages from
// duo's own schema, for the client kit: TypeScript declarations, a JSON Schema and the kit's
// runtime description of the collections (`duo types`), so that they cannot drift.
package synctypes

import (
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/sync"
)

// Field is a record's field as a person reads it through REST or a pull.
type Field struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`               // text, number, boolean, date, select, relation, file, json, geoPoint
	Values   []string `json:"values,omitempty"`   // a select's
	Multiple bool     `json:"multiple,omitempty"` // a list of values, ids or files
	Target   string   `json:"target,omitempty"`   // a relation's collection
	Optional bool     `json:"optional,omitempty"` // absent for some readers (another person's account)
	System   bool     `json:"system,omitempty"`   // set by the server: never pushed
}

// Collection is a synced collection: its fields in schema order, and whether the app writes it.
type Collection struct {
	Name     string  `json:"name"`
	Type     string  `json:"type"` // the record type's name in the declarations
	Writable bool    `json:"writable"`
	Fields   []Field `json:"fields"`
}

// serverSet are fields the server sets, whatever a client sends.
var serverSet = []string{core.FieldNameId, "created", "updated", core.FieldNameEmail,
	core.FieldNameEmailVisibility, core.FieldNameVerified}

// Read describes the synced collections as the app's people read them: hidden fields left out,
// another person's account reduced to its public fields.
func Read(app core.App) ([]Collection, error) {
	out := make([]Collection, 0, len(access.SyncedCollections))
	for _, name := range access.SyncedCollections {
		collection, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return nil, err
		}
		c := Collection{Name: name, Type: typeName(name), Writable: !slices.Contains(sync.ReadOnlyCollections, name)}
		for _, f := range collection.Fields {
			if f.GetHidden() || f.Type() == core.FieldTypePassword {
				continue
			}
			field, err := describe(app, f)
			if err != nil {
				return nil, err
			}
			field.Optional = collection.IsAuth() && !slices.Contains(access.PublicAccountFields, f.GetName())
			field.System = slices.Contains(serverSet, f.GetName())
			c.Fields = append(c.Fields, field)
		}
		out = append(out, c)
	}
	return out, nil
}

func describe(app core.App, f core.Field) (Field, error) {
	out := Field{Name: f.GetName(), Kind: "text"}
	switch f := f.(type) {
	case *core.NumberField:
		out.Kind = "number"
	case *core.BoolField:
		out.Kind = "boolean"
	case *core.DateField, *core.AutodateField:
		out.Kind = "date"
	case *core.SelectField:
		out.Kind, out.Values, out.Multiple = "select", f.Values, f.IsMultiple()
	case *core.FileField:
		out.Kind, out.Multiple = "file", f.IsMultiple()
	case *core.JSONField:
		out.Kind = "json"
	case *core.GeoPointField:
		out.Kind = "geoPoint"
	case *core.RelationField:
		target, err := app.FindCachedCollectionByNameOrId(f.CollectionId)
		if err != nil {
			return out, err
		}
		out.Kind, out.Multiple, out.Target = "relation", f.IsMultiple(), target.Name
	}
	return out, nil
}

// typeName is a collection's record type: "duo_events" -> "DuoEvent", "branches" -> "Branch".
func typeName(collection string) string {
	singular := strings.TrimSuffix(collection, "s")
	if strings.HasSuffix(collection, "ches") {
		singular = strings.TrimSuffix(collection, "es")
	}
	var b strings.Builder
	for _, part := range strings.Split(singular, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
