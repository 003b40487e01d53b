package lifecycle

import (
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/list"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/access"
)

// LogOpen reports whether meetings of the duo may be logged or changed now: while it is
// active, and for 30 days after its end so that the last sessions still get written down.
func LogOpen(app core.App, duo *core.Record, now time.Time) bool {
	switch duo.GetString("status") {
	case Active:
		return true
	case Completed, Stopped:
		end := duo.GetDateTime("ends_on")
		if end.IsZero() {
			return false // stopped before it started: there was nothing to log
		}
		today := LocalDate(now, BranchLocation(app, duo.GetString("branch")))
		return !today.After(AddDays(end, LogGraceDays))
	}
	return false
}

// prepareMeeting: the server says who logged it (the mentor, whoever else saves it), keeps
// dates whole days, and withdraws the mentee's confirmation when what they confirmed changes.
func prepareMeeting(app core.App, meeting *core.Record, now time.Time) error {
	meeting.Set("held_on", DateOnly(meeting.GetDateTime("held_on")))
	if meeting.IsNew() {
		actor := access.ActorOf(meeting)
		if actor.Role() == access.RoleMentor {
			meeting.Set("logged_by", actor.PersonID())
		} else if meeting.GetString("logged_by") == "" {
			if duo, err := app.FindRecordById("duos", meeting.GetString("duo")); err == nil {
				meeting.Set("logged_by", duo.GetString("mentor"))
			}
		}
		return nil
	}
	original := meeting.Original()
	if original.GetBool("mentee_confirmed") && meeting.GetBool("mentee_confirmed") {
		for _, f := range []string{"held_on", "minutes", "mode"} {
			if access.Changed(meeting, f) {
				meeting.Set("mentee_confirmed", false)
				break
			}
		}
	}
	return nil
}

// validateMeeting: logged while the duo's log is open, held within its period and not in the
// future, linked only to the duo's own objectives, logged by its mentor.
func validateMeeting(app core.App, meeting *core.Record, now time.Time) error {
	duo, err := app.FindRecordById("duos", meeting.GetString("duo"))
	if err != nil {
		return nil // PocketBase's relation check names the missing duo
	}
	errs := validation.Errors{}
	if !meeting.IsNew() && access.Changed(meeting, "duo") {
		errs["duo"] = immutable()
	}
	if !LogOpen(app, duo, now) {
		errs["duo"] = fieldError(CodeLogClosed,
			"Meetings are logged while the duo is active and up to {{.days}} days after its end.",
			map[string]any{"days": LogGraceDays})
	}
	if err := heldWithinPeriod(app, duo, meeting.GetDateTime("held_on"), now); err != nil {
		errs["held_on"] = err
	}
	if err := objectivesOfDuo(app, duo.Id, meeting.GetStringSlice("objectives")); err != nil {
		errs["objectives"] = err
	}
	if by := meeting.GetString("logged_by"); by != "" && by != duo.GetString("mentor") {
		errs["logged_by"] = fieldError(CodeLoggedByMentor, "Meetings are logged by the duo's mentor.")
	}
	return errorsOrNil(errs)
}

func heldWithinPeriod(app core.App, duo *core.Record, held types.DateTime, now time.Time) error {
	if held.IsZero() {
		return nil // the required check names it
	}
	start, end := duo.GetDateTime("started_on"), duo.GetDateTime("ends_on")
	today := LocalDate(now, BranchLocation(app, duo.GetString("branch")))
	switch {
	case held.After(today):
		return fieldError(CodeInFuture, "Cannot be in the future.")
	case !start.IsZero() && held.Before(start):
		return fieldError(CodeBeforeStart, "Cannot be before the duo's start ({{.date}}).",
			map[string]any{"date": dateText(duo, "started_on")})
	case !end.IsZero() && held.After(end):
		return fieldError(CodeAfterEnd, "Cannot be after the duo's end ({{.date}}).",
			map[string]any{"date": dateText(duo, "ends_on")})
	}
	return nil
}

func objectivesOfDuo(app core.App, duoID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	var others int
	err := app.RecordQuery("objectives").Select("COUNT(*)").
		AndWhere(dbx.In("id", list.ToInterfaceSlice(ids)...)).
		AndWhere(dbx.Not(dbx.HashExp{"duo": duoID})).Row(&others)
	if err == nil && others > 0 {
		return fieldError(CodeObjectiveOtherDuo, "Only objectives of the same duo can be linked.")
	}
	return nil // a missing id is named by PocketBase's relation check
}
