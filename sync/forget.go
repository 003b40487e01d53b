package sync

import (
	"encoding/json"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// ForgetPerson takes an erased person out of the push log, in the erasure's transaction: the
// app installs they pushed from and the outcomes kept for them go; the outcomes kept for the
// people who shared records with them (their partners, their branch's coordinators) have
// their values rewritten by redact, which takes the person out of a JSON value (a conflict's
// both sides may name them or hold what they wrote).
func ForgetPerson(app core.App, personID string, sharedWith []string, redact func(any) any) error {
	if _, err := app.DB().NewQuery("DELETE FROM _sync_results WHERE client IN (SELECT id FROM _sync_clients WHERE user_id = {:p})").
		Bind(dbx.Params{"p": personID}).Execute(); err != nil {
		return err
	}
	if _, err := app.DB().Delete("_sync_clients", dbx.HashExp{"user_id": personID}).Execute(); err != nil {
		return err
	}
	if len(sharedWith) == 0 {
		return nil
	}
	var rows []struct {
		Client string `db:"client"`
		Mid    int64  `db:"mid"`
		Result string `db:"result"`
	}
	if err := app.DB().Select("client", "mid", "result").From("_sync_results").
		Where(dbx.NewExp("client IN (SELECT id FROM _sync_clients WHERE user_id IN ("+placeholders(len(sharedWith))+"))",
			withAudiences(sharedWith, dbx.Params{}))).
		All(&rows); err != nil {
		return err
	}
	for _, row := range rows {
		var v any
		if err := json.Unmarshal([]byte(row.Result), &v); err != nil {
			continue
		}
		rewritten, err := json.Marshal(redact(v))
		if err != nil || string(rewritten) == row.Result {
			continue
		}
		if _, err := app.DB().Update("_sync_results", dbx.Params{"result": string(rewritten)},
			dbx.HashExp{"client": row.Client, "mid": row.Mid}).Execute(); err != nil {
			return err
		}
	}
	return nil
}
