package supervision_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/hooks"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/supervision"
)

func TestMain(m *testing.M) { Run(m) }

// reasonsOf lists the risk codes of a duo in an overview.
func reasonsOf(o supervision.Overview, duo string) []string {
	for _, r := range o.AtRisk {
		if r.Duo == duo {
			var codes []string
			for _, reason := range r.Reasons {
				codes = append(codes, reason.Code)
			}
			return codes
		}
	}
	return nil
}

// Each risk, on either side of its threshold: the seeded duos' meetings were held a week
// before the seed, the validated duo was validated at the seed, the completed duos' final
// evaluations opened at the seed; duo one's end is read from it.
func TestRisksOnEitherSideOfTheirThreshold(t *testing.T) {
	seeded := Now()
	cases := []struct {
		name      string
		days      int // after the seed
		beforeEnd int // or, when set, days before duo one's end (noon in Brussels)
		setup     func(t *testing.T, app core.App)
		duo       string
		risk      string
		flagged   bool
		wantDays  int
	}{
		{name: "13 days without a meeting", days: 6, duo: DuoTwo, risk: supervision.RiskNoMeeting},
		{name: "15 days without a meeting", days: 8, duo: DuoTwo, risk: supervision.RiskNoMeeting, flagged: true, wantDays: 15},
		{name: "a meeting unconfirmed for 6 days", days: -1, duo: DuoOne, risk: supervision.RiskUnconfirmed},
		{name: "a meeting unconfirmed for 7 days", days: 0, duo: DuoOne, risk: supervision.RiskUnconfirmed, flagged: true},
		{name: "the meeting confirmed", days: 0, duo: DuoOne, risk: supervision.RiskUnconfirmed, setup: func(t *testing.T, app core.App) {
			Change(t, app, MenteeOne, "meetings", MeetingOne, map[string]any{"mentee_confirmed": true})
		}},
		{name: "unsigned 6 days after validation", days: 6, duo: DuoValidated, risk: supervision.RiskUnsigned},
		{name: "unsigned 7 days after validation", days: 7, duo: DuoValidated, risk: supervision.RiskUnsigned, flagged: true, wantDays: 7},
		{name: "evaluations unanswered for 13 days", days: 13, duo: DuoCompleted, risk: supervision.RiskEvaluationDue},
		{name: "evaluations unanswered for 14 days", days: 14, duo: DuoCompleted, risk: supervision.RiskEvaluationDue, flagged: true, wantDays: 14},
		{name: "answered evaluations", days: 14, duo: DuoCompleted, risk: supervision.RiskEvaluationDue, setup: func(t *testing.T, app core.App) {
			if _, err := app.DB().Update("evaluations", dbx.Params{"submitted_at": "2026-01-01 00:00:00.000Z"},
				dbx.HashExp{"duo": DuoCompleted}).Execute(); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "a period ending in 15 days", beforeEnd: 15, duo: DuoOne, risk: supervision.RiskEnding},
		{name: "a period ending in 14 days", beforeEnd: 14, duo: DuoOne, risk: supervision.RiskEnding, flagged: true},
		{name: "another branch's duos are not in it", days: 30, duo: DuoAntwerp, risk: supervision.RiskNoMeeting},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := &Clock{T: seeded.AddDate(0, 0, c.days)}
			app := AppWith(t, hooks.Options{Now: clock.Now})
			if c.beforeEnd != 0 {
				end := Find(t, app, "duos", DuoOne).GetDateTime("ends_on").Time()
				clock.T = Brussels(end.AddDate(0, 0, -c.beforeEnd).Format(time.DateOnly) + " 12:00")
			}
			if c.setup != nil {
				c.setup(t, app)
			}
			o, err := supervision.Build(app, BranchBrussels, clock.T)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(reasonsOf(o, c.duo), c.risk); got != c.flagged {
				t.Fatalf("%s flagged %v, want %v: %+v", c.risk, got, c.flagged, o.AtRisk)
			}
			for _, r := range o.AtRisk {
				for _, reason := range r.Reasons {
					if r.Duo == c.duo && reason.Code == c.risk && c.wantDays != 0 && reason.Days != c.wantDays {
						t.Errorf("%d days, want %d", reason.Days, c.wantDays)
					}
				}
			}
		})
	}
}

// The overview counts the branch's duos by stage, and only the branch's.
func TestOverviewCountsByStage(t *testing.T) {
	app := App(t)
	o, err := supervision.Build(app, BranchBrussels, Now())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"proposed": 1, "validated": 1, "declined": 0, "active": 2, "completed": 2, "stopped": 0}
	got, _ := json.Marshal(o.ByStatus)
	if w, _ := json.Marshal(want); string(got) != string(w) {
		t.Errorf("by status %s, want %s", got, w)
	}
}

// Who may read which overview; a coordinator's own branch is the only one they get.
func TestOverviewRoute(t *testing.T) {
	url := supervision.OverviewRoute
	calls := Matrix(t, "the overview", "GET", url, "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 200, OtherCoord: 200, Superuser: 400})
	calls = append(calls,
		Call{Name: "another branch's overview is not found", Caller: OtherCoord, Method: "GET", URL: url + "?branch=" + BranchBrussels,
			Status: 404, NotWant: []string{DuoOne}},
		Call{Name: "a coordinator's own, named", Caller: Coord, Method: "GET", URL: url + "?branch=" + BranchBrussels,
			Status: 200, Want: []string{`"branch":"` + BranchBrussels + `"`, `"active":2`}},
		Call{Name: "a superuser names the branch", Caller: Superuser, Method: "GET", URL: url + "?branch=" + BranchAntwerp,
			Status: 200, Want: []string{`"active":1`}},
		Call{Name: "a superuser who names none is told which field", Caller: Superuser, Method: "GET", URL: url,
			Status: 400, Want: []string{`"branch":{"code":"validation_required"`}},
		Call{Name: "reasons in the reader's language", Caller: Coord, Method: "GET", URL: url, Status: 200,
			Want: []string{`"code":"meetings_unconfirmed"`, `"text":"Rencontres non confirmées par le mentoré : 1."`}},
	)
	RunAll(t, calls)
}

// A duo that is over (stopped, declined) is never at risk, whatever it left behind; a
// completed one only for the evaluations still to chase.
func TestClosedDuosAreNotAtRisk(t *testing.T) {
	cases := []struct {
		name  string
		duo   string
		close func(t *testing.T, app core.App)
		want  []string // the reasons left, in the finders' order
	}{
		{name: "an active duo with a meeting unconfirmed and none for 14 days", duo: DuoOne,
			want: []string{supervision.RiskNoMeeting, supervision.RiskUnconfirmed}},
		{name: "the same duo stopped", duo: DuoOne, close: func(t *testing.T, app core.App) {
			Change(t, app, Coord, "duos", DuoOne, map[string]any{"status": "stopped", "stop_reason": "Found a job", "stop_category": "job"})
		}},
		{name: "a validated duo unsigned for 14 days", duo: DuoValidated, want: []string{supervision.RiskUnsigned}},
		{name: "the same duo stopped", duo: DuoValidated, close: func(t *testing.T, app core.App) {
			Change(t, app, Coord, "duos", DuoValidated, map[string]any{"status": "stopped", "stop_reason": "Moved", "stop_category": "moved"})
		}},
		{name: "a declined duo with a meeting logged before it was declined", duo: DuoProposed, close: func(t *testing.T, app core.App) {
			Change(t, app, Coord, "duos", DuoProposed, map[string]any{"status": "declined"})
			unconfirmedMeeting(t, app, DuoProposed)
		}},
		{name: "a stopped duo with an evaluation never answered", duo: DuoTwo, close: func(t *testing.T, app core.App) {
			Change(t, app, Coord, "duos", DuoTwo, map[string]any{"status": "stopped", "stop_category": "health"})
			if _, err := app.DB().Insert("evaluations", dbx.Params{"id": "evaluationstop1", "duo": DuoTwo, "respondent": MenteeTwo,
				"kind": "final", "created": Day(-20) + " 10:00:00.000Z", "updated": Day(-20) + " 10:00:00.000Z"}).Execute(); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "a completed duo with a meeting unconfirmed and evaluations overdue", duo: DuoCompleted, close: func(t *testing.T, app core.App) {
			unconfirmedMeeting(t, app, DuoCompleted)
		}, want: []string{supervision.RiskEvaluationDue}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := &Clock{T: Now()}
			app := AppWith(t, hooks.Options{Now: clock.Now})
			if c.close != nil {
				c.close(t, app)
			}
			clock.T = Now().AddDate(0, 0, 14)
			o, err := supervision.Build(app, BranchBrussels, clock.T)
			if err != nil {
				t.Fatal(err)
			}
			if got := reasonsOf(o, c.duo); !slices.Equal(got, c.want) {
				t.Errorf("reasons %v, want %v", got, c.want)
			}
		})
	}
}

// unconfirmedMeeting writes, as data from before, a meeting of the duo held 20 days ago that
// the mentee never confirmed.
func unconfirmedMeeting(t *testing.T, app core.App, duo string) {
	t.Helper()
	if _, err := app.DB().Insert("meetings", dbx.Params{"id": "meetingunconfir", "duo": duo,
		"held_on": Day(-20) + " 00:00:00.000Z", "minutes": 60, "mentee_confirmed": false,
		"created": "2026-01-01 00:00:00.000Z", "updated": "2026-01-01 00:00:00.000Z"}).Execute(); err != nil {
		t.Fatal(err)
	}
}
