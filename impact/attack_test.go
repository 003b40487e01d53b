package impact_test

import (
	"fmt"
	"maps"
	"strings"
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

func (p pins) estimate(at target, value, bound int) { p.within(at, value-bound, value+bound) }

// within: at is known to be from lo to hi (and no count is below zero).
func (p pins) within(at target, lo, hi int) {
	lo = max(lo, 0)
	if was, ok := p[at]; ok {
		lo, hi = max(lo, was[0]), min(hi, was[1])
	}
	p[at] = [2]int{lo, hi}
}

// publisher answers a table as the server would give it out.
type publisher func(app core.App, q impact.Query) (*impact.Report, error)

// The funder's attack over the programme's history (6,200 duos, 17 branches): for every
// branch alone and all of them together, by month and by quarter, every range to a period and
// from one, the all-branches table by branch, and the years' cost lines, it subtracts what the
// tables allow (a range one period longer, a total and its shown parts or branches, every
// branch together against each alone, a rate's pending against running, a year's cost total
// against its branch lines) and counts the hidden counts (1 to 9) of a month, a quarter or a
// range it pins to a single value. Against exact figures with small cells hidden, it pins
// thousands; against the published ones, none.
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
	months := lastMonths(44)
	truth := exactCells(t, app, branches, quartersOf(months))
	// The exact figures of three branches are enough to show the attack's teeth.
	exposed := attack(t, app, snap.Exact, branches[:3], months, 0)
	protected := attack(t, app, snap.Publish, branches, months, 1)
	hidden, pinnedExact, pinnedProtected := map[string]int{}, map[string]int{}, 0
	for at, n := range truth {
		// Every estimate of the published figures holds the truth: each is a sum of the same
		// cells, within the noise the perturbation table allows.
		for side, estimates := range map[string]pins{"exact": exposed, "published": protected} {
			if p, ok := estimates[at]; ok && (n < p[0] || n > p[1]) {
				t.Errorf("%+v is %d, outside what the %s figures allow: %v", at, n, side, p)
			}
		}
		if n < 1 || n >= impact.MinCell {
			continue
		}
		hidden[kindOf(at.period)]++
		if p, ok := exposed[at]; ok && p[0] == n && p[1] == n {
			pinnedExact[kindOf(at.period)]++
		}
		if p, ok := protected[at]; ok && p[0] == n && p[1] == n {
			pinnedProtected++
			t.Errorf("pinned %+v: %d", at, n)
		}
	}
	t.Logf("%v hidden counts; the attack pins %v of them in exact figures, %d in published ones", hidden, pinnedExact, pinnedProtected)
	if pinnedExact["month"] < 100 || pinnedExact["quarter"] < 100 || pinnedExact["range"] < 10 {
		t.Errorf("the attack pins only %v hidden counts in exact figures: it has no teeth", pinnedExact)
	}
}

// exactCells are the true counts of every month, quarter and range to a quarter of every
// branch and of all together, and of every branch's year.
func exactCells(t *testing.T, app core.App, branches, quarters []string) map[target]int {
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
	for at, n := range maps.Clone(out) {
		if kindOf(at.period) != "month" {
			continue
		}
		out[target{at.scope, quarterOf(at.period), at.id}] += n
		for _, q := range quarters {
			if quarterOf(at.period) <= q {
				out[target{at.scope, ".." + q, at.id}] += n
			}
		}
	}
	return out
}

// quarterOf is the quarter of a month ("2025-05" -> "2025-Q2").
func quarterOf(month string) string {
	var year, m int
	fmt.Sscanf(month, "%d-%d", &year, &m)
	return fmt.Sprintf("%d-Q%d", year, (m-1)/3+1)
}

// quartersOf are the quarters of months, in order.
func quartersOf(months []string) []string {
	var out []string
	for _, m := range months {
		if q := quarterOf(m); len(out) == 0 || out[len(out)-1] != q {
			out = append(out, q)
		}
	}
	return out
}

// kindOf names what a target's period is: a month, a quarter, a range to a quarter or a year.
func kindOf(period string) string {
	switch {
	case strings.HasPrefix(period, ".."):
		return "range"
	case strings.Contains(period, "Q"):
		return "quarter"
	case len(period) == 4:
		return "year"
	}
	return "month"
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

// lastMonths are the months ("2006-01") from back months ago to this one, in order.
func lastMonths(back int) []string {
	var months []string
	for m := time.Date(Now().Year(), Now().Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -back, 0); !m.After(Now()); m = m.AddDate(0, 1, 0) {
		months = append(months, m.Format("2006-01"))
	}
	return months
}
