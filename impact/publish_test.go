package impact_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
)

// Outside the branch, cohort B's three duos are hidden, and so is every count under 10; each
// figure shown is its exact value moved by at most 2 per month it adds up (the 12 mentees
// taken in, in one month, show as 10 to 14).
func TestSmallGroupsAreHiddenOutsideTheirBranch(t *testing.T) {
	w := newWorld(t)
	q := impact.Query{Branch: branch, By: impact.ByMonth}
	exact, err := impact.Compute(w.app, q, w.today)
	if err != nil {
		t.Fatal(err)
	}
	published, err := impact.Publish(w.app, q, w.today)
	if err != nil {
		t.Fatal(err)
	}
	b := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0).Format("2006-01")
	if g := byCohort(t, published.Groups)[b]; !g.Suppressed || g.Started != 0 || !g.Measures[impact.PositiveExitEnd].Suppressed ||
		!g.Stats[impact.MeetingsPerDuo].Suppressed {
		t.Errorf("cohort %s shows %+v", b, g)
	}
	truth := byCohort(t, exact.Groups)
	for _, g := range published.Groups {
		months := 1
		if g.Cohort == "" {
			months = len(published.Groups) - 1
		}
		for id, c := range g.Counts {
			if c.N < impact.MinCell || c.N > truth[g.Cohort].Counts[id].N+2*months || c.N < truth[g.Cohort].Counts[id].N-2*months {
				t.Errorf("%s %s: %d shown for %d", g.Cohort, id, c.N, truth[g.Cohort].Counts[id].N)
			}
		}
	}
	if n := byCohort(t, published.Groups)[""].Counts[impact.TakenInMentees].N; n < 17-4 || n > 17+4 {
		t.Errorf("17 mentees taken in, in two months, published as %d", n)
	}
}

// Every figure outside a branch is a sum of the same perturbed cells: a range one month
// longer adds that month's cells and nothing else, the total of a table by branch is the
// total by quarter, a quarter is its months.
func TestFiguresOutsideABranchAreSumsOfTheSameCells(t *testing.T) {
	w := newWorld(t)
	publish := func(q impact.Query) impact.Group {
		r, err := impact.Publish(w.app, q, w.today)
		if err != nil {
			t.Fatal(err)
		}
		return r.Groups[len(r.Groups)-1]
	}
	a := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -27, 0)
	for month := a; month.Before(w.today); month = month.AddDate(0, 1, 0) {
		to, before := month.Format("2006-01"), month.AddDate(0, -1, 0).Format("2006-01")
		longer, shorter := publish(impact.Query{By: impact.ByMonth, To: to}), publish(impact.Query{By: impact.ByMonth, To: before})
		alone := publish(impact.Query{By: impact.ByMonth, From: to, To: to})
		for _, id := range []string{impact.TakenInMentees, impact.Proposed, impact.Validated} {
			if longer.Counts[id].N != shorter.Counts[id].N+alone.Counts[id].N && alone.Counts[id].N >= impact.MinCell &&
				shorter.Counts[id].N >= impact.MinCell {
				t.Errorf("%s to %s: %d, to %s: %d, %s alone: %d", id, to, longer.Counts[id].N, before, shorter.Counts[id].N, to, alone.Counts[id].N)
			}
		}
	}
	byBranch, byQuarter := publish(impact.Query{By: impact.ByBranch}), publish(impact.Query{By: impact.ByQuarter})
	if !reflect.DeepEqual(byBranch, byQuarter) {
		t.Errorf("the total by branch %+v is not the total by quarter %+v", byBranch, byQuarter)
	}
}

// Two worlds that differ only in a value that belongs to a hidden cell give the same table
// and the same CSV outside the branch, byte for byte; inside the branch they differ (so the
// value is really counted).
func TestAHiddenValueChangesNothingOutsideItsBranch(t *testing.T) {
	changes := map[string]string{
		"a mentee's age band":          `UPDATE profiles SET birth_year = birth_year + 7 WHERE user = 'impactmte000001'`,
		"a consented country of birth": `UPDATE profiles SET birth_country = 'ER' WHERE user = 'impactmte000002'`,
		"why a duo stopped":            `UPDATE duos SET stop_category = 'health' WHERE id = 'impactduo000008'`,
		"a language a mentee speaks":   `UPDATE profiles SET languages = '["ti","fr"]' WHERE user = 'impactmte000003'`,
	}
	plain := newWorld(t)
	plainHandler := Handler(t, plain.app)
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			other := newWorld(t)
			if _, err := other.app.DB().NewQuery(change).Bind(dbx.Params{}).Execute(); err != nil {
				t.Fatal(err)
			}
			otherHandler := Handler(t, other.app)
			for _, url := range []string{impact.TableRoute + "?by=month", impact.CSVRoute + "?by=month",
				impact.TableRoute + "?by=branch", impact.CSVRoute + "?by=quarter"} {
				one := Send(t, plainHandler, Superuser, "GET", url, "").Body.String()
				two := Send(t, otherHandler, Superuser, "GET", url, "").Body.String()
				if !sameAnswer(one, two) {
					t.Errorf("%s tells the worlds apart:\n%s\n%s", url, one, two)
				}
			}
			url := impact.TableRoute + "?by=month&branch=" + branch
			if Send(t, plainHandler, Superuser, "GET", url, "").Body.String() ==
				Send(t, otherHandler, Superuser, "GET", url, "").Body.String() {
				t.Errorf("the branch's own table does not see the change")
			}
		})
	}
}

// sameAnswer: two CSV bodies the same byte for byte, or two JSON bodies the same once read
// (the order of an object's keys is not fixed).
func sameAnswer(one, two string) bool {
	var a, b any
	if json.Unmarshal([]byte(one), &a) != nil || json.Unmarshal([]byte(two), &b) != nil {
		return one == two
	}
	return reflect.DeepEqual(a, b)
}
