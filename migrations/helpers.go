// Package migrations holds duo's schema and API rules as Go migrations; a migration that has
// run is never rewritten, a change is always a new migration.
package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// These helpers are deliberately tiny and stable: a migration that has run must keep meaning
// what it meant, so anything that could evolve (rules, value lists) is written out in the
// migration itself, not shared.

func rule(expr string) *string { return types.Pointer(expr) }

func float(v float64) *float64 { return &v }

func timestamps(c *core.Collection) {
	c.Fields.Add(&core.AutodateField{Name: "created", OnCreate: true})
	c.Fields.Add(&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true})
}
