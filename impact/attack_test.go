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

// target is a count the attacker tries to pin: of a scope ("" every branch), a period (a
// month, or a year for costs) and a figure.
type target struct{ scope, period, id string }

// pins is what an attacker knows of each target: the values every estimate leaves possible,
// each estimate ± the most its noise can be (0 for exact figures).
type pins map[target][2]int

func (p pins) estimate(at target, value, bound int) {
	lo, hi := max(value-bound, 0), value+bound
	if was, ok := p[at]; ok {
		lo, hi = max(lo, was[0]), min(hi, was[1])
	}
	p[at] = [2]int{lo, hi}
}

// publisher answers a table as the server would give it out.
type publisher func(app core.App, q impact.Query) (*impact.Report, error)

// The funder's attack over the programme's history (6,200 duos, 17 branches): for every
// branch alone and all of them together, every range of months to a month, and the year's
// cost lines, it subtracts what the tables allow (a range one month longer, a total and its
// shown parts, a rate's pending against running, a year's cost total against its branch
// lines) and counts the hidden counts (1 to 9) it pins to a single value. Against exact
// figures with small cells hidden, it pins hundreds; against the published ones, none.
func TestAFunderPinsNoHiddenCount(t *testing.T) {
	app := App(t)
	branches := historyBranches(t, app, 17)
	if err := demo.History(app, branches, 6200, demo.Published, Now(), 11); err != nil {
		t.Fatal(err)
	}
	recordCosts(t, app, branches)
	snap, err := impact.Cells(app, "", Now())
	if err != nil {
		t.Fatal(err)
	}
	truth := exactCells(t, app, branches)
	first := time.Date(Now().Year(), Now().Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -44, 0)
	var months []string
	for m := first; !m.After(Now()); m = m.AddDate(0, 1, 0) {
		months = append(months, m.Format("2006-01"))
	}
	// The exact figures of three branches are enough to show the attack's teeth.
	exposed := attack(t, app, snap.Exact, branches[:3], months, 0)
	protected := attack(t, app, snap.Publish, branches, months, 1)
	hidden, pinnedExact, pinnedProtected := 0, 0, 0
	for at, n := range truth {
		// Every estimate of the published figures holds the truth: each is a sum of the same
		// cells, within the noise the perturbation table allows.
		if p, ok := protected[at]; ok && (n < p[0] || n > p[1]) {
			t.Errorf("%+v is %d, outside what the published figures allow: %v", at, n, p)
		}
		if n < 1 || n >= impact.MinCell {
			continue
		}
		hidden++
		if p, ok := exposed[at]; ok && p[0] == n && p[1] == n {
			pinnedExact++
		}
		if p, ok := protected[at]; ok && p[0] == n && p[1] == n {
			pinnedProtected++
			t.Errorf("pinned %+v: %d", at, n)
		}
	}
	t.Logf("%d hidden counts; the attack pins %d of them in exact figures, %d in published ones", hidden, pinnedExact, pinnedProtected)
	if pinnedExact < 100 {
		t.Errorf("the attack pins only %d hidden counts in exact figures: it has no teeth", pinnedExact)
	}
}

// attack collects the tables a funder may ask for and what each subtraction pins; noise is 0
// for exact figures, 1 for published ones (each estimate is then within 2 per cell it nets).
func attack(t *testing.T, app core.App, publish publisher, branches, months []string, noise int) pins {
	p := pins{}
	for _, scope := range append([]string{""}, branches...) {
		var before impact.Group
		for i, m := range months {
			r, err := publish(app, impact.Query{Branch: scope, By: impact.ByMonth, To: m})
			if err != nil {
				t.Fatal(err)
			}
			total := r.Groups[len(r.Groups)-1]
			if i > 0 { // a range one month longer: that month's cells
				for id, n := range shownCounts(total) {
					if was, ok := shownCounts(before)[id]; ok {
						p.estimate(target{scope, m, id}, n-was, 2*noise)
					}
				}
			}
			before = total
			if i == len(months)-1 {
				for _, g := range r.Groups[:len(r.Groups)-1] {
					partsOf(p, scope, g, noise)
				}
				costLines(p, r.Costs, noise)
			}
		}
	}
	return p
}

// shownCounts are a group's counts as shown, its started duos among them.
func shownCounts(g impact.Group) map[string]int {
	out := map[string]int{}
	for id, c := range g.Counts {
		out[id] = c.N
	}
	if !g.Suppressed {
		out["started"] = g.Started
	}
	return out
}

// partsOf: a month's started duos less the ends shown give the one hidden; a rate's pending
// is the running duos.
func partsOf(p pins, scope string, g impact.Group, noise int) {
	shown := shownCounts(g)
	if started, ok := shown["started"]; ok {
		var missing []string
		rest := started
		for _, id := range []string{impact.ReachedTerm, impact.Running, impact.StoppedEarly} {
			if n, ok := shown[id]; ok {
				rest -= n
			} else {
				missing = append(missing, id)
			}
		}
		if len(missing) == 1 {
			p.estimate(target{scope, g.Cohort, missing[0]}, rest, 6*noise)
		}
	}
	if r := g.Measures[impact.PositiveExitEnd]; !r.Suppressed && r.Denominator > 0 {
		p.estimate(target{scope, g.Cohort, impact.Running}, r.Pending, 2*noise)
	}
}

// costLines: a year's total line less the branch lines shown gives the one hidden.
func costLines(p pins, costs []impact.Cost, noise int) {
	byYear := map[int][]impact.Cost{}
	for _, c := range costs {
		byYear[c.Year] = append(byYear[c.Year], c)
	}
	for year, lines := range byYear {
		var total *impact.Cost
		var hidden []string
		rest := 0
		for i, c := range lines {
			switch {
			case c.Branch == "":
				total = &lines[i]
			case c.Started.Suppressed:
				hidden = append(hidden, c.Branch)
			default:
				rest += c.Started.N
			}
		}
		if total != nil && !total.Started.Suppressed && len(hidden) == 1 {
			p.estimate(target{hidden[0], fmt.Sprint(year), "started"}, total.Started.N-rest, 24*noise)
		}
	}
}

// exactCells are the true counts of every month of every branch and of all together, and of
// every branch's year.
func exactCells(t *testing.T, app core.App, branches []string) map[target]int {
	out := map[target]int{}
	for _, scope := range append([]string{""}, branches...) {
		r, err := impact.Compute(app, impact.Query{Branch: scope, By: impact.ByMonth}, Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range r.Groups[:len(r.Groups)-1] {
			out[target{scope, g.Cohort, "started"}] = g.Started
			for id, c := range g.Counts {
				out[target{scope, g.Cohort, id}] = c.N
			}
		}
		for _, c := range r.Costs {
			if c.Branch != "" {
				out[target{c.Branch, fmt.Sprint(c.Year), "started"}] = c.Started.N
			}
		}
	}
	return out
}

// recordCosts gives every branch a cost for every year of the history.
func recordCosts(t *testing.T, app core.App, branches []string) {
	for i, b := range branches {
		for y := Now().Year() - 4; y <= Now().Year(); y++ {
			if _, err := app.DB().NewQuery(`INSERT INTO branch_costs (id, branch, year, amount_eur, funder, created, updated)
				VALUES ({:id}, {:branch}, {:year}, 50000, 'Fonds', '', '')`).Bind(dbx.Params{"id": fmt.Sprintf("cost%04d%07d", i, y),
				"branch": b, "year": y}).Execute(); err != nil {
				t.Fatal(err)
			}
		}
	}
}
