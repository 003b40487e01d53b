package hooks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sessions"
)

// session is the body of a session of the Brussels branch, with extra fields.
func session(kind string, fromHours, toHours int, extra string) string {
	return `{"branch":"` + BranchBrussels + `","kind":"` + kind + `","starts_at":"` + at(fromHours) + `","ends_at":"` + at(toHours) + `"` + extra + `}`
}

func line(sessionID, person, state string) string {
	return `{"session":"` + sessionID + `","person":"` + person + `","state":"` + state + `"}`
}

// withTraining: a training of the Brussels branch that started an hour ago, two seats.
func withTraining(t testing.TB, app *tests.TestApp) {
	Make(t, app, Coord, "sessions", "sessiontrain001", map[string]any{"branch": BranchBrussels, "kind": sessions.Training,
		"starts_at": at(-1), "ends_at": at(2), "capacity": 2})
}

// The rules of a session, whoever saves it.
func TestSessionRules(t *testing.T) {
	RunAll(t, []Call{
		{Name: "the planner hosts it unless told otherwise", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.InfoSession, 24, 26, ""), Status: 200, Want: []string{`"host":"` + CoordBrussels + `"`, `"status":"planned"`, `"sequence":0`}},
		{Name: "it ends after it starts", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.InfoSession, 26, 24, ""), Status: 400, Want: []string{`"ends_at":{"code":"` + sessions.CodeEndsBeforeStart + `"`}},
		{Name: "within 12 hours", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.Training, 24, 37, ""), Status: 400, Want: []string{`"ends_at":{"code":"` + sessions.CodeTooLong + `"`}},
		{Name: "a kind the programme knows", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session("party", 24, 26, ""), Status: 400, Want: []string{`"kind":{"code":"validation_invalid_value"`}},
		{Name: "a duo's meeting names its duo", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.FirstMeeting, 24, 25, ""), Status: 400, Want: []string{`"duo":{"code":"` + sessions.CodeDuoRequired + `"`}},
		{Name: "other sessions none", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.InfoSession, 24, 25, `,"duo":"`+DuoOne+`"`), Status: 400, Want: []string{`"duo":{"code":"` + sessions.CodeDuoUnused + `"`}},
		{Name: "a first meeting is for a proposed duo", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.FirstMeeting, 24, 25, `,"duo":"`+DuoOne+`"`), Status: 400, Want: []string{`"duo":{"code":"` + sessions.CodeDuoClosed + `"`}},
		{Name: "a signing meeting for a validated one", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.SigningMeeting, 24, 25, `,"duo":"`+DuoValidated+`"`), Status: 200, Want: []string{DuoValidated}},
		{Name: "a check-in for an active one", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.Checkin, 24, 25, `,"duo":"`+DuoCompleted+`"`), Status: 400, Want: []string{`"duo":{"code":"` + sessions.CodeDuoClosed + `"`}},
		{Name: "a duo of the session's branch", Caller: Superuser, Method: "POST", URL: sessionsURL,
			Body: session(sessions.Checkin, 24, 25, `,"duo":"`+DuoAntwerp+`"`), Status: 400, Want: []string{`"duo":{"code":"` + sessions.CodeOtherBranch + `"`}},
		{Name: "the host is a coordinator of the branch", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.InfoSession, 24, 25, `,"host":"`+MentorOne+`"`), Status: 400, Want: []string{`"host":{"code":"` + sessions.CodeHost + `"`}},
		{Name: "seats for information sessions and trainings only", Caller: Coord, Method: "POST", URL: sessionsURL,
			Body: session(sessions.Intake, 24, 25, `,"capacity":3`), Status: 400, Want: []string{`"capacity":{"code":"` + sessions.CodeNoSeats + `"`}},
		{Name: "the server keeps the sequence", Caller: Coord, Method: "PATCH", URL: sessionsURL + "/" + infoSession,
			Body: `{"title":"Séance d'information","sequence":9}`, Status: 200, Want: []string{`"sequence":0`}, Setup: withSessions},
		{Name: "a cancelled session says when", Caller: Coord, Method: "PATCH", URL: sessionsURL + "/" + infoSession,
			Body: `{"status":"cancelled"}`, Status: 200, Want: []string{`"status":"cancelled"`, `"sequence":1`, `"cancelled_at":"` + Now().UTC().Format("2006-01-02")},
			Setup: withSessions},
		{Name: "a session stays of its kind", Caller: Coord, Method: "PATCH", URL: sessionsURL + "/" + infoSession,
			Body: `{"kind":"training"}`, Status: 400, Want: []string{`"kind":{"code":"duo_immutable"`}, Setup: withSessions},
		{Name: "and in its branch", Caller: Superuser, Method: "PATCH", URL: sessionsURL + "/" + infoSession,
			Body: `{"branch":"` + BranchAntwerp + `"}`, Status: 400, Want: []string{`"branch":{"code":"duo_immutable"`}, Setup: withSessions},
	})
}

// The rules of a session's list: who may be on it, its seats, when presence is said.
func TestAttendanceRules(t *testing.T) {
	RunAll(t, []Call{
		{Name: "trainings are for mentors", Caller: Coord, Method: "POST", URL: attendanceURL,
			Body: line("sessiontrain001", FreeMentee, sessions.Registered), Status: 400,
			Want: []string{`"person":{"code":"` + sessions.CodeWhoAttends + `"`}, Setup: withTraining},
		{Name: "a duo's meeting for its mentor and mentee", Caller: Coord, Method: "POST", URL: attendanceURL,
			Body: line(firstMeeting, MenteeOne, sessions.Invited), Status: 400,
			Want: []string{`"person":{"code":"` + sessions.CodeWhoAttends + `"`}, Setup: withSessions},
		{Name: "people of the session's branch", Caller: Superuser, Method: "POST", URL: attendanceURL,
			Body: line(infoSession, MenteeAntwerp, sessions.Registered), Status: 400,
			Want: []string{`"person":{"code":"` + sessions.CodeOtherBranch + `"`}, Setup: withSessions},
		{Name: "once on a list", Caller: Coord, Method: "POST", URL: attendanceURL,
			Body: line(infoSession, MenteeOne, sessions.Invited), Status: 400,
			Want: []string{`"person":{"code":"validation_not_unique"`}, Setup: withSessions},
		{Name: "a cancelled session takes nobody new", Caller: Coord, Method: "POST", URL: attendanceURL,
			Body: line(infoSession, MenteeTwo, sessions.Registered), Status: 400,
			Want: []string{`"session":{"code":"` + sessions.CodeCancelled + `"`}, Setup: func(t testing.TB, app *tests.TestApp) {
				withSessions(t, app)
				Change(t, app, Coord, "sessions", infoSession, map[string]any{"status": sessions.Cancelled})
			}},
		{Name: "presence is said once it started", Caller: Coord, Method: "PATCH", URL: attendanceURL + "/" + menteeOnList,
			Body: `{"state":"attended"}`, Status: 400, Want: []string{`"state":{"code":"` + sessions.CodeNotYet + `"`}, Setup: withSessions},
		{Name: "seats are counted", Caller: Coord, Method: "POST", URL: attendanceURL,
			Body: line("sessiontrain001", MentorTwo, sessions.Registered), Status: 400,
			Want: []string{`"state":{"code":"` + sessions.CodeFull + `"`}, Setup: func(t testing.TB, app *tests.TestApp) {
				withTraining(t, app)
				Make(t, app, Coord, "attendance", "", map[string]any{"session": "sessiontrain001", "person": FreeMentor, "state": sessions.Registered})
				Make(t, app, Coord, "attendance", "", map[string]any{"session": "sessiontrain001", "person": MentorOne, "state": sessions.Attended})
			}},
		{Name: "an invitation takes no seat", Caller: Coord, Method: "POST", URL: attendanceURL,
			Body: line("sessiontrain001", MentorTwo, sessions.Invited), Status: 200, Setup: func(t testing.TB, app *tests.TestApp) {
				withTraining(t, app)
				Make(t, app, Coord, "attendance", "", map[string]any{"session": "sessiontrain001", "person": FreeMentor, "state": sessions.Registered})
				Make(t, app, Coord, "attendance", "", map[string]any{"session": "sessiontrain001", "person": MentorOne, "state": sessions.Attended})
			}},
	})
}

// A mentor who attended a training is trained from that day: the coordinator need not type it
// on the profile too; an earlier training on the profile stays.
func TestAttendingATrainingTrains(t *testing.T) {
	app := App(t)
	withTraining(t, app)
	trainedOn := func(person string) string {
		p, err := app.FindFirstRecordByData("profiles", "user", person)
		if err != nil {
			t.Fatal(err)
		}
		return p.GetDateTime("training_completed_on").Time().Format(time.DateOnly)
	}
	Change(t, app, "", "profiles", profileOf(t, app, FreeMentor), map[string]any{"training_completed_on": ""})
	earlier := Today().AddDate(-1, 0, 0)
	Change(t, app, "", "profiles", profileOf(t, app, MentorTwo), map[string]any{"training_completed_on": earlier})
	for _, mentor := range []string{FreeMentor, MentorTwo} {
		Make(t, app, Coord, "attendance", "", map[string]any{"session": "sessiontrain001", "person": mentor, "state": sessions.Registered})
	}
	for _, a := range mustFind(t, app, "attendance", "session = 'sessiontrain001'") {
		Change(t, app, Coord, "attendance", a, map[string]any{"state": sessions.Attended})
	}
	day := Now().Add(-time.Hour).In(brusselsZone(t)).Format(time.DateOnly) // the training started an hour ago
	if got := trainedOn(FreeMentor); got != day {
		t.Errorf("the new mentor is trained on %s, want %s (the training's day in Brussels)", got, day)
	}
	if got := trainedOn(MentorTwo); got != earlier.Format(time.DateOnly) {
		t.Errorf("the mentor trained a year ago now reads %s", got)
	}
}

func profileOf(t *testing.T, app *tests.TestApp, person string) string {
	t.Helper()
	p, err := app.FindFirstRecordByData("profiles", "user", person)
	if err != nil {
		t.Fatal(err)
	}
	return p.Id
}

func mustFind(t *testing.T, app *tests.TestApp, collection, filter string) []string {
	t.Helper()
	records, err := app.FindRecordsByFilter(collection, strings.ReplaceAll(filter, "'", `"`), "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(records))
	for i, r := range records {
		ids[i] = r.Id
	}
	return ids
}

func brusselsZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
