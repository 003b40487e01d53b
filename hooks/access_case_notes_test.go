package hooks_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/supervision"
	"github.com/duoforajob/duo/sync"
)

const (
	caseNotesURL  = "/api/collections/case_notes/records"
	noteOnPerson  = "casenoteamina01"
	noteOnDuo     = "casenoteduoone1"
	checkinOne    = "sessioncheckin1"
	aboutAmina    = "Amina fears the interview in Dutch"
	aboutTheirDuo = "Check-in: Marc pushes too hard on the CV"
	secondCoord   = "coordbrussels02"
)

// withCaseNotes: Brussels' coordinator wrote a note on duo one's mentee after her intake, and
// one on duo one at its check-in; a second Brussels coordinator exists.
func withCaseNotes(t testing.TB, app *tests.TestApp) {
	Make(t, app, "", "users", secondCoord, map[string]any{"email": "second@test.example.org", "password": "long-enough-1",
		"name": "Sara Second", "role": "coordinator", "branch": BranchBrussels})
	Make(t, app, Coord, "sessions", checkinOne, map[string]any{"branch": BranchBrussels, "kind": "checkin",
		"duo": DuoOne, "starts_at": at(24), "ends_at": at(25)})
	Make(t, app, Coord, supervision.CaseNotes, noteOnPerson, map[string]any{"person": MenteeOne, "text": aboutAmina})
	Make(t, app, Coord, supervision.CaseNotes, noteOnDuo, map[string]any{"duo": DuoOne, "session": checkinOne, "text": aboutTheirDuo})
}

// The coordinators' notes: the branch's staff read and add them; each is changed or deleted
// by its author; no mentor or mentee reads one, whichever way they ask (list, view, expand, a
// filter through their duo or account, sync, their own export).
func TestCaseNoteAccess(t *testing.T) {
	one := caseNotesURL + "/" + noteOnPerson
	calls := []Call{}
	add := func(action, method, url, body string, expect Expect, want ...string) {
		for _, c := range Matrix(t, action, method, url, body, expect) {
			c.Setup = withCaseNotes
			if c.Status == 200 {
				c.Want = want
			}
			calls = append(calls, c)
		}
	}
	add("viewing a note on a mentee", "GET", one, "", Expect{Anonymous: 404, DuoMentee: 404, DuoMentor: 404, OtherMentee: 404,
		Coord: 200, OtherCoord: 404, Superuser: 200}, aboutAmina)
	add("writing a note on a mentee", "POST", caseNotesURL, `{"person":"`+MenteeTwo+`","text":"Olga found a job"}`, Expect{
		Anonymous: 400, DuoMentee: 400, DuoMentor: 400, OtherMentee: 400, Coord: 200, OtherCoord: 400, Superuser: 200})
	add("changing the note", "PATCH", one, `{"text":"Better now"}`, Expect{Anonymous: 404, DuoMentee: 404, DuoMentor: 404,
		OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200}, `"text":"Better now"`)
	add("deleting the note", "DELETE", one, "", Expect{Anonymous: 404, DuoMentee: 404, DuoMentor: 404, OtherMentee: 404,
		Coord: 204, OtherCoord: 404, Superuser: 204})
	pull := map[string]string{sync.SchemaHeader: strconv.Itoa(sync.SchemaVersion)}
	for _, c := range []Call{
		{Name: "the coordinator lists both", Caller: Coord, Method: "GET", URL: caseNotesURL, Status: 200,
			Want: []string{`"totalItems":2`, aboutAmina, aboutTheirDuo}},
		{Name: "the mentee lists none", Caller: DuoMentee, Method: "GET", URL: caseNotesURL, Status: 200,
			Want: []string{`"totalItems":0`}, NotWant: []string{aboutAmina}},
		{Name: "the server says who wrote it", Caller: Coord, Method: "POST", URL: caseNotesURL,
			Body: `{"duo":"` + DuoTwo + `","text":"Good start","author":"` + MentorTwo + `"}`, Status: 200,
			Want: []string{`"author":"` + CoordBrussels + `"`}},
		{Name: "the mentee expands none from her account", Caller: DuoMentee, Method: "GET",
			URL: "/api/collections/users/records/" + MenteeOne + "?expand=case_notes_via_person", Status: 200, NotWant: []string{aboutAmina}},
		{Name: "the mentor expands none from his duo", Caller: DuoMentor, Method: "GET",
			URL: duoURL(DuoOne) + "?expand=case_notes_via_duo", Status: 200, NotWant: []string{aboutTheirDuo}},
		{Name: "the mentor cannot test its words through his duo", Caller: DuoMentor, Method: "GET",
			URL: duosURL + `?filter=` + urlQuery(`case_notes_via_duo.text ~ "CV"`), Status: 400,
			Want: []string{`"filter":{"code":"` + access.CodeQueryField + `"`}},
		{Name: "nor hers through her account", Caller: DuoMentor, Method: "GET",
			URL: "/api/collections/users/records?filter=" + urlQuery(`case_notes_via_person.text ~ "Dutch"`), Status: 400,
			Want: []string{`"filter":{"code":"` + access.CodeQueryField + `"`}},
		{Name: "nor sort by them", Caller: DuoMentee, Method: "GET", URL: duosURL + "?sort=case_notes_via_duo.text", Status: 400},
		{Name: "the mentee's pull holds none", Caller: DuoMentee, Method: "GET", URL: "/api/sync/pull?limit=1000", Headers: pull,
			Status: 200, Want: []string{DuoOne, checkinOne}, NotWant: []string{aboutAmina, aboutTheirDuo, noteOnPerson}},
		{Name: "the mentor's pull holds none", Caller: DuoMentor, Method: "GET", URL: "/api/sync/pull?limit=1000", Headers: pull,
			Status: 200, Want: []string{DuoOne}, NotWant: []string{aboutAmina, aboutTheirDuo, noteOnDuo}},
		{Name: "the mentee's own export holds none", Caller: DuoMentee, Method: "GET", URL: "/api/people/" + MenteeOne + "/export",
			Status: 200, Want: []string{DuoOne}, NotWant: []string{aboutAmina, aboutTheirDuo}},
		{Name: "the export her coordinator makes holds both", Caller: Coord, Method: "GET", URL: "/api/people/" + MenteeOne + "/export",
			Status: 200, Want: []string{aboutAmina, aboutTheirDuo}},
		{Name: "the mentor's holds the duo's, not hers", Caller: Coord, Method: "GET", URL: "/api/people/" + MentorOne + "/export",
			Status: 200, Want: []string{aboutTheirDuo}, NotWant: []string{aboutAmina}},
	} {
		c.Setup = withCaseNotes
		calls = append(calls, c)
	}
	RunAll(t, calls)
}

// Another coordinator of the branch reads a colleague's note, and adds her own, but changes
// and deletes only hers.
func TestOnlyTheAuthorChangesANote(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	withCaseNotes(t, app)
	sara := Login(t, app, secondCoord)
	one := caseNotesURL + "/" + noteOnPerson
	for _, c := range []struct {
		name, method, body string
		status             int
	}{
		{"she reads it", "GET", "", 200},
		{"she does not change it", "PATCH", `{"text":"mine now"}`, 404},
		{"she does not delete it", "DELETE", "", 404},
	} {
		if res := Send(t, h, sara, c.method, one, c.body); res.Code != c.status {
			t.Errorf("%s: %d %s", c.name, res.Code, res.Body)
		}
	}
	res := Send(t, h, sara, "POST", caseNotesURL, `{"person":"`+MenteeOne+`","text":"Amina called me"}`)
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"author":"`+secondCoord+`"`) {
		t.Errorf("her own note: %d %s", res.Code, res.Body)
	}
}

// What a note may be about, and what stays fixed.
func TestCaseNoteRules(t *testing.T) {
	one := caseNotesURL + "/" + noteOnPerson
	calls := []Call{
		{Name: "about nobody", Body: `{"text":"x"}`, Want: []string{`"person":{"code":"` + supervision.CodeNoteAbout + `"`}},
		{Name: "about a person and a duo", Body: `{"person":"` + MenteeTwo + `","duo":"` + DuoTwo + `","text":"x"}`,
			Want: []string{`"person":{"code":"` + supervision.CodeNoteAbout + `"`}},
		{Name: "about a coordinator", Body: `{"person":"` + Coord + `","text":"x"}`,
			Want: []string{`"person":{"code":"` + supervision.CodeNoteAbout + `"`}},
		{Name: "a session of another duo", Body: `{"duo":"` + DuoTwo + `","session":"` + checkinOne + `","text":"x"}`,
			Want: []string{`"session":{"code":"` + supervision.CodeNoteSession + `"`}},
		{Name: "a session the person is not on", Body: `{"person":"` + MenteeTwo + `","session":"` + checkinOne + `","text":"x"}`,
			Want: []string{`"session":{"code":"` + supervision.CodeNoteSession + `"`}},
		{Name: "nothing written", Body: `{"person":"` + MenteeTwo + `","text":"   "}`,
			Want: []string{`"text":{"code":"` + supervision.CodeNoteBlank + `"`}},
		{Name: "moved to another person", Method: "PATCH", URL: one, Body: `{"person":"` + MenteeTwo + `"}`,
			Want: []string{`"person":{"code":"duo_immutable"`}},
	}
	for i := range calls {
		c := &calls[i]
		c.Caller, c.Status, c.Setup = Coord, 400, withCaseNotes
		if c.Method == "" {
			c.Method, c.URL = "POST", caseNotesURL
		}
	}
	RunAll(t, calls)
}

// An erasure takes the person's notes and their duos' with it; the others' stay.
func TestErasureTakesTheNotes(t *testing.T) {
	app := App(t)
	Make(t, app, Coord, supervision.CaseNotes, "casenotejo00001", map[string]any{"person": MentorClosed, "text": "Jo is tired"})
	Make(t, app, Coord, supervision.CaseNotes, "casenoteclosed1", map[string]any{"duo": DuoClosed, "text": "A good end"})
	Make(t, app, Coord, supervision.CaseNotes, "casenotekeep001", map[string]any{"person": MenteeTwo, "text": "Olga"})
	if _, err := erasure.Erase(app, MentorClosed, "request", access.System(), Now()); err != nil {
		t.Fatal(err)
	}
	for id, kept := range map[string]bool{"casenotejo00001": false, "casenoteclosed1": false, "casenotekeep001": true} {
		_, err := app.FindRecordById(supervision.CaseNotes, id)
		if (err == nil) != kept {
			t.Errorf("note %s: kept %v, want %v", id, err == nil, kept)
		}
	}
}
