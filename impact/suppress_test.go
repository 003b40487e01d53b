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

// Cohort B's three duos are hidden; the total shows 15, so cohort A's 12 must be hidden too,
// or 15 - 12 would give B away. Inside the branch both are shown.
func TestASmallGroupIsNotGivenAwayByTheTotal(t *testing.T) {
	w := newWorld(t)
	report, err := impact.Compute(w.app, impact.Query{Branch: branch, By: impact.ByMonth}, w.today)
	if err != nil {
		t.Fatal(err)
	}
	impact.Suppress(report)
	cohorts := byCohort(t, report.Groups)
	a := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -26, 0)
	b := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	for _, key := range []string{a.Format("2006-01"), b.Format("2006-01")} {
		g := cohorts[key]
		if !g.Suppressed || g.Started != 0 || !g.Measures[impact.PositiveExit12m].Suppressed || !g.Stats[impact.MeetingsPerDuo].Suppressed {
			t.Errorf("cohort %s shows %+v", key, g)
		}
	}
	total := cohorts[""]
	if total.Suppressed || total.Started != 15 || total.Measures[impact.PositiveExit12m].Numerator != 8 {
		t.Errorf("the total: %+v", total)
	}
	// The intake month of cohort A: each age band (6 and 6) and each origin (4 consented, 8
	// not) is under ten, and hidden; the 12 who speak French too, or they would tell that
	// 12 or more were taken in.
	intake := cohorts[a.AddDate(0, 0, -30).Format("2006-01")]
	if total.Counts[impact.TakenInMentees].N != 17 || total.Counts["mentee_language:fr"].N != 12 {
		t.Errorf("taken in: %+v, %+v", total.Counts, intake.Counts)
	}
	// 12 of the 17 mentees were taken in that month, five in months of one or three: the 12
	// are hidden so that 17 - 12 does not tell the five.
	if _, shown := intake.Counts[impact.TakenInMentees]; shown {
		t.Errorf("the 12 mentees taken in give the other five away")
	}
	for id := range intake.Counts {
		if n := intake.Counts[id].N; n < impact.MinCell {
			t.Errorf("%s: %d shown", id, n)
		}
	}
	for _, id := range []string{"mentee_age:18-21", "mentee_birth_country:SY", "mentee_birth_country:unknown", "mentee_language:fr"} {
		if _, shown := intake.Counts[id]; shown {
			t.Errorf("%s is shown", id)
		}
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
