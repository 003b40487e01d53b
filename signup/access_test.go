package signup_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sessions"
)

const (
	registrationsURL = "/api/collections/registrations/records"
	attendanceURL    = "/api/collections/attendance/records"
	sessionsURL      = "/api/collections/sessions/records"
)

// withListedRegistrant: the confirmed registrant and, on the same session's list, duo one's
// mentee (so that she may read the session, and try to read the list through it).
func withListedRegistrant(t testing.TB, app *tests.TestApp) {
	withSessions(t, app)
	withRegistrant(t, app)
	Make(t, app, Coord, "attendance", "attendmentee001", map[string]any{"session": infoSession, "person": MenteeOne, "state": sessions.Registered})
}

// Registrations: the branch's coordinators read theirs; nobody writes one through the
// records API but an administrator (the sign-up's routes do).
func TestRegistrationsAccess(t *testing.T) {
	var calls []Call
	add := func(action, method, url, body string, expect Expect, want ...string) {
		for _, c := range Matrix(t, action, method, url, body, expect) {
			c.Setup = withListedRegistrant
			if c.Status == 200 {
				c.Want = want
			}
			if c.Caller != Superuser { // administrators see hidden fields
				c.NotWant = append(c.NotWant, "token_hash", impact.KeyField)
			}
			calls = append(calls, c)
		}
	}
	one := registrationsURL + "/" + registration
	add("viewing the registration", "GET", one, "", Expect{Anonymous: 404, DuoMentee: 404, DuoMentor: 404, OtherMentee: 404,
		Coord: 200, OtherCoord: 404, Superuser: 200}, registrantEml)
	add("making a registration", "POST", registrationsURL, `{"branch":"`+BranchBrussels+`","session":"`+infoSession+
		`","first_name":"X","last_name":"Y","email":"x@example.org","role":"mentor","language":"fr","consent_contact":true}`,
		Expect{Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})
	add("confirming it by hand", "PATCH", one, `{"confirmed_at":"2026-01-01 10:00:00.000Z"}`, Expect{Anonymous: 403, DuoMentee: 403,
		DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})
	add("deleting it", "DELETE", one, "", Expect{Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403,
		OtherCoord: 403, Superuser: 204})
	for caller, total := range map[string]string{Anonymous: "0", DuoMentee: "0", DuoMentor: "0", OtherMentee: "0", Coord: "1",
		OtherCoord: "0"} {
		calls = append(calls, Call{Name: "listing registrations as " + Callers[caller], Caller: caller, Method: "GET",
			URL: registrationsURL, Status: 200, Want: []string{`"totalItems":` + total}, Setup: withListedRegistrant})
	}
	RunAll(t, calls)
}

// The registrant's line on a session's list is read by the branch's coordinators only: not
// by the people on the same list, not through the session's back-relation, a filter or an
// expand.
func TestRegistrantLineIsStaffOnly(t *testing.T) {
	q := func(base string, params map[string]string) string {
		v := url.Values{}
		for k, p := range params {
			v.Set(k, p)
		}
		return base + "?" + v.Encode()
	}
	var calls []Call
	for caller, label := range Callers {
		staff := caller == Coord || caller == Superuser
		lines := "1"
		if staff {
			lines = "2"
		}
		if caller != DuoMentee && !staff {
			lines = "0"
		}
		calls = append(calls,
			Call{Name: "listing the lines as " + label, Caller: caller, Method: "GET", URL: attendanceURL, Status: 200,
				Want: []string{`"totalItems":` + lines}, Setup: withListedRegistrant},
			Call{Name: "expanding the session's lines as " + label, Caller: caller, Method: "GET",
				URL:     q(sessionsURL+"/"+infoSession, map[string]string{"expand": "attendance_via_session.registration"}),
				Status:  map[bool]int{true: 200, false: 404}[staff || caller == DuoMentee],
				NotWant: notStaff(staff, registration, registrantEml), Setup: withListedRegistrant},
			Call{Name: "expanding a line's registrant as " + label, Caller: caller, Method: "GET",
				URL: q(attendanceURL, map[string]string{"expand": "registration"}), Status: 200,
				NotWant: notStaff(staff, registrantEml), Setup: withListedRegistrant},
		)
	}
	for _, filter := range []string{`attendance_via_session.registration.email ~ "dupont"`, `attendance_via_session.registration != ""`} {
		calls = append(calls, Call{Name: "the mentee filters sessions on " + filter, Caller: DuoMentee, Method: "GET",
			URL: q(sessionsURL, map[string]string{"filter": filter}), Status: 400, Setup: withListedRegistrant})
	}
	// Through a line's registrant, nothing: only the line's own field is filtered on (for the
	// console), and a mentee's list holds her own lines alone, none a registrant's.
	calls = append(calls, Call{Name: `the mentee filters lines on registration.email ~ "dupont"`, Caller: DuoMentee, Method: "GET",
		URL: q(attendanceURL, map[string]string{"filter": `registration.email ~ "dupont"`}), Status: 400, Setup: withListedRegistrant},
		Call{Name: `the mentee filters lines on registration != ""`, Caller: DuoMentee, Method: "GET",
			URL: q(attendanceURL, map[string]string{"filter": `registration != ""`}), Status: 200,
			Want: []string{`"totalItems":0`}, NotWant: []string{registration}, Setup: withListedRegistrant},
		Call{Name: `the coordinator filters lines on registration != ""`, Caller: Coord, Method: "GET",
			URL: q(attendanceURL, map[string]string{"filter": `registration != ""`}), Status: 200,
			Want: []string{`"totalItems":1`, registration}, Setup: withListedRegistrant})
	RunAll(t, calls)
}

func notStaff(staff bool, fragments ...string) []string {
	if staff {
		return nil
	}
	return fragments
}

// A line names a person or a registrant, exactly one; a registrant only on their session;
// a registrant's line becomes no other registrant's or person's through the API.
func TestAttendanceNamesOneAttendee(t *testing.T) {
	other := "registration002"
	setup := func(t testing.TB, app *tests.TestApp) {
		withListedRegistrant(t, app)
		addRegistrant(t, app, other, pastSession, "jan@example.org", "mentor", false) // of the same branch
	}
	line := func(app *tests.TestApp) string {
		r, err := app.FindFirstRecordByData("attendance", "registration", registration)
		if err != nil {
			t.Fatal(err)
		}
		return r.Id
	}
	cases := []struct {
		name, body string
		want       string
	}{
		{"both", `{"session":"` + infoSession + `","person":"` + FreeMentee + `","registration":"` + registration + `","state":"invited"}`, "duo_attendance_one"},
		{"neither", `{"session":"` + infoSession + `","state":"invited"}`, "duo_attendance_one"},
		{"a registrant of another session", `{"session":"` + infoSession + `","registration":"` + other + `","state":"invited"}`, sessions.CodeWhoAttends},
		{"the registrant twice", `{"session":"` + infoSession + `","registration":"` + registration + `","state":"invited"}`, "validation_not_unique"},
	}
	var calls []Call
	for _, c := range cases {
		calls = append(calls, Call{Name: "a line naming " + c.name, Caller: Coord, Method: "POST", URL: attendanceURL, Body: c.body,
			Status: 400, Want: []string{c.want}, Setup: setup})
	}
	RunAll(t, calls)
	for name, body := range map[string]string{"to a person": `{"person":"` + FreeMentee + `","registration":""}`,
		"to another registrant": `{"registration":"` + other + `"}`} {
		t.Run("moving the registrant's line "+name, func(t *testing.T) {
			w := newWorld(t)
			addRegistrant(t, w.app, registration, infoSession, registrantEml, "mentee", true)
			addRegistrant(t, w.app, other, infoSession, "jan@example.org", "mentor", false)
			expect(t, w.send(Coord, "PATCH", attendanceURL+"/"+line(w.app), body), http.StatusBadRequest, "duo_immutable")
		})
	}
	t.Run("the coordinator takes the registrant's attendance", func(t *testing.T) {
		w := newWorld(t)
		withRegistrant(t, w.app)
		expect(t, w.send(Coord, "PATCH", attendanceURL+"/"+line(w.app), `{"state":"excused"}`), http.StatusOK, `"state":"excused"`)
	})
}

// Every registration carries a cell key drawn by the server, 1 to 255, kept through changes.
func TestRegistrationCellKey(t *testing.T) {
	w := newWorld(t)
	w.join(form(nil))
	r := Find(t, w.app, "registrations", w.onlyRegistration())
	key := r.GetInt(impact.KeyField)
	if key < 1 || key > 255 {
		t.Fatalf("cell key %d", key)
	}
	r.Set(impact.KeyField, 0)
	r.Set("first_name", "Zoé")
	if err := w.app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got := Find(t, w.app, "registrations", r.Id).GetInt(impact.KeyField); got != key {
		t.Errorf("the key changed from %d to %d", key, got)
	}
}
