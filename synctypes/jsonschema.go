package synctypes

import (
	"encoding/json"
	"io"

	"github.com/duoforajob/duo/sync"
)

type object = map[string]any

// WriteJSONSchema writes a JSON Schema (2020-12) of every synced record and sync message.
func WriteJSONSchema(w io.Writer, collections []Collection) error {
	defs := object{}
	var records []any
	for _, c := range collections {
		defs[c.Type] = recordSchema(c)
		records = append(records, object{"$ref": "#/$defs/" + c.Type})
	}
	defs["Record"] = object{"oneOf": records}
	for name, schema := range messageSchemas(collections) {
		defs[name] = schema
	}
	doc := object{
		"$schema":       "https://json-schema.org/draft/2020-12/schema",
		"$id":           "https://duoforajob.org/schemas/duo-sync.json",
		"title":         "duo sync, schema version " + itoa(sync.SchemaVersion),
		"$comment":      generated,
		"x-duo-version": sync.SchemaVersion,
		"$defs":         defs,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func recordSchema(c Collection) object {
	props := object{
		"collectionId":   object{"type": "string"},
		"collectionName": object{"const": c.Name},
	}
	required := []string{"collectionId", "collectionName"}
	for _, f := range c.Fields {
		props[f.Name] = fieldSchema(f)
		if !f.Optional {
			required = append(required, f.Name)
		}
	}
	// A newer server adds fields within a version: a record keeps what it does not declare.
	return object{"type": "object", "properties": props, "required": required, "additionalProperties": true}
}

func fieldSchema(f Field) object {
	var s object
	switch f.Kind {
	case "number":
		s = object{"type": "number"}
	case "boolean":
		s = object{"type": "boolean"}
	case "select":
		values := make([]any, 0, len(f.Values)+1)
		for _, v := range f.Values {
			values = append(values, v)
		}
		if !f.Multiple {
			values = append(values, "")
		}
		s = object{"enum": values}
	case "relation":
		s = object{"type": "string", "pattern": "^([a-z0-9]{15})?$"}
	case "json":
		s = object{}
	case "geoPoint":
		s = object{"type": "object", "properties": object{"lon": object{"type": "number"}, "lat": object{"type": "number"}}}
	default:
		s = object{"type": "string"}
	}
	if f.Multiple {
		return object{"type": "array", "items": s}
	}
	return s
}

func messageSchemas(collections []Collection) object {
	ref := func(name string) object { return object{"$ref": "#/$defs/" + name} }
	str, num, boolean := object{"type": "string"}, object{"type": "number"}, object{"type": "boolean"}
	strict := func(props object, required ...string) object {
		return object{"type": "object", "properties": props, "required": required}
	}
	var names, writable []any
	for _, c := range collections {
		names = append(names, c.Name)
		if c.Writable {
			writable = append(writable, c.Name)
		}
	}
	return object{
		"Change": strict(object{"collection": str, "id": str, "op": object{"enum": []any{"upsert", "delete"}},
			"record": ref("Record")}, "collection", "id", "op"),
		"PullResponse": strict(object{"cursor": str, "hasMore": boolean, "reset": boolean,
			"changes": object{"type": "array", "items": ref("Change")}}, "cursor", "hasMore", "reset", "changes"),
		"Mutation": strict(object{"mid": object{"type": "integer", "minimum": 1}, "collection": object{"enum": writable},
			"op": object{"enum": []any{"create", "update", "delete"}}, "id": object{"type": "string", "pattern": "^[a-z0-9]{15}$"},
			"base": str, "fields": object{"type": "object"}}, "mid", "collection", "op", "id", "base"),
		"PushRequest": strict(object{"clientId": object{"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"},
			"acked": object{"type": "integer", "minimum": 0}, "mutations": object{"type": "array", "items": ref("Mutation"), "maxItems": sync.MaxMutations}},
			"clientId", "mutations"),
		"Result": strict(object{"mid": num, "status": object{"enum": []any{sync.Applied, sync.Duplicate, sync.Conflict, sync.Rejected, sync.Resend}},
			"code": str, "message": str, "fields": object{"type": "object"}, "first": ref("Result"), "record": ref("Record")}, "mid", "status"),
		"PushResponse": strict(object{"lastMid": num, "resendFrom": num, "results": object{"type": "array", "items": ref("Result")}},
			"lastMid", "results"),
		"CollectionName": object{"enum": names},
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
