package lifecycle

import (
	"fmt"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// Kinds of duo_events.
const (
	EventCreated        = "created"
	EventStatusChanged  = "status_changed"
	EventSigned         = "signed"
	EventDatesCorrected = "dates_corrected"
	EventPersonErased   = "person_erased"
)

type event struct {
	kind, from, to, detail string
}

// recordEvent appends to a duo's history, in the caller's transaction, who did what and when.
func recordEvent(app core.App, duoID string, actor access.Actor, e event, now time.Time) error {
	collection, err := app.FindCachedCollectionByNameOrId("duo_events")
	if err != nil {
		return err
	}
	rec := core.NewRecord(collection)
	rec.Set("duo", duoID)
	rec.Set("kind", e.kind)
	rec.Set("from_status", e.from)
	rec.Set("to_status", e.to)
	rec.Set("detail", e.detail)
	rec.Set("actor_kind", actor.Kind())
	rec.Set("actor", actor.PersonID())
	rec.Set("at", now)
	return app.Save(rec)
}

// afterDuo writes the consequences of a duo's save: its history, the agreement to sign once
// validated, the final evaluations once completed.
func afterDuo(app core.App, duo *core.Record, now time.Time) error {
	actor := access.ActorOf(duo)
	status := duo.GetString("status")
	if duo.IsNew() || duo.Original().IsNew() {
		return recordEvent(app, duo.Id, actor, event{kind: EventCreated, to: status}, now)
	}
	original := duo.Original()
	from := original.GetString("status")
	if from != status {
		e := event{kind: EventStatusChanged, from: from, to: status}
		switch status {
		case Stopped:
			e.detail = duo.GetString("stop_category") // a code: each reader reads it in their language
		case Active:
			e.detail = fmt.Sprintf("%s → %s", dateText(duo, "started_on"), dateText(duo, "ends_on"))
		}
		if err := recordEvent(app, duo.Id, actor, e, now); err != nil {
			return err
		}
		switch status {
		case Validated:
			return ensureAgreement(app, duo)
		case Completed:
			return ensureFinalEvaluations(app, duo)
		}
		return nil
	}
	if access.Changed(duo, "started_on") || access.Changed(duo, "ends_on") {
		// Dates only, the new period then the former one: each reader writes them in their words.
		detail := fmt.Sprintf("%s → %s (%s → %s)", dateText(duo, "started_on"), dateText(duo, "ends_on"),
			dateText(original, "started_on"), dateText(original, "ends_on"))
		return recordEvent(app, duo.Id, actor, event{kind: EventDatesCorrected, detail: detail}, now)
	}
	return nil
}

// RecordPersonErased writes in a duo's history that its mentor or mentee (role) was erased:
// the partner and the coordinators read "erased person" where that person's name was.
func RecordPersonErased(app core.App, duoID string, actor access.Actor, role string, now time.Time) error {
	return recordEvent(app, duoID, actor, event{kind: EventPersonErased, detail: role}, now)
}

func dateText(r *core.Record, field string) string {
	dt := r.GetDateTime(field)
	if dt.IsZero() {
		return "-"
	}
	return dt.Time().Format(time.DateOnly)
}

// validateEvent keeps the history append-only: an event, once written, never changes. (The
// only update PocketBase itself makes, unsetting the actor of an erased account, skips
// validation.)
func validateEvent(app core.App, ev *core.Record, now time.Time) error {
	if ev.IsNew() {
		return nil
	}
	errs := validation.Errors{}
	for _, f := range access.ChangedFields(ev) {
		errs[f] = fieldError(CodeHistoryAppendOnly, "The duo history cannot be changed.")
	}
	return errorsOrNil(errs)
}
