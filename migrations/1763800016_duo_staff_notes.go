package migrations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/list"

	"github.com/duoforajob/duo/sync"
)

// What a coordinator writes when a duo stops, split by who reads it. The duo's stop_category
// and stop_reason (now a short message to the duo, optional) reach both phones, as does the
// history; the staff's own note on a duo lives apart, in duo_staff_notes, read and written by
// the coordinators of the duo's branch (and administrators), never by its mentor or mentee:
// its rules keep it from REST, expands and realtime, and the app does not sync it.
//
// Coordinators wrote frank stop reasons believing them their own: each becomes the duo's
// staff note, and leaves the duo and its history, where the category stands instead.
func init() {
	const (
		staff            = `@request.auth.id != "" && @request.auth.role = "coordinator" && duo.branch = @request.auth.branch`
		stopReasonBefore = 1000
		stopMessageMax   = 300
	)
	m.Register(func(app core.App) error {
		duos, err := app.FindCollectionByNameOrId("duos")
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		notes := core.NewBaseCollection("duo_staff_notes")
		notes.ListRule, notes.ViewRule, notes.CreateRule, notes.UpdateRule = rule(staff), rule(staff), rule(staff), rule(staff)
		notes.DeleteRule = nil
		notes.Fields.Add(
			&core.RelationField{Name: "duo", Required: true, MaxSelect: 1, CollectionId: duos.Id, CascadeDelete: true},
			&core.TextField{Name: "text", Max: 2000, Help: "Read by the branch's coordinators only, never by the duo"},
			&core.RelationField{Name: "author", MaxSelect: 1, CollectionId: users.Id,
				Help: "Who last wrote it (set by the server; empty for an administrator)"},
		)
		timestamps(notes)
		notes.AddIndex("idx_duo_staff_notes_duo", true, "duo", "")
		if err := app.Save(notes); err != nil {
			return err
		}
		return app.RunInTransaction(func(tx core.App) error {
			var stopped []struct {
				ID       string `db:"id"`
				Reason   string `db:"stop_reason"`
				Category string `db:"stop_category"`
			}
			if err := tx.DB().NewQuery(`SELECT id, stop_reason, stop_category FROM duos WHERE stop_reason != ''`).All(&stopped); err != nil {
				return err
			}
			var duoIDs, eventIDs []string
			for _, d := range stopped {
				note := core.NewRecord(notes)
				note.Set("duo", d.ID)
				note.Set("text", d.Reason)
				if err := tx.SaveNoValidate(note); err != nil {
					return err
				}
				if _, err := tx.DB().Update("duos", dbx.Params{"stop_reason": ""}, dbx.HashExp{"id": d.ID}).Execute(); err != nil {
					return err
				}
				var events []string
				if err := tx.DB().Select("id").From("duo_events").Where(dbx.HashExp{"duo": d.ID, "kind": "status_changed",
					"to_status": "stopped"}).Column(&events); err != nil {
					return err
				}
				if len(events) > 0 {
					if _, err := tx.DB().Update("duo_events", dbx.Params{"detail": d.Category},
						dbx.In("id", list.ToInterfaceSlice(events)...)).Execute(); err != nil {
						return err
					}
				}
				duoIDs, eventIDs = append(duoIDs, d.ID), append(eventIDs, events...)
			}
			if f, ok := duos.Fields.GetByName("stop_reason").(*core.TextField); ok {
				f.Max = stopMessageMax
				f.Help = "Optional words to the duo when it stops: its mentor and mentee read them"
			}
			if err := tx.Save(duos); err != nil {
				return err
			}
			if err := sync.Touch(tx, "duos", duoIDs...); err != nil {
				return err
			}
			return sync.Touch(tx, "duo_events", eventIDs...)
		})
	}, func(app core.App) error {
		duos, err := app.FindCollectionByNameOrId("duos")
		if err != nil {
			return err
		}
		if f, ok := duos.Fields.GetByName("stop_reason").(*core.TextField); ok {
			f.Max = stopReasonBefore
			f.Help = ""
		}
		if err := app.Save(duos); err != nil {
			return err
		}
		notes, err := app.FindCollectionByNameOrId("duo_staff_notes")
		if err != nil {
			return nil
		}
		return app.Delete(notes)
	})
}
