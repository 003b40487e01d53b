// Package sessions holds the meetings a branch organises (information sessions, trainings,
// intake interviews, a duo's first and signing meetings, supervision check-ins) and who
// attends them: the rules every save of them goes through.
package sessions

import (
	"slices"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// The kinds of session, as the sessions collection holds them.
const (
	InfoSession    = "info_session"
	Training       = "training"
	Intake         = "intake"
	FirstMeeting   = "first_meeting"
	SigningMeeting = "signing_meeting"
	Checkin        = "checkin"
)

// Planned and Cancelled are a session's statuses (empty reads as planned).
const (
	Planned   = "planned"
	Cancelled = "cancelled"
)

// A session lasts at most this long: a training day, not a week.
const longest = 12 * time.Hour

// ofDuo are the kinds that belong to one duo; seated are those with seats to count.
var (
	ofDuo  = []string{FirstMeeting, SigningMeeting, Checkin}
	seated = []string{InfoSession, Training}
)

// Error codes; their texts in every language are in i18n/locales.
const (
	CodeEndsBeforeStart = "duo_session_ends_before_start"
	CodeTooLong         = "duo_session_too_long"
	CodeDuoRequired     = "duo_session_duo_required"
	CodeDuoUnused       = "duo_session_duo_unused"
	CodeDuoClosed       = "duo_session_duo_closed"
	CodeOtherBranch     = "duo_session_other_branch"
	CodeHost            = "duo_session_host"
	CodeNoSeats         = "duo_session_no_seats"
	CodeFull            = "duo_session_full"
	CodeCancelled       = "duo_session_cancelled"
	CodeNotYet          = "duo_session_not_yet"
	CodeWhoAttends      = "duo_session_who"
)

// ByCollection lists the rules of sessions and attendance, in lifecycle's shape.
var ByCollection = map[string]lifecycle.Rules{
	"sessions":   {Prepare: prepareSession, Validate: validateSession},
	"attendance": {Validate: validateAttendance, After: afterAttendance},
}

// timing are the fields whose change a calendar must learn (its SEQUENCE goes up).
var timing = []string{"starts_at", "ends_at", "place", "link", "status"}

// prepareSession fills what the server decides: the host (who planned it, by default), the
// status, when it was cancelled, and the sequence calendars read.
func prepareSession(app core.App, s *core.Record, now time.Time) error {
	if s.GetString("status") == "" {
		s.Set("status", Planned)
	}
	if s.GetString("host") == "" && s.IsNew() {
		s.Set("host", access.ActorOf(s).PersonID())
	}
	if s.IsNew() {
		s.Set("sequence", 0)
		s.Set("cancelled_at", "")
		return nil
	}
	o := s.Original()
	sequence := o.GetInt("sequence")
	if slices.ContainsFunc(timing, func(f string) bool { return access.Changed(s, f) }) {
		sequence++
	}
	s.Set("sequence", sequence)
	switch {
	case s.GetString("status") == Cancelled && o.GetString("status") != Cancelled:
		s.Set("cancelled_at", now)
	case s.GetString("status") != Cancelled:
		s.Set("cancelled_at", "")
	default:
		s.Set("cancelled_at", o.Get("cancelled_at"))
	}
	return nil
}

// validateSession: a session stays in its branch, of its kind and duo; it ends after it
// starts, within 12 hours; a duo's session names an open duo of the branch, the others none;
// its host is a coordinator of the branch; only information sessions and trainings count seats.
func validateSession(app core.App, s *core.Record, now time.Time) error {
	errs := validation.Errors{}
	if !s.IsNew() {
		for _, f := range []string{"branch", "kind", "duo"} {
			if access.Changed(s, f) {
				errs[f] = validation.NewError(lifecycle.CodeImmutable, "This field cannot be changed.")
			}
		}
	}
	start, end := s.GetDateTime("starts_at").Time(), s.GetDateTime("ends_at").Time()
	if !start.IsZero() && !end.IsZero() {
		if !end.After(start) {
			errs["ends_at"] = validation.NewError(CodeEndsBeforeStart, "A session ends after it starts.")
		} else if end.Sub(start) > longest {
			errs["ends_at"] = validation.NewError(CodeTooLong, "A session lasts at most 12 hours.")
		}
	}
	kind := s.GetString("kind")
	if err := checkDuo(app, s, kind); err != nil {
		errs["duo"] = err
	}
	if err := checkHost(app, s); err != nil {
		errs["host"] = err
	}
	if s.GetInt("capacity") > 0 && !slices.Contains(seated, kind) {
		errs["capacity"] = validation.NewError(CodeNoSeats, "Only information sessions and trainings have seats.")
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// checkDuo: the duo of a duo's session, an open one of the session's branch.
func checkDuo(app core.App, s *core.Record, kind string) error {
	id := s.GetString("duo")
	if !slices.Contains(ofDuo, kind) {
		if id != "" {
			return validation.NewError(CodeDuoUnused, "Only a duo's first, signing or check-in meeting names a duo.")
		}
		return nil
	}
	if id == "" {
		return validation.NewError(CodeDuoRequired, "Choose the duo this meeting is for.")
	}
	duo, err := app.FindRecordById("duos", id)
	if err != nil {
		return validation.NewError("validation_missing_rel_records", "The duo does not exist.")
	}
	if duo.GetString("branch") != s.GetString("branch") {
		return validation.NewError(CodeOtherBranch, "The duo is in another branch.")
	}
	open := map[string][]string{FirstMeeting: {lifecycle.Proposed}, SigningMeeting: {lifecycle.Proposed, lifecycle.Validated},
		Checkin: {lifecycle.Active}}
	if s.IsNew() && !slices.Contains(open[kind], duo.GetString("status")) {
		return validation.NewError(CodeDuoClosed, "This duo is past that step.").SetParams(map[string]any{"status": duo.GetString("status")})
	}
	return nil
}

// checkHost: the host, if any, is a coordinator of the session's branch.
func checkHost(app core.App, s *core.Record) error {
	id := s.GetString("host")
	if id == "" {
		return nil
	}
	host, err := app.FindRecordById("users", id)
	if err != nil || host.GetString("role") != "coordinator" || host.GetString("branch") != s.GetString("branch") {
		return validation.NewError(CodeHost, "The host is a coordinator of the branch.")
	}
	return nil
}
