package lifecycle

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// ObjectivesOpen reports whether a duo's objectives may be created, edited or removed: from
// the validation of the match until the end of the period.
func ObjectivesOpen(duo *core.Record) bool {
	status := duo.GetString("status")
	return status == Validated || status == Active
}

func prepareObjective(app core.App, objective *core.Record, now time.Time) error {
	if objective.GetString("status") == "" {
		objective.Set("status", "open")
	}
	objective.Set("due_on", DateOnly(objective.GetDateTime("due_on")))
	return nil
}

// validateObjective: objectives change while the duo is validated or active, stay with their
// duo, and fall due within a year of the duo's creation.
func validateObjective(app core.App, objective *core.Record, now time.Time) error {
	duo, err := app.FindRecordById("duos", objective.GetString("duo"))
	if err != nil {
		return nil // PocketBase's relation check names the missing duo
	}
	errs := validation.Errors{}
	if !objective.IsNew() && access.Changed(objective, "duo") {
		errs["duo"] = immutable()
	}
	if !ObjectivesOpen(duo) {
		errs["duo"] = fieldError(CodeObjectivesClosed, "Objectives change while the duo is validated or active.")
	}
	if due := objective.GetDateTime("due_on"); !due.IsZero() {
		from := DateOnly(duo.GetDateTime("created"))
		until := AddMonths(from, ObjectiveHorizon)
		if due.Before(from) || due.After(until) {
			errs["due_on"] = fieldError(CodeDueRange, "Must be between {{.from}} and {{.until}}.", map[string]any{
				"from": from.Time().Format(time.DateOnly), "until": until.Time().Format(time.DateOnly)})
		}
	}
	return errorsOrNil(errs)
}
