package signup_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/signup"
)

func convertURL(id string) string { return strings.Replace(signup.ConvertRoute, "{id}", id, 1) }

// Only the coordinators of the registration's branch (and administrators) turn a registrant
// into a person; to another branch's coordinator the registration does not exist.
func TestConvertCallers(t *testing.T) {
	calls := Matrix(t, "converting the registrant", "POST", convertURL(registration), "", Expect{Anonymous: 401,
		DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 200, OtherCoord: 404, Superuser: 200})
	for i := range calls {
		calls[i].Setup = func(t testing.TB, app *tests.TestApp) { withSessions(t, app); withRegistrant(t, app) }
		converted := calls[i].Status == 200
		calls[i].Check = func(t testing.TB, app *tests.TestApp) {
			r := Find(t, app, "registrations", registration)
			if converted != (r.GetString("person") != "") {
				t.Errorf("converted: %v, person %q", converted, r.GetString("person"))
			}
		}
	}
	RunAll(t, calls)
}

// The person is made from the registration: names, address, role, language, branch; the
// consent to be contacted recorded as given through the sign-up; the registrant's line on
// the session's list becomes the person's. No invitation leaves (the console sends it).
func TestConvertMakesThePerson(t *testing.T) {
	w := newWorld(t)
	withRegistrant(t, w.app)
	rec := w.send(Coord, "POST", convertURL(registration), "")
	expect(t, rec, http.StatusOK, `"linked":false`)
	r := Find(t, w.app, "registrations", registration)
	person := Find(t, w.app, "users", r.GetString("person"))
	for field, want := range map[string]string{"name": "Léa Dupont", "email": registrantEml, "role": "mentee",
		"branch": BranchBrussels, "locale": "fr"} {
		if got := person.GetString(field); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if r.GetDateTime("converted_at").IsZero() {
		t.Error("converted_at not set")
	}
	if n := w.count("consents", `person = "`+person.Id+`" && purpose = "contact" && state = "given" && recorded_via = "signup" && recorded_by = "`+Coord+`"`); n != 1 {
		t.Errorf("%d contact consents", n)
	}
	if n := w.count("attendance", `session = "`+infoSession+`" && person = "`+person.Id+`" && registration = "" && state = "registered"`); n != 1 {
		t.Errorf("%d lines of the person", n)
	}
	if n := w.count("attendance", `registration != ""`); n != 0 {
		t.Errorf("%d registrant lines left", n)
	}
	if n := w.count("profiles", `user = "`+person.Id+`"`); n != 1 {
		t.Errorf("%d profiles", n)
	}
	if w.app.TestMailer.TotalSend() != 0 {
		t.Error("an invitation left")
	}
	t.Run("again: the same person, nothing more", func(t *testing.T) {
		users := w.count("users", "")
		again := w.send(Coord, "POST", convertURL(registration), "")
		if again.Code != http.StatusOK || again.Body.String() != rec.Body.String() {
			t.Errorf("second conversion: %d %s, first %s", again.Code, again.Body, rec.Body)
		}
		if w.count("users", "") != users {
			t.Error("a second person was made")
		}
	})
}

// An address that is already an account's: a person of the branch with that role is linked;
// any other account stops the conversion, which the coordinator is told.
func TestConvertKnownAddress(t *testing.T) {
	cases := []struct {
		name, email, role string
		status            int
		want              string
	}{
		{"a mentee of the branch registering as mentee", FreeMentee + "@test.example.org", "mentee", 200, `"linked":true`},
		{"in other capitals", strings.ToUpper(FreeMentee) + "@TEST.EXAMPLE.ORG", "mentee", 200, `"person":"` + FreeMentee + `"`},
		{"a mentee registering as mentor", FreeMentee + "@test.example.org", "mentor", 409, signup.CodeAccount},
		{"a mentee of another branch", MenteeAntwerp + "@test.example.org", "mentee", 409, signup.CodeAccount},
		{"a coordinator", Coord + "@test.example.org", "mentee", 409, signup.CodeAccount},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			addRegistrant(t, w.app, registration, infoSession, strings.ToLower(c.email), c.role, true)
			expect(t, w.send(Coord, "POST", convertURL(registration), ""), c.status, c.want)
			r := Find(t, w.app, "registrations", registration)
			if linked := r.GetString("person"); (c.status == 200) != (linked != "") {
				t.Errorf("person %q", linked)
			}
		})
	}
	t.Run("the person already on the session's list keeps their line", func(t *testing.T) {
		w := newWorld(t)
		Make(t, w.app, Coord, "attendance", "", map[string]any{"session": infoSession, "person": FreeMentee, "state": "invited"})
		addRegistrant(t, w.app, registration, infoSession, FreeMentee+"@test.example.org", "mentee", true)
		expect(t, w.send(Coord, "POST", convertURL(registration), ""), 200)
		if n := w.count("attendance", `session = "`+infoSession+`"`); n != 1 {
			t.Errorf("%d lines, want the person's one", n)
		}
	})
}

func TestConvertUnconfirmed(t *testing.T) {
	w := newWorld(t)
	addRegistrant(t, w.app, registration, infoSession, registrantEml, "mentor", false)
	expect(t, w.send(Coord, "POST", convertURL(registration), ""), http.StatusConflict, signup.CodeUnconfirmed)
	expect(t, w.send(Coord, "POST", convertURL("nosuchregistra"), ""), http.StatusNotFound)
}

// Two coordinators convert at the same moment: one person, both told who.
func TestConvertTwoAtOnce(t *testing.T) {
	w := newWorld(t)
	withRegistrant(t, w.app)
	bodies := make([]string, 2)
	codes := make([]int, 2)
	var wg sync.WaitGroup
	for i, caller := range []string{Coord, Superuser} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := Send(t, w.h, caller, "POST", convertURL(registration), "")
			codes[i], bodies[i] = rec.Code, rec.Body.String()
		}()
	}
	wg.Wait()
	if codes[0] != 200 || codes[1] != 200 || bodies[0] != bodies[1] {
		t.Errorf("answers %v %v", codes, bodies)
	}
	if n := w.count("users", `email = "`+registrantEml+`"`); n != 1 {
		t.Errorf("%d people made", n)
	}
}
