package access

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
)

// Places a person may hold in a duo.
const (
	InDuoNone        = ""
	InDuoMentor      = "mentor"
	InDuoMentee      = "mentee"
	InDuoCoordinator = "coordinator" // any coordinator of the duo's branch supervises it
)

// PlaceInDuo tells how the actor stands to the duo.
func PlaceInDuo(actor Actor, duo *core.Record) string {
	id := actor.PersonID()
	switch {
	case id == "":
		return InDuoNone
	case duo.GetString("mentor") == id:
		return InDuoMentor
	case duo.GetString("mentee") == id:
		return InDuoMentee
	case actor.IsCoordinatorOf(duo.GetString("branch")):
		return InDuoCoordinator
	}
	return InDuoNone
}

// coordinatorMoves are the status changes a coordinator makes by hand; activation follows
// the signatures and completion follows the calendar, both done by the server.
var coordinatorMoves = map[string][]string{
	"proposed":  {"validated", "declined"},
	"validated": {"stopped"},
	"active":    {"stopped"},
}

var duoMeetingFields = []string{"meeting_weekday", "meeting_time", "meeting_place"}

func checkDuo(app core.App, actor Actor, op Op, duo *core.Record) error {
	if op == Create {
		return exceptFields(duo, "started_on", "ends_on", "stop_reason", "stop_category")
	}
	switch PlaceInDuo(actor, duo.Original()) {
	case InDuoCoordinator:
		locked := []string{"branch", "started_on", "ends_on"}
		if duo.Original().GetString("status") != "proposed" {
			// Once validated, the pair is what both agreed to; re-matching is a new duo.
			locked = append(locked, "mentor", "mentee")
		}
		if err := exceptFields(duo, locked...); err != nil {
			return err
		}
		from, to := duo.Original().GetString("status"), duo.GetString("status")
		if from != to && !slices.Contains(coordinatorMoves[from], to) {
			return forbiddenValue("status", to)
		}
		return nil
	case InDuoMentor, InDuoMentee:
		return onlyFields(duo, duoMeetingFields...)
	}
	return forbidden(nil)
}

// duoOf loads the duo a record belongs to, or nil if it cannot be found (the relation
// validation of the save reports that case with the field's name).
func duoOf(app core.App, record *core.Record) *core.Record {
	id := record.GetString("duo")
	if original := record.Original(); !record.IsNew() && original.GetString("duo") != "" {
		id = original.GetString("duo") // the duo a record already belongs to decides
	}
	duo, err := app.FindRecordById("duos", id)
	if err != nil {
		return nil
	}
	return duo
}

func checkAgreement(app core.App, actor Actor, op Op, agreement *core.Record) error {
	duo := duoOf(app, agreement)
	if duo == nil {
		return nil
	}
	switch PlaceInDuo(actor, duo) {
	case InDuoMentor:
		return onlyFields(agreement, "mentor_signed_at")
	case InDuoMentee:
		return onlyFields(agreement, "mentee_signed_at")
	case InDuoCoordinator:
		return onlyFields(agreement, "commitments")
	}
	return forbidden(nil)
}

func checkObjective(app core.App, actor Actor, op Op, objective *core.Record) error {
	if op == Update {
		return exceptFields(objective, "duo")
	}
	return nil
}

func checkMeeting(app core.App, actor Actor, op Op, meeting *core.Record) error {
	if op == Delete {
		return nil
	}
	if op == Create {
		return exceptFields(meeting, "mentee_confirmed")
	}
	duo := duoOf(app, meeting)
	if duo == nil {
		return nil
	}
	switch PlaceInDuo(actor, duo) {
	case InDuoMentor:
		return exceptFields(meeting, "duo", "logged_by", "mentee_confirmed")
	case InDuoMentee:
		return onlyFields(meeting, "mentee_confirmed")
	}
	return forbidden(nil)
}

var evaluationAnswers = []string{"expectations_met", "objectives_achieved", "satisfaction",
	"outcome", "would_mentor_again", "comments", "submitted_at", "autonomy", "network", "felt_useful", "coaching_skills"}

func checkEvaluation(app core.App, actor Actor, op Op, evaluation *core.Record) error {
	return onlyFields(evaluation, evaluationAnswers...)
}

// exceptFields answers 403 if any of the locked fields changes.
func exceptFields(record *core.Record, locked ...string) error {
	var allowed []string
	for _, f := range record.Collection().Fields {
		if !slices.Contains(locked, f.GetName()) {
			allowed = append(allowed, f.GetName())
		}
	}
	return onlyFields(record, allowed...)
}
