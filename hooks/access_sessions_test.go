package hooks_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sessions"
)

const (
	sessionsURL   = "/api/collections/sessions/records"
	attendanceURL = "/api/collections/attendance/records"
	infoSession   = "sessioninfo0001"
	firstMeeting  = "sessionfirst001"
	menteeOnList  = "attendmentee001"
)

// at is a moment hours from the tests' clock, as a record stores it.
func at(hours int) string {
	return Now().Add(time.Duration(hours) * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
}

// withSessions gives the Brussels branch an information session tomorrow, on whose list duo
// one's mentee is registered, and a first meeting for the proposed duo.
func withSessions(t testing.TB, app *tests.TestApp) {
	Make(t, app, Coord, "sessions", infoSession, map[string]any{"branch": BranchBrussels, "kind": sessions.InfoSession,
		"starts_at": at(24), "ends_at": at(26), "place": "Rue Haute 12", "capacity": 20, "language": "fr"})
	Make(t, app, Coord, "attendance", menteeOnList, map[string]any{"session": infoSession, "person": MenteeOne, "state": sessions.Registered})
	Make(t, app, Coord, "sessions", firstMeeting, map[string]any{"branch": BranchBrussels, "kind": sessions.FirstMeeting,
		"duo": DuoProposed, "starts_at": at(48), "ends_at": at(49), "place": "Antenne de Bruxelles"})
}

// Sessions: the branch's coordinators plan and change them, and read them all; a person reads
// those on whose list they are and their duo's; nobody deletes one but an administrator
// (a session is cancelled). Attendance: the coordinators keep it, each person reads their line.
func TestSessionAccess(t *testing.T) {
	calls := []Call{}
	add := func(action, method, url, body string, expect Expect, want ...string) {
		for _, c := range Matrix(t, action, method, url, body, expect) {
			c.Setup = withSessions
			if c.Status == 200 {
				c.Want = want
			}
			calls = append(calls, c)
		}
	}
	info := sessionsURL + "/" + infoSession
	add("viewing the information session", "GET", info, "", Expect{Anonymous: 404, DuoMentee: 200, DuoMentor: 404,
		OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200}, "Rue Haute 12")
	add("viewing the proposed duo's first meeting", "GET", sessionsURL+"/"+firstMeeting, "", Expect{Anonymous: 404, DuoMentee: 404,
		DuoMentor: 404, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200}, DuoProposed)
	add("planning a training", "POST", sessionsURL, `{"branch":"`+BranchBrussels+`","kind":"training","starts_at":"`+at(72)+
		`","ends_at":"`+at(75)+`"}`, Expect{Anonymous: 400, DuoMentee: 400, DuoMentor: 400, OtherMentee: 400, Coord: 200,
		OtherCoord: 400, Superuser: 200}, `"kind":"training"`)
	add("moving the information session", "PATCH", info, `{"place":"Rue Blaes 3"}`, Expect{Anonymous: 404, DuoMentee: 404,
		DuoMentor: 404, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200}, `"place":"Rue Blaes 3"`, `"sequence":1`)
	add("deleting the information session", "DELETE", info, "", Expect{Anonymous: 403, DuoMentee: 403, DuoMentor: 403,
		OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 204})
	line := attendanceURL + "/" + menteeOnList
	add("viewing the mentee's line", "GET", line, "", Expect{Anonymous: 404, DuoMentee: 200, DuoMentor: 404, OtherMentee: 404,
		Coord: 200, OtherCoord: 404, Superuser: 200}, `"state":"registered"`)
	add("registering the other mentee", "POST", attendanceURL, `{"session":"`+infoSession+`","person":"`+MenteeTwo+`","state":"registered"}`,
		Expect{Anonymous: 400, DuoMentee: 400, DuoMentor: 400, OtherMentee: 400, Coord: 200, OtherCoord: 400, Superuser: 200})
	add("excusing the mentee", "PATCH", line, `{"state":"excused"}`, Expect{Anonymous: 404, DuoMentee: 404, DuoMentor: 404,
		OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200}, `"state":"excused"`)
	add("taking the mentee off the list once registered", "DELETE", line, "", Expect{Anonymous: 404, DuoMentee: 404, DuoMentor: 404,
		OtherMentee: 404, Coord: 404, OtherCoord: 404, Superuser: 204})
	calls = append(calls,
		Call{Name: "the proposed duo's mentor reads its first meeting", Caller: MentorProposed, Method: "GET",
			URL: sessionsURL + "/" + firstMeeting, Status: 200, Want: []string{"Antenne de Bruxelles"}, Setup: withSessions},
		Call{Name: "the mentee lists the sessions she is on and no other", Caller: DuoMentee, Method: "GET", URL: sessionsURL,
			Status: 200, Want: []string{`"totalItems":1`, infoSession}, NotWant: []string{firstMeeting}, Setup: withSessions},
		Call{Name: "she lists her own line only", Caller: DuoMentee, Method: "GET", URL: attendanceURL, Status: 200,
			Want: []string{`"totalItems":1`}, Setup: func(t testing.TB, app *tests.TestApp) {
				withSessions(t, app)
				Make(t, app, Coord, "attendance", "attendother0001", map[string]any{"session": infoSession, "person": MenteeTwo, "state": sessions.Invited})
			}},
		Call{Name: "an invitation not answered is withdrawn by the coordinator", Caller: Coord, Method: "DELETE",
			URL: attendanceURL + "/attendother0001", Status: 204, Setup: func(t testing.TB, app *tests.TestApp) {
				withSessions(t, app)
				Make(t, app, Coord, "attendance", "attendother0001", map[string]any{"session": infoSession, "person": MenteeTwo, "state": sessions.Invited})
			}},
		Call{Name: "a session is filtered by its kind and day", Caller: Coord, Method: "GET",
			URL: sessionsURL + "?filter=" + urlQuery(`kind = "info_session" && starts_at > @now`), Status: 200,
			Want: []string{`"totalItems":1`}, Setup: withSessions},
		Call{Name: "not through who is on its list", Caller: DuoMentor, Method: "GET",
			URL: sessionsURL + "?filter=" + urlQuery(`attendance_via_session.person.name ~ "A"`), Status: 400, Setup: withSessions},
	)
	RunAll(t, calls)
}

// A person's lines on sessions' lists, and those sessions, are in the export of their data.
func TestSessionsAreInTheExport(t *testing.T) {
	RunAll(t, []Call{
		{Name: "the mentee's export holds her line and its session", Caller: DuoMentee, Method: "GET",
			URL: "/api/people/" + MenteeOne + "/export", Status: 200, Want: []string{menteeOnList, "Rue Haute 12"}, Setup: withSessions},
		{Name: "the mentor's holds neither", Caller: DuoMentor, Method: "GET", URL: "/api/people/" + MentorOne + "/export",
			Status: 200, NotWant: []string{menteeOnList, infoSession}, Setup: withSessions},
	})
}
