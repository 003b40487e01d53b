package intake_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/duoforajob/duo/intake"
	. "github.com/duoforajob/duo/internal/testkit"
)

func TestMain(m *testing.M) { Run(m) }

func TestRosterRoute(t *testing.T) {
	url := intake.PeopleRoute
	calls := Matrix(t, "the branch's roster", "GET", url+"?branch="+BranchBrussels, "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 200, OtherCoord: 404, Superuser: 200})
	calls = append(calls,
		Call{Name: "a coordinator's own branch, unnamed", Caller: Coord, Method: "GET", URL: url, Status: 200,
			Want: []string{FreeMentee, `"status":"waiting"`}, NotWant: []string{MenteeAntwerp, CoordBrussels}},
		Call{Name: "another coordinator reads only their own", Caller: OtherCoord, Method: "GET", URL: url, Status: 200,
			Want: []string{MenteeAntwerp}, NotWant: []string{FreeMentee, MenteeOne}},
		Call{Name: "a superuser who names no branch is told which field", Caller: Superuser, Method: "GET", URL: url, Status: 400,
			Want: []string{`"branch":{"code":"validation_required"`}},
		Call{Name: "an unknown status is named", Caller: Coord, Method: "GET", URL: url + "?status=asleep", Status: 400,
			Want: []string{`"status":{"code":"validation_invalid_value"`}},
		Call{Name: "an unknown role is named", Caller: Coord, Method: "GET", URL: url + "?role=coordinator", Status: 400,
			Want: []string{`"role":{"code":"validation_invalid_value"`}},
		Call{Name: "a page size too large is named", Caller: Coord, Method: "GET", URL: url + "?perPage=201", Status: 400,
			Want: []string{`"perPage":{"code":"validation_max_number_constraint"`}},
		Call{Name: "a search too long is named", Caller: Coord, Method: "GET", URL: url + "?q=" + strings.Repeat("a", 101), Status: 400,
			Want: []string{`"q":{"code":"validation_length_too_long"`}},
	)
	RunAll(t, calls)
}

// Where each fixture stands: duo one and two active, the proposed and validated duos
// matched, the completed and closed mentees finished, their mentors free again.
func TestRosterFilters(t *testing.T) {
	app := App(t)
	Change(t, app, "", "profiles", Profile(t, MentorOne), map[string]any{"training_completed_on": Day(-40)})
	Change(t, app, "", "profiles", Profile(t, FreeMentor), map[string]any{"training_completed_on": Day(-3)})
	cases := []struct {
		name   string
		filter intake.Filter
		want   []string
	}{
		{"mentees waiting for a duo", intake.Filter{Role: "mentee", Status: intake.StatusWaiting}, []string{FreeMentee}},
		{"mentees matched", intake.Filter{Role: "mentee", Status: intake.StatusMatched}, []string{MenteeProposed, MenteeValidated}},
		{"mentees in a duo", intake.Filter{Role: "mentee", Status: intake.StatusInDuo}, []string{MenteeOne, MenteeTwo}},
		{"mentees whose duo reached its term", intake.Filter{Role: "mentee", Status: intake.StatusFinished}, []string{MenteeCompleted, MenteeClosed}},
		{"mentors free to take a duo", intake.Filter{Role: "mentor", Status: intake.StatusWaiting},
			[]string{FreeMentor, MentorCompleted, MentorClosed}},
		{"mentors trained", intake.Filter{Training: intake.TrainingDone}, []string{MentorOne, FreeMentor}},
		{"mentors not trained yet, free", intake.Filter{Training: intake.TrainingPending, Status: intake.StatusWaiting},
			[]string{MentorCompleted, MentorClosed}},
		{"a part of a name, any case", intake.Filter{Query: "kATHLEEN"}, []string{FreeMentee}},
		{"a part of an e-mail address", intake.Filter{Query: "mentorduotwo"}, []string{MentorTwo}},
		{"a percent sign means itself", intake.Filter{Query: "%"}, nil},
		{"an underscore means itself", intake.Filter{Query: "_"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.filter.Page, c.filter.PerPage = 1, 50
			r, err := intake.Find(app, BranchBrussels, c.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Items {
				got = append(got, p.ID)
			}
			if !slices.Equal(sorted(got), sorted(c.want)) || r.TotalItems != len(c.want) {
				t.Errorf("got %v (total %d), want %v", got, r.TotalItems, c.want)
			}
		})
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// Pages follow each other by name, with nobody twice and nobody left out.
func TestRosterPages(t *testing.T) {
	app := App(t)
	all, err := intake.Find(app, BranchBrussels, intake.Filter{Page: 1, PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	var paged []intake.Person
	for page := 1; page <= (all.TotalItems+2)/3; page++ {
		r, err := intake.Find(app, BranchBrussels, intake.Filter{Page: page, PerPage: 3})
		if err != nil || r.TotalItems != all.TotalItems {
			t.Fatalf("page %d: %v, total %d", page, err, r.TotalItems)
		}
		paged = append(paged, r.Items...)
	}
	a, _ := json.Marshal(all.Items)
	b, _ := json.Marshal(paged)
	if string(a) != string(b) || all.TotalItems != 14 {
		t.Errorf("pages of 3 differ from one page of %d", all.TotalItems)
	}
}

// Since when each waits: a person never in a duo since their account was made (the intake);
// a person whose duo closed (completed, declined) since it closed; nobody in an open duo.
func TestRosterWaitingSince(t *testing.T) {
	app := App(t)
	Change(t, app, CoordBrussels, "duos", DuoProposed, map[string]any{"status": "declined"})
	closedAt := func(duo, status string) string {
		ev, err := app.FindFirstRecordByFilter("duo_events", "duo = {:d} && to_status = {:s}", map[string]any{"d": duo, "s": status})
		if err != nil {
			t.Fatalf("%s %s: %v", duo, status, err)
		}
		return ev.GetString("at")
	}
	created := func(id string) string { return Find(t, app, "users", id).GetString("created") }
	cases := []struct {
		name, person, want string
	}{
		{"never in a duo: since the account", FreeMentee, created(FreeMentee)},
		{"a mentor whose duo reached its term: since it did", MentorClosed, closedAt(DuoClosed, "completed")},
		{"a mentor whose proposed duo was declined: since the refusal", MentorProposed, closedAt(DuoProposed, "declined")},
		{"a mentee whose proposed duo was declined: since the refusal", MenteeProposed, closedAt(DuoProposed, "declined")},
		{"in a running duo: not waiting", MenteeOne, ""},
		{"in a validated duo: not waiting", MentorValidated, ""},
	}
	all, err := intake.Find(app, BranchBrussels, intake.Filter{Page: 1, PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			i := slices.IndexFunc(all.Items, func(p intake.Person) bool { return p.ID == c.person })
			if i < 0 {
				t.Fatalf("%s not in the roster", c.person)
			}
			if got := all.Items[i].WaitingSince; got != c.want {
				t.Errorf("waiting since %q, want %q", got, c.want)
			}
			if c.want != "" && c.want <= created(c.person) && c.person != FreeMentee {
				t.Errorf("the close (%s) should come after the account (%s)", c.want, created(c.person))
			}
		})
	}
}
