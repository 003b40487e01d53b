package erasure

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/list"
)

// deleteDuoNotes deletes the coordinators' notes on the person's duos: written about the two
// of them, they go with either's erasure (those on the person alone go with their account).
func deleteDuoNotes(tx core.App, duos []*core.Record) error {
	if len(duos) == 0 {
		return nil
	}
	ids := make([]string, len(duos))
	for i, d := range duos {
		ids[i] = d.Id
	}
	notes, err := tx.FindAllRecords("case_notes", dbx.In("duo", list.ToInterfaceSlice(ids)...))
	if err != nil {
		return err
	}
	return deleteAll(tx, notes)
}

// deleteAll deletes records through the app (their cascades and the sync log follow).
func deleteAll(tx core.App, records []*core.Record) error {
	for _, r := range records {
		if err := tx.Delete(r); err != nil {
			return err
		}
	}
	return nil
}
