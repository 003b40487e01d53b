// Package audit records who exported a person's data, erased a person or changed a consent,
// and when, by record ids only: the log itself holds no personal data. Superusers read it.
package audit

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// Actions of the audit log.
const (
	ConsentGiven     = "consent_given"
	ConsentWithdrawn = "consent_withdrawn"
	Export           = "export"
	Erase            = "erase"
)

// Record appends to the audit log, in the caller's transaction: action on person by actor,
// with a detail that names a purpose or a reason code, never a value of the data.
func Record(app core.App, action, person string, actor access.Actor, detail string, now time.Time) error {
	collection, err := app.FindCachedCollectionByNameOrId("data_audit")
	if err != nil {
		return err
	}
	entry := core.NewRecord(collection)
	entry.Set("action", action)
	entry.Set("person", person)
	entry.Set("actor_kind", actor.Kind())
	entry.Set("actor", actor.PersonID())
	entry.Set("detail", detail)
	entry.Set("at", now)
	return app.Save(entry)
}

// Bind keeps the audit log the server's: through the API (the dashboard included) nobody,
// superusers included, writes, changes or deletes an entry. Entries go only when the
// retention rules say (retention.AuditYears).
func Bind(app core.App) {
	refuse := func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("The audit log is written by the server only, and never changed.", nil)
	}
	app.OnRecordCreateRequest("data_audit").BindFunc(refuse)
	app.OnRecordUpdateRequest("data_audit").BindFunc(refuse)
	app.OnRecordDeleteRequest("data_audit").BindFunc(refuse)
}
