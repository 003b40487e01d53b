package lifecycle

import (
	"slices"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/access"
)

// Duo statuses (domain.md): proposed -> validated or declined; validated -> active (both
// signed) or stopped; active -> completed (period over) or stopped (with a reason).
const (
	Proposed  = "proposed"
	Validated = "validated"
	Declined  = "declined"
	Active    = "active"
	Completed = "completed"
	Stopped   = "stopped"
)

var transitions = map[string][]string{
	Proposed:  {Validated, Declined},
	Validated: {Active, Stopped},
	Active:    {Completed, Stopped},
}

// prepareDuo fills what the server decides: a new duo is proposed and supervised by the
// coordinator who made it; an activation gets its period; a stop ends the period that day.
func prepareDuo(app core.App, duo *core.Record, now time.Time) error {
	actor := access.ActorOf(duo)
	for _, f := range []string{"started_on", "ends_on"} {
		duo.Set(f, DateOnly(duo.GetDateTime(f)))
	}
	if duo.IsNew() {
		if duo.GetString("status") == "" {
			duo.Set("status", Proposed)
		}
		if duo.GetString("coordinator") == "" && actor.Role() == access.RoleCoordinator {
			duo.Set("coordinator", actor.PersonID())
		}
		return nil
	}
	from, to := duo.Original().GetString("status"), duo.GetString("status")
	if from == to {
		return nil
	}
	switch to {
	case Active:
		if duo.GetDateTime("started_on").IsZero() {
			start := activationDate(app, duo, now)
			duo.Set("started_on", start)
			duo.Set("ends_on", AddMonths(start, PeriodMonths))
		}
	case Stopped:
		if end := duo.GetDateTime("ends_on"); !end.IsZero() {
			today := LocalDate(now, BranchLocation(app, duo.GetString("branch")))
			if today.Before(end) {
				duo.Set("ends_on", maxDate(today, duo.GetDateTime("started_on")))
			}
		}
	}
	return nil
}

// activationDate is the day the second signature was given (phones sign offline and sync
// later), in the branch's calendar; today if the agreement cannot be read.
func activationDate(app core.App, duo *core.Record, now time.Time) types.DateTime {
	loc := BranchLocation(app, duo.GetString("branch"))
	agreement, err := app.FindFirstRecordByData("agreements", "duo", duo.Id)
	if err != nil {
		return LocalDate(now, loc)
	}
	later := agreement.GetDateTime("mentor_signed_at")
	if m := agreement.GetDateTime("mentee_signed_at"); m.After(later) {
		later = m
	}
	if later.IsZero() || later.Time().After(now) {
		return LocalDate(now, loc)
	}
	return LocalDate(later.Time(), loc)
}

func validateDuo(app core.App, duo *core.Record, now time.Time) error {
	errs := validation.Errors{}
	status := duo.GetString("status")
	if duo.IsNew() {
		if status != Proposed {
			errs["status"] = fieldError(CodeNewDuoStatus, "A new duo starts as proposed.")
		}
	} else {
		original := duo.Original()
		from := original.GetString("status")
		if access.Changed(duo, "branch") {
			errs["branch"] = immutable()
		}
		for _, f := range []string{"mentor", "mentee"} {
			if from != Proposed && access.Changed(duo, f) {
				errs[f] = immutable()
			}
		}
		if from != status && !slices.Contains(transitions[from], status) {
			errs["status"] = fieldError(CodeTransition, "A duo cannot go from {{.from}} to {{.to}}.",
				map[string]any{"from": from, "to": status})
		}
	}
	validateDuoPeople(app, duo, errs)
	if _, bad := errs["status"]; !bad && status == Active {
		validateActivation(app, duo, errs)
	}
	validateStopReason(duo, errs)
	validatePeriod(duo, errs)
	return errorsOrNil(errs)
}

// validateDuoPeople: the mentor is a mentor, the mentee a mentee and the coordinator a
// coordinator, all of the duo's branch, and none of them erased (a pseudonym joins nothing).
func validateDuoPeople(app core.App, duo *core.Record, errs validation.Errors) {
	for field, role := range map[string]string{
		"mentor": access.RoleMentor, "mentee": access.RoleMentee, "coordinator": access.RoleCoordinator,
	} {
		id := duo.GetString(field)
		if id == "" || (!duo.IsNew() && !access.Changed(duo, field) && !access.Changed(duo, "branch")) {
			continue
		}
		person, err := app.FindRecordById("users", id)
		if err != nil {
			continue // PocketBase's relation check names the missing record
		}
		switch {
		case person.GetString("role") != role:
			errs[field] = fieldError(CodeWrongRole, "Must be a person whose role is {{.role}}.",
				map[string]any{"role": role})
		case person.GetString("branch") != duo.GetString("branch"):
			errs[field] = fieldError(CodeOtherBranch, "Must belong to the duo's branch.")
		case !person.GetDateTime("erased_at").IsZero():
			errs[field] = fieldError(CodePersonErased, "This person was erased.")
		}
	}
}

// validateActivation: a duo is active only once both have signed its agreement, and a mentee
// has one active duo at a time.
func validateActivation(app core.App, duo *core.Record, errs validation.Errors) {
	if duo.IsNew() || duo.Original().GetString("status") != Active {
		agreement, err := app.FindFirstRecordByData("agreements", "duo", duo.Id)
		if err != nil || agreement.GetDateTime("mentor_signed_at").IsZero() ||
			agreement.GetDateTime("mentee_signed_at").IsZero() {
			errs["status"] = fieldError(CodeNotSignedByBoth,
				"A duo becomes active only when mentor and mentee have both signed the agreement.")
			return
		}
	}
	if otherActiveDuo(app, duo.GetString("mentee"), duo.Id) {
		errs["mentee"] = fieldError(CodeMenteeActive, "This mentee already has an active duo.")
	}
}

func otherActiveDuo(app core.App, menteeID, exceptDuoID string) bool {
	var n int
	err := app.DB().NewQuery(
		"SELECT COUNT(*) FROM duos WHERE mentee = {:mentee} AND status = 'active' AND id != {:id}").
		Bind(map[string]any{"mentee": menteeID, "id": exceptDuoID}).Row(&n)
	return err == nil && n > 0
}

// StopCategories are why a duo stops, for the programme's figures (stop_category).
var StopCategories = []string{"job", "training", "moved", "lost_contact", "health", "mismatch", "personal", "other"}

// validateStopReason: a duo that stops says why in a category (duos stopped before the
// category existed keep none), and may say a few words to the duo (stop_reason, read by its
// mentor and mentee; what the staff keep to themselves is the duo's staff note); a duo that
// has not stopped has neither.
func validateStopReason(duo *core.Record, errs validation.Errors) {
	reason, category := duo.GetString("stop_reason"), duo.GetString("stop_category")
	stopped := duo.GetString("status") == Stopped
	if !stopped && reason != "" {
		errs["stop_reason"] = fieldError(CodeStopReasonUnused, "Only a stopped duo has a stop reason.")
	}
	switch {
	case stopped && category == "" && (duo.IsNew() || duo.Original().GetString("status") != Stopped):
		errs["stop_category"] = fieldError(CodeStopCategory, "Choose why the duo stops.")
	case !stopped && category != "":
		errs["stop_category"] = fieldError(CodeStopCategoryUnused, "Only a stopped duo has a stop category.")
	}
}

// validatePeriod: no dates before the start; from the start, both dates, ending after the
// start and at most six months later.
func validatePeriod(duo *core.Record, errs validation.Errors) {
	start, end := duo.GetDateTime("started_on"), duo.GetDateTime("ends_on")
	switch duo.GetString("status") {
	case Proposed, Validated, Declined:
		for f, v := range map[string]types.DateTime{"started_on": start, "ends_on": end} {
			if !v.IsZero() {
				errs[f] = fieldError(CodeDatesNotYet, "Set by the server when both have signed the agreement.")
			}
		}
		return
	case Active, Completed:
		if start.IsZero() {
			errs["started_on"] = fieldError(CodeDatesMissing, "An active duo has a start and an end date.")
		}
		if end.IsZero() {
			errs["ends_on"] = fieldError(CodeDatesMissing, "An active duo has a start and an end date.")
		}
	case Stopped:
		if start.IsZero() != end.IsZero() {
			errs["ends_on"] = fieldError(CodeDatesMissing, "An active duo has a start and an end date.")
		}
	}
	if !start.IsZero() && !end.IsZero() && (end.Before(start) || end.After(AddMonths(start, PeriodMonths))) {
		errs["ends_on"] = fieldError(CodePeriodRange,
			"The period ends on or after its start and lasts at most {{.months}} months.",
			map[string]any{"months": PeriodMonths})
	}
}

func maxDate(a, b types.DateTime) types.DateTime {
	if b.After(a) {
		return b
	}
	return a
}
