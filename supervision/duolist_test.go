package supervision_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/supervision"
)

func TestDuoListRoute(t *testing.T) {
	url := supervision.DuosRoute
	calls := Matrix(t, "the branch's duos", "GET", url+"?branch="+BranchBrussels, "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 200, OtherCoord: 404, Superuser: 200})
	calls = append(calls,
		Call{Name: "a coordinator's own branch, unnamed", Caller: Coord, Method: "GET", URL: url, Status: 200,
			Want: []string{DuoOne, `"lastMeeting":"`, `"menteeName":"Amina Mentee"`}, NotWant: []string{DuoAntwerp}},
		Call{Name: "another coordinator reads only their own", Caller: OtherCoord, Method: "GET", URL: url, Status: 200,
			Want: []string{DuoAntwerp}, NotWant: []string{DuoOne, DuoTwo}},
		Call{Name: "a superuser who names no branch is told which field", Caller: Superuser, Method: "GET", URL: url, Status: 400,
			Want: []string{`"branch":{"code":"validation_required"`}},
		Call{Name: "an unknown sort is named", Caller: Coord, Method: "GET", URL: url + "?sort=mentor.email", Status: 400,
			Want: []string{`"sort":{"code":"validation_invalid_value"`}},
		Call{Name: "a sort reversed twice is unknown", Caller: Coord, Method: "GET", URL: url + "?sort=--created", Status: 400,
			Want: []string{`"sort":{"code":"validation_invalid_value"`}},
		Call{Name: "an injected sort is refused, not run", Caller: Coord, Method: "GET", URL: url + "?sort=created%3BDROP%20TABLE%20duos", Status: 400,
			Want: []string{`"sort":{"code":"validation_invalid_value"`}},
		Call{Name: "an unknown stage is named", Caller: Coord, Method: "GET", URL: url + "?status=paused", Status: 400,
			Want: []string{`"status":{"code":"validation_invalid_value"`}},
		Call{Name: "a search too long is named", Caller: Coord, Method: "GET", URL: url + "?q=" + strings.Repeat("a", 101), Status: 400,
			Want: []string{`"q":{"code":"validation_length_too_long"`}},
		Call{Name: "a stage narrows the list", Caller: Coord, Method: "GET", URL: url + "?status=proposed", Status: 200,
			Want: []string{DuoProposed}, NotWant: []string{DuoOne, DuoValidated}},
	)
	RunAll(t, calls)
}

// The seed logged one meeting a week ago for duo one and duo two, and one at its end for the
// closed duo; here duo two meets again two days ago. Duos with no date sort last both ways.
func TestDuoListSortsAndSearches(t *testing.T) {
	app := App(t)
	Make(t, app, MentorTwo, "meetings", "meetingduo2late", map[string]any{"duo": DuoTwo, "held_on": Day(-2),
		"minutes": 60, "mode": "in_person", "topics": []string{"cv"}, "notes": "Again"})
	cases := []struct {
		name  string
		query supervision.DuoQuery
		first []string // the list starts with these, in this order
		last  string   // and ends with this one, if set
		only  []string // or is exactly these, in any order
	}{
		{"the latest meeting first", supervision.DuoQuery{Sort: "-last_meeting"}, []string{DuoTwo, DuoOne, DuoClosed}, DuoValidated, nil},
		{"the longest without a meeting first", supervision.DuoQuery{Sort: "last_meeting"}, []string{DuoClosed, DuoOne, DuoTwo}, "", nil},
		{"started first", supervision.DuoQuery{Sort: "started_on"}, []string{DuoClosed, DuoCompleted, DuoOne, DuoTwo}, "", nil},
		{"ending last first", supervision.DuoQuery{Sort: "-ends_on"}, []string{DuoTwo, DuoOne, DuoCompleted, DuoClosed}, "", nil},
		{"a part of the mentee's name, any case", supervision.DuoQuery{Query: "aMINA"}, nil, "", []string{DuoOne}},
		{"a part of the mentor's name", supervision.DuoQuery{Query: "Bart"}, nil, "", []string{DuoTwo}},
		{"a percent sign means itself", supervision.DuoQuery{Query: "%"}, nil, "", []string{}},
		{"a stage and a name", supervision.DuoQuery{Status: "active", Query: "Mentee"}, nil, "", []string{DuoOne, DuoTwo}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			list, err := supervision.FindDuos(app, BranchBrussels, c.query)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, d := range list.Items {
				ids = append(ids, d.ID)
			}
			if c.only != nil {
				if !slices.Equal(slices.Sorted(slices.Values(ids)), slices.Sorted(slices.Values(c.only))) {
					t.Fatalf("got %v, want %v", ids, c.only)
				}
				return
			}
			if len(ids) < len(c.first) || !slices.Equal(ids[:len(c.first)], c.first) {
				t.Fatalf("got %v, want it to start with %v", ids, c.first)
			}
			if c.last != "" && !slices.Contains(ids[len(ids)-4:], c.last) {
				t.Fatalf("got %v, want %s among the last (no meeting)", ids, c.last)
			}
		})
	}
	list, _ := supervision.FindDuos(app, BranchBrussels, supervision.DuoQuery{Query: "Olga"})
	if len(list.Items) != 1 || list.Items[0].LastMeeting != Day(-2) {
		t.Fatalf("duo two's last meeting: %+v, want %s", list.Items, Day(-2))
	}
}

// An erased partner is neither named nor found by the name they had.
func TestDuoListNamesNoErasedPerson(t *testing.T) {
	app := App(t)
	if _, err := app.DB().Update("users", dbx.Params{"erased_at": "2026-01-01 00:00:00.000Z"}, dbx.HashExp{"id": MenteeOne}).Execute(); err != nil {
		t.Fatal(err)
	}
	found, _ := supervision.FindDuos(app, BranchBrussels, supervision.DuoQuery{Query: "Amina"})
	if len(found.Items) != 0 {
		t.Fatalf("found by an erased name: %+v", found.Items)
	}
	list, _ := supervision.FindDuos(app, BranchBrussels, supervision.DuoQuery{Query: "Marc"})
	if len(list.Items) != 1 || list.Items[0].MenteeName != "" || !list.Items[0].MenteeErased || list.Items[0].MentorName != "Marc Mentor" {
		t.Fatalf("duo one as listed: %+v", list.Items)
	}
}
