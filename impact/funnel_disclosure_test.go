package impact_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/demo"
	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
)

// Two worlds that differ only in whether one person came to an information session (or was
// absent) give the same funnel outside the branch, byte for byte in the CSV; the branch's own
// exact funnel sees the difference.
func TestAHiddenAttendanceChangesNothingOutsideItsBranch(t *testing.T) {
	build := func(came bool) *world {
		w := newWorld(t)
		f := &funnelWorld{t: t, app: w.app, loc: brusselsZone(t), now: w.today}
		info := f.session(branch, "info_session", f.local(-3, 5, 18, 0), "")
		for i := range 4 {
			state := "attended"
			if i == 0 && !came {
				state = "absent"
			}
			f.attend(info, fmt.Sprintf("impactmte%06d", i+1), state)
		}
		return w
	}
	plain, other := Handler(t, build(true).app), Handler(t, build(false).app)
	for _, url := range []string{impact.TableRoute + "?by=month", impact.CSVRoute + "?by=month", impact.TableRoute + "?by=quarter",
		impact.CSVRoute + "?by=branch", impact.CSVRoute + "?by=month&branch=" + branch} {
		one, two := Send(t, plain, Superuser, "GET", url, "").Body.String(), Send(t, other, Superuser, "GET", url, "").Body.String()
		if !sameAnswer(one, two) {
			t.Errorf("%s tells the worlds apart:\n%s\n%s", url, one, two)
		}
	}
	url := impact.TableRoute + "?by=month&branch=" + branch
	if Send(t, plain, Superuser, "GET", url, "").Body.String() == Send(t, other, Superuser, "GET", url, "").Body.String() {
		t.Errorf("the branch's own funnel does not see the change")
	}
}

func brusselsZone(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// The funder's attack (attack_test.go) on the funnel's cells: over years of people in eight
// branches, most of whom came to an information session (some after missing one) and a
// training, it subtracts ranges one period apart, totals less their parts, every branch less
// each. On exact figures with small cells hidden it pins hidden steps; on the published ones
// none, and every estimate holds the truth.
func TestAFunderPinsNoHiddenStepOfTheFunnel(t *testing.T) {
	app := App(t)
	branches := historyBranches(t, app, 8)
	if err := demo.History(app, branches, 1600, demo.Published, Now(), 11); err != nil {
		t.Fatal(err)
	}
	attendHistory(t, app, branches)
	snap, err := impact.Cells(app, "", Now())
	if err != nil {
		t.Fatal(err)
	}
	months := lastMonths(46)
	truth := funnelTruth(t, app, branches, quartersOf(months))
	exposed := attack(t, app, funnelOnly(snap.Exact), branches[:3], months, 0)
	protected := attack(t, app, funnelOnly(snap.Publish), branches, months, 1)
	hidden, pinnedExact := 0, 0
	for at, n := range truth {
		for side, estimates := range map[string]pins{"exact": exposed, "published": protected} {
			if p, ok := estimates[at]; ok && (n < p[0] || n > p[1]) {
				t.Errorf("%+v is %d, outside what the %s figures allow: %v", at, n, side, p)
			}
		}
		if n < 1 || n >= impact.MinCell {
			continue
		}
		hidden++
		if p, ok := exposed[at]; ok && p[0] == n && p[1] == n {
			pinnedExact++
		}
		if p, ok := protected[at]; ok && p[0] == n && p[1] == n {
			t.Errorf("pinned %+v: %d", at, n)
		}
	}
	t.Logf("%d hidden steps; the attack pins %d of them in exact figures, none in published ones", hidden, pinnedExact)
	if pinnedExact < 500 {
		t.Errorf("the attack pins only %d hidden steps in exact figures: it has no teeth", pinnedExact)
	}
}

// funnelOnly shows the attack a table's funnel as its groups: each step and numerator shown
// is a count it can subtract.
func funnelOnly(publish publisher) publisher {
	return func(app core.App, q impact.Query) (*impact.Report, error) {
		r, err := publish(app, q)
		if err != nil {
			return nil, err
		}
		out := &impact.Report{}
		for _, f := range r.Funnel {
			out.Groups = append(out.Groups, impact.Group{Cohort: f.Cohort, Branch: f.Branch, Suppressed: true, Counts: funnelCounts(f)})
		}
		return out, nil
	}
}

// funnelCounts are a funnel group's shown steps and rates' numerators, as counts.
func funnelCounts(f impact.FunnelGroup) map[string]impact.Count {
	out := map[string]impact.Count{}
	for id, c := range f.Steps {
		if !c.Suppressed {
			out[id] = c
		}
	}
	for id, r := range f.Rates {
		if !r.Suppressed {
			out[id+":yes"] = impact.Count{N: r.Numerator}
		}
	}
	return out
}

// funnelTruth are the exact steps and numerators of every month, quarter and range to a
// quarter, of every branch and all together.
func funnelTruth(t *testing.T, app core.App, branches, quarters []string) map[target]int {
	out := map[target]int{}
	for _, scope := range append([]string{""}, branches...) {
		r, err := impact.Compute(app, impact.Query{Branch: scope, By: impact.ByMonth}, Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Funnel[:len(r.Funnel)-1] {
			for id, c := range f.Steps {
				out[target{scope, f.Cohort, id}] = c.N
			}
			for id, rate := range f.Rates {
				out[target{scope, f.Cohort, id + ":yes"}] = rate.Numerator
			}
		}
	}
	for at, n := range maps.Clone(out) {
		out[target{at.scope, quarterOf(at.period), at.id}] += n
		for _, q := range quarters {
			if quarterOf(at.period) <= q {
				out[target{at.scope, ".." + q, at.id}] += n
			}
		}
	}
	return out
}

// attendHistory gives the history's people the sessions before their intake: 85% came to an
// information session of their branch in the month before (one in ten of them after missing
// the one of the month before that), some were excused; 70% of the mentors came to a training.
func attendHistory(t *testing.T, app core.App, branches []string) {
	var people []struct {
		ID      string `db:"id"`
		Branch  string `db:"branch"`
		Role    string `db:"role"`
		Created string `db:"created"`
	}
	if err := app.DB().NewQuery(`SELECT id, branch, role, created FROM users
		WHERE role IN ('mentee', 'mentor') AND created != '' AND branch LIKE 'histbranch%'`).All(&people); err != nil {
		t.Fatal(err)
	}
	sessions := map[string]string{}
	session := func(b, kind string, month time.Time) string {
		k := b + kind + month.Format("2006-01")
		if id, ok := sessions[k]; ok {
			return id
		}
		id := fmt.Sprintf("fnlh%011d", len(sessions))
		at := month.AddDate(0, 0, 14).Add(17 * time.Hour)
		exec(t, app, `INSERT INTO sessions (id, branch, kind, starts_at, ends_at, status, created, updated)
			VALUES ({:id}, {:b}, {:kind}, {:at}, {:at}, '', '', '')`, dbx.Params{"id": id, "b": b, "kind": kind, "at": mustDT(at).String()})
		sessions[k] = id
		return id
	}
	rng := rand.New(rand.NewPCG(21, 21))
	n := 0
	attend := func(s, p, state string) {
		n++
		exec(t, app, `INSERT INTO attendance (id, session, person, state, created, updated) VALUES ({:id}, {:s}, {:p}, {:state}, '', '')`,
			dbx.Params{"id": fmt.Sprintf("fnla%011d", n), "s": s, "p": p, "state": state})
	}
	for _, p := range people {
		created := date(t, p.Created)
		month := time.Date(created.Year(), created.Month(), 1, 0, 0, 0, 0, time.UTC)
		switch draw := rng.IntN(100); {
		case draw < 8:
			attend(session(p.Branch, "info_session", month.AddDate(0, -2, 0)), p.ID, "absent")
			attend(session(p.Branch, "info_session", month.AddDate(0, -1, 0)), p.ID, "attended")
		case draw < 85:
			attend(session(p.Branch, "info_session", month.AddDate(0, -1, 0)), p.ID, "attended")
		case draw < 90:
			attend(session(p.Branch, "info_session", month.AddDate(0, -1, 0)), p.ID, "excused")
		}
		if p.Role == "mentor" && rng.IntN(10) < 7 {
			attend(session(p.Branch, "training", month), p.ID, "attended")
		}
	}
}

func exec(t *testing.T, app core.App, sql string, p dbx.Params) {
	t.Helper()
	if _, err := app.DB().NewQuery(sql).Bind(p).Execute(); err != nil {
		t.Fatal(err)
	}
}

func date(t *testing.T, s string) time.Time {
	d, err := time.Parse("2006-01-02 15:04:05.000Z", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
