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
	staffNotesURL = "/api/collections/duo_staff_notes/records"
	staffNote     = "staffnoteduo001"
	frankWords    = "Amina arrives late every week; Marc is losing patience"
)

// withNote gives duo one its staff note, as its coordinator writes it.
func withNote(t testing.TB, app *tests.TestApp) {
	Make(t, app, Coord, supervision.StaffNotes, staffNote, map[string]any{"duo": DuoOne, "text": frankWords})
}

// The staff's note on a duo: its branch's coordinators and administrators read and write it;
// its mentor and mentee never read it, whichever way they ask (list, view, expand, a filter
// through the duo, sync, the export of their data); nobody deletes it but an administrator.
func TestStaffNoteAccess(t *testing.T) {
	one := staffNotesURL + "/" + staffNote
	calls := []Call{}
	add := func(action, method, url, body string, expect Expect, want ...string) {
		for _, c := range Matrix(t, action, method, url, body, expect) {
			c.Setup = withNote
			if c.Status == 200 {
				c.Want = want
			}
			calls = append(calls, c)
		}
	}
	add("listing the notes", "GET", staffNotesURL, "", Expect{Anonymous: 200, DuoMentee: 200, DuoMentor: 200, OtherMentee: 200,
		Coord: 200, OtherCoord: 200, Superuser: 200})
	add("viewing duo one's note", "GET", one, "", Expect{Anonymous: 404, DuoMentee: 404, DuoMentor: 404, OtherMentee: 404,
		Coord: 200, OtherCoord: 404, Superuser: 200}, frankWords)
	add("writing a note on duo two", "POST", staffNotesURL, `{"duo":"`+DuoTwo+`","text":"Olga found a job"}`, Expect{
		Anonymous: 400, DuoMentee: 400, DuoMentor: 400, OtherMentee: 400, Coord: 200, OtherCoord: 400, Superuser: 200})
	add("changing duo one's note", "PATCH", one, `{"text":"Better now"}`, Expect{Anonymous: 404, DuoMentee: 404, DuoMentor: 404,
		OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200}, `"text":"Better now"`)
	add("deleting duo one's note", "DELETE", one, "", Expect{Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403,
		Coord: 403, OtherCoord: 403, Superuser: 204})
	for _, c := range []Call{
		{Name: "the coordinator lists her branch's note", Caller: Coord, Method: "GET", URL: staffNotesURL, Status: 200,
			Want: []string{`"totalItems":1`, frankWords}},
		{Name: "the duo's mentee lists none", Caller: DuoMentee, Method: "GET", URL: staffNotesURL, Status: 200,
			Want: []string{`"totalItems":0`}, NotWant: []string{frankWords}},
		{Name: "the server says who wrote it", Caller: Coord, Method: "POST", URL: staffNotesURL,
			Body: `{"duo":"` + DuoTwo + `","text":"Olga found a job","author":"` + MentorTwo + `"}`, Status: 200,
			Want: []string{`"author":"` + CoordBrussels + `"`}},
		{Name: "one note a duo", Caller: Coord, Method: "POST", URL: staffNotesURL, Body: `{"duo":"` + DuoOne + `","text":"Another"}`,
			Status: 400, Want: []string{`"duo":{"code":"validation_not_unique"`}},
		{Name: "a note stays on its duo", Caller: Coord, Method: "PATCH", URL: one, Body: `{"duo":"` + DuoTwo + `"}`, Status: 400,
			Want: []string{`"duo":{"code":"duo_immutable"`}},
		{Name: "the mentee expands nothing of it from her duo", Caller: DuoMentee, Method: "GET",
			URL: duoURL(DuoOne) + "?expand=duo_staff_notes_via_duo", Status: 200, NotWant: []string{frankWords, staffNote}},
		{Name: "the coordinator does", Caller: Coord, Method: "GET", URL: duoURL(DuoOne) + "?expand=duo_staff_notes_via_duo",
			Status: 200, Want: []string{frankWords}},
		{Name: "the mentor cannot test its words through his duo", Caller: DuoMentor, Method: "GET",
			URL: duosURL + `?filter=` + urlQuery(`duo_staff_notes_via_duo.text ~ "late"`), Status: 400,
			Want: []string{`"filter":{"code":"` + access.CodeQueryField + `"`}},
		{Name: "the mentor's sync pull holds none of it", Caller: DuoMentor, Method: "GET", URL: "/api/sync/pull?limit=1000",
			Headers: map[string]string{sync.SchemaHeader: strconv.Itoa(sync.SchemaVersion)},
			Status:  200, Want: []string{DuoOne}, NotWant: []string{frankWords, staffNote}},
		{Name: "the mentee's export holds none of it", Caller: Coord, Method: "GET", URL: "/api/people/" + MenteeOne + "/export",
			Status: 200, Want: []string{DuoOne}, NotWant: []string{frankWords, staffNote}},
	} {
		c.Setup = withNote
		calls = append(calls, c)
	}
	RunAll(t, calls)
}

func urlQuery(s string) string {
	return strings.NewReplacer(" ", "%20", `"`, "%22", "~", "%7E").Replace(s)
}

// An erasure takes the erased person's name out of the staff's note too, as out of every
// other text written about their duos.
func TestErasureRedactsTheStaffNote(t *testing.T) {
	app := App(t)
	Make(t, app, Coord, supervision.StaffNotes, staffNote, map[string]any{"duo": DuoClosed,
		"text": "Jo Mentor stopped calling; Vettri was disappointed"})
	if _, err := erasure.Erase(app, MentorClosed, "request", access.System(), Now()); err != nil {
		t.Fatal(err)
	}
	if got := Find(t, app, supervision.StaffNotes, staffNote).GetString("text"); got != erasure.Redacted+" stopped calling; Vettri was disappointed" {
		t.Errorf("the note reads %q", got)
	}
}
