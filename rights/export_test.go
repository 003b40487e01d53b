package rights_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/rights"
)

func TestMain(m *testing.M) { Run(m) }

func exportURL(person string) string { return strings.Replace(rights.ExportRoute, "{id}", person, 1) }

// The person, her branch's coordinators and administrators export her data; her duo's
// mentor, another mentee, another branch's coordinator and strangers learn nothing, not even
// that she exists.
func TestExportRoute(t *testing.T) {
	url := exportURL(MenteeCompleted)
	RunAll(t, []Call{
		{Name: "the person herself", Caller: MenteeCompleted, Method: "GET", URL: url, Status: 200,
			Want: []string{`"person":{`, `"id":"` + MenteeCompleted + `"`}},
		{Name: "her coordinator", Caller: Coord, Method: "GET", URL: url, Status: 200, Want: []string{`"duos":[`}},
		{Name: "an administrator", Caller: Superuser, Method: "GET", URL: url, Status: 200, Want: []string{`"profile":{`}},
		{Name: "her duo's mentor", Caller: MentorCompleted, Method: "GET", URL: url, Status: 404},
		{Name: "another mentee", Caller: OtherMentee, Method: "GET", URL: url, Status: 404},
		{Name: "another branch's coordinator", Caller: OtherCoord, Method: "GET", URL: url, Status: 404},
		{Name: "a coordinator exports her own data", Caller: Coord, Method: "GET", URL: exportURL(Coord), Status: 200},
		{Name: "but not another coordinator's", Caller: Coord, Method: "GET", URL: exportURL(OtherCoord), Status: 404},
		{Name: "someone who does not exist", Caller: Coord, Method: "GET", URL: exportURL("nosuchperson000"), Status: 404},
		{Name: "a stranger", Caller: Anonymous, Method: "GET", URL: url, Status: 401},
		{Name: "each export is in the audit log, by ids", Caller: MenteeCompleted, Method: "GET", URL: url, Status: 200,
			Check: func(t testing.TB, app *tests.TestApp) {
				if _, err := app.FindFirstRecordByFilter("data_audit", "action = 'export' && person = {:p} && actor = {:p}",
					dbx.Params{"p": MenteeCompleted}); err != nil {
					t.Errorf("no audit entry: %v", err)
				}
			}},
	})
}

// Everything that names the person, or belongs to one of her duos, is in her export: every
// record of every collection whose relation points at her or at her duos (so that a new
// collection that forgets her fails here), but her partner's own evaluations.
func TestExportHoldsEverythingAboutHer(t *testing.T) {
	app := App(t)
	phonesAndPushes(t, app)
	h := Handler(t, app)
	for _, person := range []string{MenteeCompleted, MentorCompleted, MenteeOne} {
		body := Send(t, h, person, "GET", exportURL(person), "").Body.String()
		for _, id := range referencing(t, app, person) {
			if !strings.Contains(body, `"`+id+`"`) {
				t.Errorf("%s's export lacks %s", person, id)
			}
		}
	}
}

// referencing lists the ids of the records that point at the person, or at one of her duos.
func referencing(t *testing.T, app core.App, person string) []string {
	users, _ := app.FindCollectionByNameOrId("users")
	duos, _ := app.FindCollectionByNameOrId("duos")
	var theirDuos []any
	var ids []string
	collections, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range collections {
		if c.IsView() || strings.HasPrefix(c.Name, "_") {
			continue
		}
		for _, f := range c.Fields {
			rel, ok := f.(*core.RelationField)
			if !ok || rel.CollectionId != users.Id {
				continue
			}
			var found []string
			_ = app.DB().Select("id").From(c.Name).Where(dbx.HashExp{rel.Name: person}).Column(&found)
			ids = append(ids, found...)
			if c.Id == duos.Id && (rel.Name == "mentor" || rel.Name == "mentee") {
				for _, id := range found {
					theirDuos = append(theirDuos, id)
				}
			}
		}
	}
	for _, c := range collections {
		duo := c.Fields.GetByName("duo")
		if rel, ok := duo.(*core.RelationField); !ok || rel.CollectionId != duos.Id || len(theirDuos) == 0 {
			continue
		}
		if c.Name == "notifications" { // about her duo, but sent to someone: hers are found by their user
			continue
		}
		where := dbx.In("duo", theirDuos...)
		if c.Name == "evaluations" {
			where = dbx.And(where, dbx.HashExp{"respondent": person})
		}
		var found []string
		_ = app.DB().Select("id").From(c.Name).Where(where).Column(&found)
		ids = append(ids, found...)
	}
	if len(ids) < 3 {
		t.Fatalf("only %d records point at %s: is the search still right?", len(ids), person)
	}
	return ids
}

// Of anyone else, her export holds nothing: not her partner's address, profile, evaluation,
// phones or notifications, nor anything of another duo.
func TestExportHoldsNothingOfAnyoneElse(t *testing.T) {
	app := App(t)
	phonesAndPushes(t, app)
	h := Handler(t, app)
	if body := Send(t, h, MenteeOne, "GET", exportURL(MenteeOne), "").Body.String(); strings.Contains(body, "devicementor001") ||
		strings.Contains(body, "pushtomentor001") || !strings.Contains(body, "pushtomentee01") {
		t.Errorf("the mentee's export and her partner's phone or push: %s", body)
	}
	body := Send(t, h, MenteeCompleted, "GET", exportURL(MenteeCompleted), "").Body.String()
	mentor, err := app.FindRecordById("users", MentorCompleted)
	if err != nil {
		t.Fatal(err)
	}
	never := []string{mentor.GetString("email"), Profile(t, MentorCompleted), Evaluation(t, DuoCompleted, MentorCompleted),
		DuoOne, MenteeOne, Profile(t, MenteeOne), `"password"`, `"tokenKey"`}
	for _, s := range never {
		if strings.Contains(body, s) {
			t.Errorf("the export shows %s", s)
		}
	}
	if !strings.Contains(body, Evaluation(t, DuoCompleted, MenteeCompleted)) || !strings.Contains(body, `"name":"`+mentor.GetString("name")+`"`) {
		t.Errorf("her own evaluation or her partner's name is missing")
	}
}

// phonesAndPushes gives the first duo's mentee and mentor a phone each and a push each about
// their duo.
func phonesAndPushes(t *testing.T, app core.App) {
	for _, p := range []struct{ device, push, user string }{{"devicementee01", "pushtomentee01", MenteeOne},
		{"devicementor001", "pushtomentor001", MentorOne}} {
		for _, sql := range []string{
			`INSERT INTO devices (id, user, token, platform, last_seen, created, updated)
				VALUES ({:device} || '0', {:user}, {:device} || 'token', 'android', '2026-11-01 10:00:00.000Z', '', '')`,
			`INSERT INTO notifications (id, user, kind, dedupe_key, duo, payload, due_at, next_attempt_at, status, created, updated)
				VALUES ({:push} || '0', {:user}, 'meeting_reminder', {:push}, {:duo}, '{}', '2026-11-01 10:00:00.000Z',
				'2026-11-01 10:00:00.000Z', 'sent', '', '')`,
		} {
			if _, err := app.DB().NewQuery(sql).Bind(dbx.Params{"device": p.device, "push": p.push, "user": p.user,
				"duo": DuoOne}).Execute(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A person made from a sign-up (/join/) finds it in her own export, though no API rule lets
// her read it; another person does not, nor does her partner.
func TestExportHoldsTheSignUpSheWasMadeFrom(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	starts := Now().Add(-48 * time.Hour).UTC()
	Make(t, app, Coord, "sessions", "exportinfo00001", map[string]any{"branch": BranchBrussels, "kind": "info_session",
		"starts_at": starts, "ends_at": starts.Add(2 * time.Hour)})
	Make(t, app, "", "registrations", "exportsignup001", map[string]any{"branch": BranchBrussels, "session": "exportinfo00001",
		"first_name": "Amina", "last_name": "Mentee", "email": "amina.signup@test.example.org", "role": "mentee", "language": "fr",
		"consent_contact": true, "confirmed_at": starts, "converted_at": starts, "person": MenteeOne})
	for caller, want := range map[string]bool{MenteeOne: true, Coord: true, MentorOne: false} {
		body := Send(t, h, caller, "GET", exportURL(MenteeOne), "").Body.String()
		if strings.Contains(body, "amina.signup@test.example.org") != want {
			t.Errorf("%s's export of the mentee holds the sign-up: %v, want %v", caller, !want, want)
		}
	}
	if body := Send(t, h, MentorOne, "GET", exportURL(MentorOne), "").Body.String(); strings.Contains(body, "exportsignup001") {
		t.Error("her mentor's own export holds her sign-up")
	}
}
