package supervision_test

import (
	"strings"
	"testing"
	"time"

	"github.com/duoforajob/duo/hooks"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/supervision"
)

func TestEvaluationsRoute(t *testing.T) {
	url := strings.Replace(supervision.EvaluationsRoute, "{id}", DuoCompleted, 1)
	calls := Matrix(t, "a completed duo's evaluations", "GET", url, "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 200, OtherCoord: 404, Superuser: 200})
	calls = append(calls,
		Call{Name: "an unknown duo", Caller: Coord, Method: "GET", URL: strings.Replace(supervision.EvaluationsRoute, "{id}", "nosuchduo000000", 1), Status: 404},
		Call{Name: "another branch's duo", Caller: Coord, Method: "GET", URL: strings.Replace(supervision.EvaluationsRoute, "{id}", DuoAntwerp, 1), Status: 404},
		Call{Name: "the finals open, the follow-ups to come", Caller: Coord, Method: "GET", URL: url, Status: 200,
			Want: []string{`"kind":"final","respondent":"` + MentorCompleted + `","role":"mentor","state":"waiting"`,
				`"kind":"followup_6m","respondent":"` + MenteeCompleted + `","role":"mentee","state":"upcoming"`}},
	)
	RunAll(t, calls)
}

// statesOf lists a duo's evaluations as kind/role=state.
func statesOf(list []supervision.Evaluation) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.Kind+"/"+e.Role+"="+e.State)
	}
	return out
}

// Where a completed duo's evaluations stand as days pass: the finals opened at the seed wait
// 13 days, are overdue at 14; an answered one stays answered; the follow-ups are to come, and
// missed once 30 days past their date without being opened.
func TestEvaluationStatesAsDaysPass(t *testing.T) {
	seeded := Now()
	clock := &Clock{T: seeded}
	app := AppWith(t, hooks.Options{Now: clock.Now})
	duo := Find(t, app, "duos", DuoCompleted)
	sixMonths := lifecycle.AddMonths(duo.GetDateTime("ends_on"), 6)
	day := 24 * time.Hour
	cases := []struct {
		name  string
		at    time.Time
		want  []string
		setup func()
	}{
		{name: "13 days after they opened", at: seeded.Add(13 * day), want: []string{"final/mentor=waiting", "final/mentee=waiting",
			"followup_6m/mentee=upcoming", "followup_12m/mentee=upcoming"}},
		{name: "14 days after", at: seeded.Add(14 * day), want: []string{"final/mentor=overdue", "final/mentee=overdue",
			"followup_6m/mentee=upcoming", "followup_12m/mentee=upcoming"}},
		{name: "the mentee answered", at: seeded.Add(20 * day), setup: func() {
			clock.T = seeded.Add(2 * day)
			Change(t, app, MenteeCompleted, "evaluations", Evaluation(t, DuoCompleted, MenteeCompleted), map[string]any{
				"expectations_met": 4, "objectives_achieved": 3, "satisfaction": 5, "outcome": "internship", "submitted_at": clock.T})
		}, want: []string{"final/mentor=overdue", "final/mentee=answered", "followup_6m/mentee=upcoming", "followup_12m/mentee=upcoming"}},
		{name: "the 6-month follow-up 30 days past its date, never opened", at: sixMonths.Time().Add(30*day + 12*time.Hour),
			want: []string{"final/mentor=overdue", "final/mentee=answered", "followup_6m/mentee=upcoming", "followup_12m/mentee=upcoming"}},
		{name: "31 days past", at: sixMonths.Time().Add(31*day + 12*time.Hour),
			want: []string{"final/mentor=overdue", "final/mentee=answered", "followup_6m/mentee=missed", "followup_12m/mentee=upcoming"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.setup != nil {
				c.setup()
			}
			list, err := supervision.DuoEvaluations(app, duo, c.at)
			if err != nil {
				t.Fatal(err)
			}
			if got := statesOf(list); strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("got %v\nwant %v", got, c.want)
			}
		})
	}
	list, _ := supervision.DuoEvaluations(app, duo, seeded.Add(13*day))
	if list[0].DaysWaiting != 13 || list[2].OpenedOn != sixMonths.Time().Format(time.DateOnly) {
		t.Errorf("days waiting %d, follow-up on %s (want 13, %s)", list[0].DaysWaiting, list[2].OpenedOn, sixMonths.Time().Format(time.DateOnly))
	}
	active, _ := supervision.DuoEvaluations(app, Find(t, app, "duos", DuoOne), seeded)
	if len(active) != 0 {
		t.Errorf("an active duo has %d evaluations", len(active))
	}
}
