package impact_test

import (
	"fmt"
	"hash/fnv"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
)

func TestMain(m *testing.M) { Run(m) }

const branch = "branchimpact001"

// world writes, with plain SQL, a branch whose figures are known by hand: cohort A started 26
// months ago (every horizon passed), twelve duos; cohort B a month ago, three duos still
// running; a duo proposed but never started, which no measure counts.
type world struct {
	t        *testing.T
	app      core.App
	today    time.Time
	n        int
	meetings int
}

type ev struct {
	kind, outcome string
	sat, autonomy int
	felt, coach   int
	mentor        bool
	unsubmitted   bool
}

func (w *world) exec(sql string, p dbx.Params) {
	w.t.Helper()
	if _, err := w.app.DB().NewQuery(sql).Bind(p).Execute(); err != nil {
		w.t.Fatal(err)
	}
}

func day(t time.Time) string {
	d, _ := types.ParseDateTime(lifecycle.DateOnly(mustDT(t)))
	return d.String()
}
func mustDT(t time.Time) types.DateTime { d, _ := types.ParseDateTime(t); return d }

// duo adds a duo started on start, with its status, stop category, evaluations, and the day
// its mentor was proposed another duo (zero: never).
func (w *world) duo(start time.Time, status, category string, evs []ev, mentorNext time.Time) {
	w.n++
	id := fmt.Sprintf("impactduo%06d", w.n)
	mentor, mentee := fmt.Sprintf("impactmtr%06d", w.n), fmt.Sprintf("impactmte%06d", w.n)
	intake := start.AddDate(0, 0, -30).Add(9 * time.Hour)
	w.person(mentor, "mentor", intake)
	w.person(mentee, "mentee", intake)
	end := lifecycle.AddMonths(mustDT(start), 6).Time()
	created := start.AddDate(0, 0, -14)
	w.exec(`INSERT INTO duo_events (id, duo, kind, from_status, to_status, actor_kind, at, created, updated)
		VALUES ({:id}, {:duo}, 'status_changed', 'proposed', 'validated', 'person', {:at}, '', '')`,
		dbx.Params{"id": fmt.Sprintf("impactevt%06d", w.n), "duo": id, "at": mustDT(start.AddDate(0, 0, -7)).String()})
	w.exec(`INSERT INTO duos (id, branch, mentor, mentee, status, started_on, ends_on, stop_category, stop_reason, created, updated, cell_key)
		VALUES ({:id}, {:branch}, {:mentor}, {:mentee}, {:status}, {:start}, {:end}, {:cat}, {:reason}, {:created}, '', {:key})`,
		dbx.Params{"id": id, "branch": branch, "mentor": mentor, "mentee": mentee, "status": status, "start": day(start), "key": keyOf(id),
			"end": day(end), "cat": category, "reason": map[bool]string{true: "why"}[category != ""], "created": mustDT(created).String()})
	for i, e := range evs {
		respondent := mentee
		if e.mentor {
			respondent = mentor
		}
		at := mustDT(end.AddDate(0, 0, 3)).String()
		if e.unsubmitted {
			at = ""
		}
		w.exec(`INSERT INTO evaluations (id, duo, respondent, kind, outcome, satisfaction, expectations_met, objectives_achieved,
			autonomy, network, felt_useful, coaching_skills, submitted_at, created, updated)
			VALUES ({:id}, {:duo}, {:who}, {:kind}, {:outcome}, {:sat}, {:sat}, {:sat}, {:aut}, 0, {:felt}, {:coach}, {:at}, '', '')`,
			dbx.Params{"id": fmt.Sprintf("impactev%04d%03d", w.n, i), "duo": id, "who": respondent, "kind": e.kind, "outcome": e.outcome,
				"sat": e.sat, "aut": e.autonomy, "felt": e.felt, "coach": e.coach, "at": at})
	}
	if !mentorNext.IsZero() {
		next := fmt.Sprintf("impactnxt%06d", w.n)
		w.exec(`INSERT INTO duos (id, branch, mentor, mentee, status, created, updated, cell_key)
			VALUES ({:id}, {:branch}, {:mentor}, {:mentee}, 'proposed', {:created}, '', {:key})`,
			dbx.Params{"id": next, "branch": branch, "mentor": mentor, "mentee": mentee, "key": keyOf(next),
				"created": mustDT(mentorNext).String()})
	}
}

// person adds a mentee or a mentor taken in at intake, with no profile.
func (w *world) person(id, role string, intake time.Time) {
	w.exec(`INSERT INTO users (id, email, tokenKey, password, verified, name, role, branch, created, updated, cell_key)
		VALUES ({:id}, {:id} || '@impact.example.org', {:id}, 'x', 1, {:id}, {:role}, {:branch}, {:at}, '', {:key})`,
		dbx.Params{"id": id, "role": role, "branch": branch, "at": mustDT(intake).String(), "key": keyOf(id)})
}

// keyOf is the world's cell key of a record (1 to 255): fixed by its id, so that two worlds
// built alike have the same keys, as one database before and after a change would.
func keyOf(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32()%255) + 1
}

// profile gives the n-th duo's mentee (or mentor) a profile.
func (w *world) profile(user string, birthYear int, languages, barriers, birthCountry string, consented bool) {
	consent := ""
	if consented {
		consent = day(w.today.AddDate(-3, 0, 0))
	}
	w.exec(`INSERT INTO profiles (id, user, birth_year, languages, barriers, birth_country, birth_country_consent_on, created, updated)
		VALUES ({:id}, {:user}, {:year}, {:languages}, {:barriers}, {:country}, {:consent}, '', '')`,
		dbx.Params{"id": "prof" + user[6:], "user": user, "year": birthYear, "languages": languages, "barriers": barriers,
			"country": birthCountry, "consent": consent})
}

func (w *world) meeting(duo int, minutes int) {
	w.exec(`INSERT INTO meetings (id, duo, held_on, minutes, mode, created, updated)
		VALUES ({:id}, {:duo}, '2024-01-01 00:00:00.000Z', {:minutes}, 'in_person', '', '')`,
		dbx.Params{"id": fmt.Sprintf("impactmtg%06d", w.mtg()), "duo": fmt.Sprintf("impactduo%06d", duo), "minutes": minutes})
}

func (w *world) mtg() int { w.meetings++; return w.meetings }

func newWorld(t *testing.T) *world {
	app := App(t)
	w := &world{t: t, app: app, today: Now()}
	w.exec(`INSERT INTO branches (id, name, city, country, timezone, locale, created, updated)
		VALUES ({:id}, 'Impact', 'Liège', 'BE', 'Europe/Brussels', 'fr', '', '')`, dbx.Params{"id": branch})
	a := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -26, 0)
	end := lifecycle.AddMonths(mustDT(a), 6).Time()
	final := func(outcome string, sat int) ev { return ev{kind: "final", outcome: outcome, sat: sat} }
	never := time.Time{}
	// 1: a permanent job at the end; every answer; the mentor starts again 3 months later.
	w.duo(a, "completed", "", []ev{{kind: "final", outcome: "job_permanent", sat: 5, autonomy: 5},
		{kind: "final", mentor: true, sat: 5, felt: 5, coach: 4}}, end.AddDate(0, 3, 0))
	// 2: still looking at the end, an internship at 6 months, a short job at 12; the mentor
	// starts again 14 months after (too late).
	w.duo(a, "completed", "", []ev{final("none", 3), {kind: "followup_6m", outcome: "internship", sat: 4},
		{kind: "followup_12m", outcome: "job_short", sat: 4}}, end.AddDate(0, 14, 0))
	// 3: a training at the end, the 6-month follow-up opened but unanswered, a stable job at 12.
	w.duo(a, "completed", "", []ev{final("training", 4), {kind: "followup_6m", unsubmitted: true},
		{kind: "followup_12m", outcome: "job_fixed_3m_plus", sat: 5}}, never)
	// 4: the final unanswered, still looking at 6 and 12 months.
	w.duo(a, "completed", "", []ev{{kind: "final", unsubmitted: true}, {kind: "followup_6m", outcome: "none", sat: 2},
		{kind: "followup_12m", outcome: "none", sat: 2}}, never)
	// 5: nothing answered, ever.
	w.duo(a, "completed", "", nil, never)
	// 6, 7, 8: stopped early: for a job, contact lost, moved away.
	w.duo(a, "stopped", "job", nil, never)
	w.duo(a, "stopped", "lost_contact", nil, never)
	w.duo(a, "stopped", "moved", nil, never)
	// 9-12: a stable job twice, studies, an internship at the end; no 12-month answer.
	for _, outcome := range []string{"job_fixed_3m_plus", "job_permanent", "studies", "internship"} {
		w.duo(a, "completed", "", []ev{final(outcome, 4)}, never)
	}
	// Cohort B: three duos started a month ago, running.
	b := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	for range 3 {
		w.duo(b, "active", "", nil, never)
	}
	w.operations(a)
	return w
}

// operations gives cohort A's people the profiles and its duos the meetings whose counts are
// known by hand, and adds people taken in and never matched.
func (w *world) operations(a time.Time) {
	intakeYear := a.AddDate(0, 0, -30).Year()
	for n := 1; n <= 12; n++ {
		year, languages := intakeYear-20, `["ar","fr"]` // 18-21
		if n > 6 {
			year, languages = intakeYear-27, `["fr"]` // 26-30
		}
		barriers := map[bool]string{true: `["language","network"]`, false: `[]`}[n <= 3]
		// Syria as the country of birth: consented for 1-4; given without consent for 5.
		w.profile(fmt.Sprintf("impactmte%06d", n), year, languages, barriers, map[bool]string{true: "SY"}[n <= 5], n <= 4)
		w.profile(fmt.Sprintf("impactmtr%06d", n), intakeYear-65, `["nl","fr"]`, `[]`, "", false)
	}
	for range 3 {
		w.meeting(1, 120)
	}
	w.meeting(2, 90)
	// Taken in and never matched: a mentee and a mentor 8 months ago (past the 6 months of
	// the conversion), a mentee 10 days ago (still pending).
	w.person("impactwait000001", "mentee", w.today.AddDate(0, -8, 0))
	w.person("impactwait000002", "mentor", w.today.AddDate(0, -8, 0))
	w.person("impactwait000003", "mentee", w.today.AddDate(0, 0, -10))
}

// byCohort finds the groups of a table by their cohort ("" the total).
func byCohort(t *testing.T, groups []impact.Group) map[string]impact.Group {
	out := map[string]impact.Group{}
	for _, g := range groups {
		out[g.Cohort] = g
	}
	if groups[len(groups)-1].Cohort != "" {
		t.Fatalf("the total is not last: %+v", groups[len(groups)-1])
	}
	return out
}

func TestEveryMeasureOnAWorldKnownByHand(t *testing.T) {
	w := newWorld(t)
	groups, err := impact.Table(w.app, impact.Query{Branch: branch, By: impact.ByMonth}, w.today)
	if err != nil {
		t.Fatal(err)
	}
	a := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -26, 0)
	b := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	cohorts := byCohort(t, groups)
	groups = []impact.Group{cohorts[a.Format("2006-01")], cohorts[b.Format("2006-01")], cohorts[""]}
	if groups[0].Started != 12 || groups[1].Started != 3 || groups[2].Started != 15 {
		t.Fatalf("groups: %+v", groups)
	}
	type want struct{ yes, total, unknown, pending int }
	wantA := map[string]want{
		impact.PositiveExitEnd:  {7, 12, 4, 0},
		impact.StableJobEnd:     {3, 12, 5, 0},
		impact.PositiveExit12m:  {8, 12, 3, 0},
		impact.StableJob12m:     {4, 12, 6, 0},
		impact.MentorAgain12m:   {1, 12, 0, 0},
		impact.MenteeSatisfied:  {6, 12, 5, 0},
		impact.MenteeAutonomy:   {1, 12, 11, 0},
		impact.MentorFeltUseful: {1, 12, 11, 0},
		impact.MentorCoaching:   {1, 12, 11, 0},
	}
	wantB := map[string]want{impact.PositiveExitEnd: {0, 3, 3, 3}, impact.PositiveExit12m: {0, 3, 3, 3},
		impact.MentorAgain12m: {0, 3, 3, 3}, impact.MenteeSatisfied: {0, 3, 3, 3}}
	for i, expect := range []map[string]want{wantA, wantB} {
		for id, x := range expect {
			r := groups[i].Measures[id]
			if r.Numerator != x.yes || r.Denominator != x.total || r.Unknown != x.unknown || r.Pending != x.pending {
				t.Errorf("cohort %s %s: %d/%d unknown %d pending %d, want %d/%d unknown %d pending %d", groups[i].Cohort, id,
					r.Numerator, r.Denominator, r.Unknown, r.Pending, x.yes, x.total, x.unknown, x.pending)
			}
		}
	}
	r := groups[0].Measures[impact.PositiveExit12m]
	low, high := impact.Wilson(8, 12)
	if *r.Value != 8.0/12 || *r.Low != low || *r.High != high {
		t.Errorf("8 of 12: %v [%v, %v]", *r.Value, *r.Low, *r.High)
	}
	total := groups[2].Measures[impact.PositiveExitEnd]
	if total.Numerator != 7 || total.Denominator != 15 || total.Pending != 3 {
		t.Errorf("total %+v", total)
	}
}

// Grouped by quarter, or limited to some cohorts, the same duos count the same way.
func TestCohortsByQuarterAndRange(t *testing.T) {
	w := newWorld(t)
	start := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -26, 0)
	first := impact.Cohort(mustDT(start).String(), impact.ByQuarter)
	groups, err := impact.Table(w.app, impact.Query{Branch: branch, By: impact.ByQuarter, From: first, To: first}, w.today)
	if err != nil || len(groups) != 2 || groups[0].Cohort != first || groups[0].Started != 12 || groups[1].Started != 12 {
		t.Fatalf("%v %+v", err, groups)
	}
	if r := groups[0].Measures[impact.PositiveExitEnd]; r.Numerator != 7 {
		t.Errorf("%+v", r)
	}
}
