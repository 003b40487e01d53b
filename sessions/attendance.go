package sessions

import (
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// The states of a person on a session's list.
const (
	Invited    = "invited"
	Registered = "registered"
	Attended   = "attended"
	Absent     = "absent"
	Excused    = "excused"
)

// CodeOneAttendee: a line names a person or a registrant, exactly one of them.
const CodeOneAttendee = "duo_attendance_one"

// seatTaking are the states that take one of a session's seats.
var seatTaking = []string{Registered, Attended}

// validateAttendance: a line stays on its session and names one person or one registrant
// of the public sign-up, never both (a registrant's line moves to the person they became,
// once); the person is of the session's branch and of the session's audience (trainings are
// for mentors, a duo's meeting for its mentor and mentee), a registrant on the information
// session they registered for; a cancelled session takes nobody new; seats are counted;
// whether someone came is said once the session started.
func validateAttendance(app core.App, a *core.Record, now time.Time) error {
	errs := validation.Errors{}
	if !a.IsNew() {
		if access.Changed(a, "session") {
			errs["session"] = validation.NewError(lifecycle.CodeImmutable, "This field cannot be changed.")
		}
		if (access.Changed(a, "person") || access.Changed(a, "registration")) && !convertedLine(app, a) {
			errs["person"] = validation.NewError(lifecycle.CodeImmutable, "This field cannot be changed.")
		}
	}
	session, err := app.FindRecordById("sessions", a.GetString("session"))
	if err != nil {
		return nil // PocketBase's own check names the missing session
	}
	if err := checkAttendee(app, session, a); err != nil {
		errs["person"] = err
	}
	state := a.GetString("state")
	if session.GetString("status") == Cancelled && (a.IsNew() || access.Changed(a, "state")) && state != Excused {
		errs["session"] = validation.NewError(CodeCancelled, "This session is cancelled.")
	}
	if (state == Attended || state == Absent) && now.Before(session.GetDateTime("starts_at").Time()) {
		errs["state"] = validation.NewError(CodeNotYet, "Whether someone came is said once the session started.")
	}
	if err := checkSeats(app, session, a); err != nil {
		errs["state"] = err
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// checkAttendee: a line names exactly one of a person and a registrant, who may be on it.
func checkAttendee(app core.App, session, a *core.Record) error {
	personID, registrationID := a.GetString("person"), a.GetString("registration")
	switch {
	case (personID == "") == (registrationID == ""):
		return validation.NewError(CodeOneAttendee, "Name a person or a registrant, one of them.")
	case registrationID != "":
		registration, err := app.FindRecordById("registrations", registrationID)
		if err != nil {
			return nil // PocketBase's own check names the missing registration
		}
		if registration.GetString("session") != session.Id {
			return validation.NewError(CodeWhoAttends, "A registrant is on the list of the session they registered for.")
		}
		return nil
	}
	person, err := app.FindRecordById("users", personID)
	if err != nil {
		return nil
	}
	return checkAudience(app, session, person)
}

// convertedLine: the one change of attendee a line allows, from a registrant to the person
// that registrant became (signup's conversion).
func convertedLine(app core.App, a *core.Record) bool {
	from := a.Original().GetString("registration")
	if from == "" || a.Original().GetString("person") != "" || a.GetString("registration") != "" {
		return false
	}
	registration, err := app.FindRecordById("registrations", from)
	return err == nil && registration.GetString("person") != "" && registration.GetString("person") == a.GetString("person")
}

// checkAudience: who may be on a session's list.
func checkAudience(app core.App, session, person *core.Record) error {
	if person.GetString("branch") != session.GetString("branch") {
		return validation.NewError(CodeOtherBranch, "The person is in another branch.")
	}
	role := person.GetString("role")
	kind := session.GetString("kind")
	switch {
	case kind == Training && role != "mentor":
		return validation.NewError(CodeWhoAttends, "Trainings are for mentors.")
	case slices.Contains(ofDuo, kind):
		duo, err := app.FindRecordById("duos", session.GetString("duo"))
		if err != nil || (duo.GetString("mentor") != person.Id && duo.GetString("mentee") != person.Id) {
			return validation.NewError(CodeWhoAttends, "A duo's meeting is for its mentor and mentee.")
		}
	case role != "mentor" && role != "mentee":
		return validation.NewError(CodeWhoAttends, "Sessions are for mentors and mentees.")
	}
	return nil
}

// checkSeats: a line taking a seat finds one free.
func checkSeats(app core.App, session, a *core.Record) error {
	seats := session.GetInt("capacity")
	if seats == 0 || !slices.Contains(seatTaking, a.GetString("state")) ||
		(!a.IsNew() && slices.Contains(seatTaking, a.Original().GetString("state"))) {
		return nil
	}
	var taken int
	err := app.DB().Select("COUNT(*)").From("attendance").
		Where(dbx.HashExp{"session": session.Id}).
		AndWhere(dbx.In("state", Registered, Attended)).
		AndWhere(dbx.Not(dbx.HashExp{"id": a.Id})).Row(&taken)
	if err != nil {
		return err
	}
	if taken >= seats {
		return validation.NewError(CodeFull, "Every seat is taken.").SetParams(map[string]any{"capacity": seats})
	}
	return nil
}

// afterAttendance: a mentor who attended a training is trained from that day (the branch's
// calendar day), unless an earlier training is already on their profile.
func afterAttendance(app core.App, a *core.Record, now time.Time) error {
	if a.GetString("state") != Attended || (!a.IsNew() && a.Original().GetString("state") == Attended) {
		return nil
	}
	session, err := app.FindRecordById("sessions", a.GetString("session"))
	if err != nil || session.GetString("kind") != Training {
		return err
	}
	profile, err := app.FindFirstRecordByData("profiles", "user", a.GetString("person"))
	if err != nil {
		return err
	}
	loc := lifecycle.BranchLocation(app, session.GetString("branch"))
	local := session.GetDateTime("starts_at").Time().In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	if had := profile.GetDateTime("training_completed_on").Time(); !had.IsZero() && !had.After(day) {
		return nil
	}
	profile.Set("training_completed_on", day)
	return app.Save(profile)
}
