package rights_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/rights"
)

func eraseURL(person string) string { return strings.Replace(rights.EraseRoute, "{id}", person, 1) }

const because = `{"reason":"request"}`

// gone: the person's account is no more.
func gone(person string) func(t testing.TB, app *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		if _, err := app.FindRecordById("users", person); err == nil {
			t.Errorf("%s is still there", person)
		}
	}
}

// still: the person was not erased.
func still(person string) func(t testing.TB, app *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		if _, err := app.FindRecordById("users", person); err != nil {
			t.Errorf("%s was erased: %v", person, err)
		}
		if n, _ := app.CountRecords("data_audit", dbx.HashExp{"action": "erase"}); n != 0 {
			t.Errorf("%d erasures in the audit log", n)
		}
	}
}

// Her branch's coordinators and administrators erase a person, with a reason; she herself is
// told to ask them; her partner, another mentee, another branch's coordinator and strangers
// find nobody; a reason that is not one of the list, or an open duo, changes nothing.
func TestEraseRoute(t *testing.T) {
	RunAll(t, []Call{
		{Name: "her coordinator", Caller: Coord, Method: "POST", URL: eraseURL(MenteeCompleted), Body: because, Status: 200,
			Want: []string{`"person":"` + MenteeCompleted + `"`, `"reason":"request"`}, Check: gone(MenteeCompleted)},
		{Name: "a person who never had a duo", Caller: Coord, Method: "POST", URL: eraseURL(FreeMentee), Body: because, Status: 200,
			Check: gone(FreeMentee)},
		{Name: "an administrator", Caller: Superuser, Method: "POST", URL: eraseURL(MentorClosed),
			Body: `{"reason":"consent_withdrawn"}`, Status: 200, Check: gone(MentorClosed)},
		{Name: "an administrator erases a coordinator who left", Caller: Superuser, Method: "POST", URL: eraseURL(OtherCoord),
			Body: because, Status: 200, Check: func(t testing.TB, app *tests.TestApp) {
				gone(OtherCoord)(t, app)
				duo := Find(t, app, "duos", DuoAntwerp)
				if c := duo.GetString("coordinator"); c == OtherCoord || c == "" {
					t.Errorf("the duo's coordinator is %q", c)
				}
			}},
		{Name: "a coordinator does not erase another", Caller: Coord, Method: "POST", URL: eraseURL(OtherCoord), Body: because,
			Status: 404, Check: still(OtherCoord)},
		{Name: "she herself asks her coordinator", Caller: MenteeCompleted, Method: "POST", URL: eraseURL(MenteeCompleted),
			Body: because, Status: 403, Check: still(MenteeCompleted)},
		{Name: "her mentor", Caller: MentorCompleted, Method: "POST", URL: eraseURL(MenteeCompleted), Body: because,
			Status: 404, Check: still(MenteeCompleted)},
		{Name: "another mentee", Caller: OtherMentee, Method: "POST", URL: eraseURL(MenteeCompleted), Body: because,
			Status: 404, Check: still(MenteeCompleted)},
		{Name: "another branch's coordinator", Caller: OtherCoord, Method: "POST", URL: eraseURL(MenteeCompleted),
			Body: because, Status: 404, Check: still(MenteeCompleted)},
		{Name: "a stranger", Caller: Anonymous, Method: "POST", URL: eraseURL(MenteeCompleted), Body: because, Status: 401,
			Check: still(MenteeCompleted)},
		{Name: "someone who does not exist", Caller: Coord, Method: "POST", URL: eraseURL("nosuchperson000"), Body: because,
			Status: 404},
		{Name: "no reason", Caller: Coord, Method: "POST", URL: eraseURL(MenteeCompleted), Body: `{}`, Status: 400,
			Want: []string{`"reason":{"code":"duo_erase_reason"`, "Choisissez pourquoi", "consent_withdrawn"}, Check: still(MenteeCompleted)},
		{Name: "a reason of one's own words", Caller: Coord, Method: "POST", URL: eraseURL(MenteeCompleted),
			Body: `{"reason":"she moved to Ghent"}`, Status: 400, Want: []string{`"reason":{"code":"duo_erase_reason"`},
			Check: still(MenteeCompleted)},
		{Name: "the retention job's reason", Caller: Coord, Method: "POST", URL: eraseURL(MenteeCompleted),
			Body: `{"reason":"retention"}`, Status: 400, Check: still(MenteeCompleted)},
		{Name: "a body far bigger than a reason", Caller: Coord, Method: "POST", URL: eraseURL(MenteeCompleted),
			Body: `{"reason":"request","padding":"` + strings.Repeat("x", 20_000) + `"}`, Status: 413, Check: still(MenteeCompleted)},
		{Name: "not JSON", Caller: Coord, Method: "POST", URL: eraseURL(MenteeCompleted), Body: `reason=request`, Status: 400,
			Check: still(MenteeCompleted)},
		{Name: "a person in an active duo", Caller: Coord, Method: "POST", URL: eraseURL(MenteeOne), Body: because, Status: 409,
			Want: []string{`"duos":{"code":"duo_erase_open_duo"`}, Check: still(MenteeOne)},
		{Name: "a person in a proposed duo", Caller: Superuser, Method: "POST", URL: eraseURL(MentorProposed), Body: because,
			Status: 409, Check: still(MentorProposed)},
		{Name: "in English for an English speaker", Caller: Coord, Method: "POST", URL: eraseURL(MenteeOne), Body: because,
			Headers: map[string]string{"Accept-Language": "en"}, Status: 409, Want: []string{"Close the person"},
			Setup: func(t testing.TB, app *tests.TestApp) {
				coord, _ := app.FindRecordById("users", Coord)
				coord.Set("locale", "en")
				if err := app.Save(coord); err != nil {
					t.Fatal(err)
				}
			}},
		{Name: "her session ends with her", Caller: MenteeCompleted, Method: "GET", URL: exportURL(MenteeCompleted), Status: 401,
			Setup: func(t testing.TB, app *tests.TestApp) {
				if _, err := erasure.Erase(app, MenteeCompleted, "request", access.System(), Now()); err != nil {
					t.Fatal(err)
				}
			}},
		{Name: "the erasure is in the audit log, by ids and reason", Caller: Coord, Method: "POST", URL: eraseURL(FreeMentee),
			Body: `{"reason":"objection"}`, Status: 200, Check: func(t testing.TB, app *tests.TestApp) {
				entry, err := app.FindFirstRecordByFilter("data_audit", "action = 'erase' && person = {:p}", dbx.Params{"p": FreeMentee})
				if err != nil {
					t.Fatal(err)
				}
				if entry.GetString("actor") != Coord || entry.GetString("detail") != "objection" || entry.GetString("actor_kind") != "person" {
					t.Errorf("audit entry: %v", entry.FieldsData())
				}
			}},
	})
}

// A pseudonym is nobody: not erased again, not changed, not exported or invited, its profile
// read by no coordinator, in no list of the branch's people, suggested to no mentee, put in
// no duo, given no consent; and no account is made to look like one.
func TestAPseudonymIsNobody(t *testing.T) {
	for _, c := range []struct {
		name, method, url, body string
		status                  int
		want                    string
	}{
		{"erased again", "POST", "/api/people/{p}/erase", because, 404, ""},
		{"renamed", "PATCH", "/api/collections/users/records/{p}", `{"name":"Someone"}`, 404, ""},
		{"exported", "GET", "/api/people/{p}/export", "", 404, ""},
		{"invited", "POST", "/api/console/people/{p}/invite", "", 404, ""},
		{"its profile read", "GET", "/api/collections/profiles/records/{profile}", "", 404, ""},
		{"in the branch's people", "GET", "/api/console/people?perPage=200", "", 200, ""},
		{"suggested to a mentee", "GET", "/api/console/suggestions?mentee=" + FreeMentee + "&limit=50", "", 200, ""},
		{"put in a duo", "POST", "/api/collections/duos/records",
			`{"branch":"` + BranchBrussels + `","mentor":"{p}","mentee":"` + FreeMentee + `","status":"proposed"}`, 400,
			`"mentor":{"code":"duo_person_erased"`},
		{"given a consent (which would change the figures)", "POST", "/api/collections/consents/records",
			`{"person":"{p}","purpose":"origin_statistics","state":"given","text_version":"v1","recorded_via":"console"}`, 400,
			`"person":{"code":"duo_person_erased"`},
		{"an account made as if erased", "POST", "/api/collections/users/records",
			`{"name":"Fake","email":"fake@test.example.org","role":"mentee","branch":"` + BranchBrussels +
				`","password":"long-enough-1","passwordConfirm":"long-enough-1","erased_at":"2026-01-01 00:00:00Z"}`, 400,
			`"erased_at":{"code":"duo_server_only"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			pseudonym, err := erasure.Erase(app, MentorClosed, "request", access.System(), Now())
			if err != nil {
				t.Fatal(err)
			}
			profile, _ := app.FindFirstRecordByData("profiles", "user", pseudonym)
			url := strings.NewReplacer("{p}", pseudonym, "{profile}", profile.Id).Replace(c.url)
			body := strings.ReplaceAll(c.body, "{p}", pseudonym)
			res := Send(t, Handler(t, app), Coord, c.method, url, body)
			if res.Code != c.status {
				t.Errorf("%d %s", res.Code, res.Body)
			}
			if c.status == 200 && strings.Contains(res.Body.String(), pseudonym) {
				t.Errorf("the pseudonym is listed: %s", res.Body)
			}
			if !strings.Contains(res.Body.String(), c.want) {
				t.Errorf("%s", res.Body)
			}
		})
	}
}

// Her coordinator and an administrator press "erase" at the same moment: one erases her, the
// other is told she is not found (never a server error).
func TestTwoErasureRequestsAtOnce(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	codes := make([]int, 2)
	var wg sync.WaitGroup
	for i, caller := range []string{Coord, Superuser} {
		wg.Go(func() { codes[i] = Send(t, h, caller, "POST", eraseURL(MenteeCompleted), because).Code })
	}
	wg.Wait()
	slices.Sort(codes)
	if !slices.Equal(codes, []int{200, 404}) {
		t.Errorf("answers %v, want one 200 and one 404", codes)
	}
}
