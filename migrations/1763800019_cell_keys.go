package migrations

import (
	"crypto/rand"
	"math/big"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The impact figures that leave a branch are perturbed by the cell key method (impact.md):
// every duo and every person carries a key drawn once at random, 1 to 255, and a cell's noise
// is read from the sum of its records' keys, so that the same people always give the same
// figure. The key is part of the record (a backup holds it, a pseudonym keeps it), hidden
// from every caller but superusers. Records that exist now draw theirs here.
func init() {
	m.Register(func(app core.App) error {
		for _, name := range []string{"duos", "users"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.Add(&core.NumberField{Name: "cell_key", Hidden: true, OnlyInt: true, Min: float(0), Max: float(255),
				Help: "Drawn once at random by the server (1-255) for the impact figures' cell key method"})
			if err := app.Save(c); err != nil {
				return err
			}
			if err := drawCellKeys(app, name); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range []string{"duos", "users"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.RemoveByName("cell_key")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}

func drawCellKeys(app core.App, table string) error {
	var ids []string
	if err := app.DB().Select("id").From(table).Column(&ids); err != nil {
		return err
	}
	for _, id := range ids {
		n, err := rand.Int(rand.Reader, big.NewInt(255))
		if err != nil {
			return err
		}
		if _, err := app.DB().Update(table, dbx.Params{"cell_key": n.Int64() + 1}, dbx.HashExp{"id": id}).Execute(); err != nil {
			return err
		}
	}
	return nil
}
