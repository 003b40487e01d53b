package impact_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/demo"
	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
)

func historyBranches(t testing.TB, app core.App, n int) []string {
	var ids []string
	for b := range n {
		id := fmt.Sprintf("histbranch%05d", b)
		if _, err := app.DB().NewQuery(`INSERT INTO branches (id, name, city, country, timezone, locale, created, updated)
			VALUES ({:id}, {:id}, 'City', 'BE', 'Europe/Brussels', 'fr', '', '')`).Bind(dbx.Params{"id": id}).Execute(); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// Three years of synthetic cohorts drawn at the published rates (everyone answering, nobody
// stopping, so that what is measured is what was drawn): over the cohorts whose horizons have
// all passed, each computed rate's Wilson interval holds the generator's truth.
func TestHistoryFiguresHoldTheGeneratorsTruth(t *testing.T) {
	app := App(t)
	truth := demo.Published
	truth.Stopped, truth.Answered = 0, 1
	if err := demo.History(app, historyBranches(t, app, 4), 3000, truth, Now(), 7); err != nil {
		t.Fatal(err)
	}
	// The history's first 17 months of cohorts (it starts 43 months ago): every horizon passed
	// for them, whatever today's date, and the same duos on any day the suite runs.
	first := time.Date(Now().Year(), Now().Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -43, 0)
	q := impact.Query{By: impact.ByMonth, To: first.AddDate(0, 16, 0).Format("2006-01")}
	exact, err := impact.Compute(app, q, Now())
	if err != nil {
		t.Fatal(err)
	}
	published, err := impact.Publish(app, q, Now()) // perturbed as it leaves the branches
	if err != nil {
		t.Fatal(err)
	}
	for name, report := range map[string]*impact.Report{"exact": exact, "published": published} {
		total := report.Groups[len(report.Groups)-1]
		if total.Started < 1000 {
			t.Fatalf("%s: only %d duos in the cohorts measured", name, total.Started)
		}
		for id, want := range map[string]float64{
			impact.PositiveExit12m: truth.PositiveExit, impact.StableJob12m: truth.PositiveExit * truth.StableJob,
			impact.MentorAgain12m: truth.MentorAgain, impact.MenteeAutonomy: truth.Autonomy, impact.MenteeNetwork: truth.Network,
			impact.MentorFeltUseful: truth.FeltUseful, impact.MentorCoaching: truth.CoachingSkill,
			impact.MenteeIntakeToStart: 1 - demo.Unmatched,
		} {
			r := total.Measures[id]
			t.Logf("%s %s: %.3f [%.3f, %.3f] of %d, drawn at %.3f", name, id, *r.Value, *r.Low, *r.High, r.Denominator, want)
			if want < *r.Low || want > *r.High || r.Pending != 0 {
				t.Errorf("%s %s: %.3f [%.3f, %.3f] (pending %d) does not hold the truth %.3f", name, id, *r.Value, *r.Low, *r.High, r.Pending, want)
			}
		}
	}
}

// Taken in 5 to 55 days before their duo was proposed: a median of 30 days.
func TestHistoryDaysToMatch(t *testing.T) {
	app := App(t)
	if err := demo.History(app, historyBranches(t, app, 2), 600, demo.Published, Now(), 3); err != nil {
		t.Fatal(err)
	}
	groups, err := impact.Table(app, impact.Query{By: impact.ByQuarter}, Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{impact.MenteeDaysToMatch, impact.MentorDaysToMatch} {
		s := groups[len(groups)-1].Stats[id]
		if s.N < 600 || *s.Median < 27 || *s.Median > 33 || *s.Mean < 27 || *s.Mean > 33 {
			t.Errorf("%s: %d people, median %v, mean %v", id, s.N, *s.Median, *s.Mean)
		}
	}
}

// The full impact table of the programme's 2024-2027 scale: 6,200 duos over 17 branches,
// their meetings and evaluations, exact and as it leaves the branches (goal: under 300 ms).
func BenchmarkImpactTable(b *testing.B) {
	app := App(b)
	if err := demo.History(app, historyBranches(b, app, 17), 6200, demo.Published, Now(), 11); err != nil {
		b.Fatal(err)
	}
	var meetings, people int
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM meetings").Row(&meetings)
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM users").Row(&people)
	b.Logf("%d meetings, %d people", meetings, people)
	for name, compute := range map[string]func(core.App, impact.Query, time.Time) (*impact.Report, error){
		"exact": impact.Compute, "published": impact.Publish} {
		for _, by := range []string{impact.ByBranch, impact.ByQuarter} {
			b.Run(name+"/"+by, func(b *testing.B) {
				for b.Loop() {
					if _, err := compute(app, impact.Query{By: by}, Now()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// The evaluator's export of the same programme, through its route: a row per duo, written as
// each is read (its memory is a few rows, whatever the number of duos).
func BenchmarkEvaluatorExport(b *testing.B) {
	app := App(b)
	if err := demo.History(app, historyBranches(b, app, 17), 6200, demo.Published, Now(), 11); err != nil {
		b.Fatal(err)
	}
	h := Handler(b, app)
	b.ReportAllocs()
	for b.Loop() {
		res := Send(b, h, Superuser, "GET", impact.ExportRoute, "")
		if res.Code != 200 || res.Body.Len() < 6200*100 {
			b.Fatalf("%d, %d bytes", res.Code, res.Body.Len())
		}
	}
}
