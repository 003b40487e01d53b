package impact_test

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/impact"
)

// attacker collects the tables a funder may ask for and what each subtraction pins; noise is
// 0 for exact figures, 1 for published ones (each estimate is then within 2 per cell it nets).
type attacker struct {
	t       *testing.T
	app     core.App
	publish publisher
	p       pins
	noise   int
	months  int // months of history: the most cells a range adds up
}

// attack plays the funder: each scope's tables by month and by quarter to every period, the
// all-branches tables from every month and every quarter, by branch to and from every
// quarter, then every subtraction those tables allow.
func attack(t *testing.T, app core.App, publish publisher, branches, months []string, noise int) pins {
	a := &attacker{t: t, app: app, publish: publish, p: pins{}, noise: noise, months: len(months)}
	quarters := quartersOf(months)
	monthly := map[string]*impact.Report{}
	for _, scope := range append([]string{""}, branches...) {
		monthly[scope] = a.sweep(scope, impact.ByMonth, months, false)
		a.sweep(scope, impact.ByQuarter, quarters, false)
	}
	a.sweep("", impact.ByMonth, months, true)
	a.sweep("", impact.ByQuarter, quarters, true)
	all := rowsOf("", a.sweep("", impact.ByBranch, quarters, false))
	a.sweep("", impact.ByBranch, quarters, true)
	delete(all, "")
	a.nationalLessBranches(monthly, slices.Collect(maps.Keys(all)))
	a.chain(quarters)
	return a.p
}

// chain: a range to a quarter is the range to the quarter before and that quarter; what is
// known of two of them bounds the third, forwards then backwards.
func (a *attacker) chain(quarters []string) {
	for i := 1; i < len(quarters); i++ {
		for at, before := range maps.Clone(a.p) {
			if at.period == ".."+quarters[i-1] {
				if added, ok := a.p[target{at.scope, quarters[i], at.id}]; ok {
					a.p.within(target{at.scope, ".." + quarters[i], at.id}, before[0]+added[0], before[1]+added[1])
				}
			}
		}
	}
	for i := len(quarters) - 1; i > 0; i-- {
		for at, after := range maps.Clone(a.p) {
			if at.period == ".."+quarters[i] {
				if added, ok := a.p[target{at.scope, quarters[i], at.id}]; ok {
					a.p.within(target{at.scope, ".." + quarters[i-1], at.id}, after[0]-added[1], after[1]-added[0])
				}
			}
		}
	}
}

func (a *attacker) ask(q impact.Query) *impact.Report {
	r, err := a.publish(a.app, q)
	if err != nil {
		a.t.Fatal(err)
	}
	return r
}

// sweep asks for the table of the range to each period in turn (or from each, from the last
// back): a row of a range one period longer less the same row of the shorter range is the
// period added. The last table's rows, their parts and its costs are subtracted too.
func (a *attacker) sweep(scope, by string, periods []string, fromEach bool) *impact.Report {
	cells := map[string]int{impact.ByMonth: 1, impact.ByQuarter: 3, impact.ByBranch: 3}[by]
	var before map[string]impact.Group
	var r *impact.Report
	for i := range periods {
		q := impact.Query{Branch: scope, By: by, To: periods[i]}
		if fromEach {
			q = impact.Query{Branch: scope, By: by, From: periods[len(periods)-1-i]}
		}
		r = a.ask(q)
		rows := rowsOf(scope, r)
		for s, g := range rows {
			if was, ok := before[s]; ok {
				a.difference(s, cmp.Or(q.From, q.To), shownCounts(g), shownCounts(was), cells)
			}
		}
		if by != impact.ByMonth && !fromEach {
			for s, g := range rows { // a range to a quarter, as shown
				for id, n := range shownCounts(g) {
					a.p.estimate(target{s, ".." + q.To, id}, n, 2*a.months*a.noise)
				}
			}
			if by == impact.ByBranch {
				a.totalLessRows(r, ".."+q.To)
			}
		}
		before = rows
	}
	for _, g := range r.Groups[:len(r.Groups)-1] {
		if by == impact.ByBranch {
			if !fromEach {
				a.parts(g.Branch, ".."+periods[len(periods)-1], g, a.months)
			}
			continue
		}
		a.parts(scope, g.Cohort, g, cells)
	}
	costLines(a.p, r.Costs, a.noise)
	return r
}

// rowsOf are a table's rows by the scope they count: its branches' for a table by branch, and
// its total.
func rowsOf(scope string, r *impact.Report) map[string]impact.Group {
	rows := map[string]impact.Group{scope: r.Groups[len(r.Groups)-1]}
	for _, g := range r.Groups[:len(r.Groups)-1] {
		if g.Branch != "" {
			rows[g.Branch] = g
		}
	}
	return rows
}

// difference: what a longer range shows less what the shorter one shows is the period added,
// within 2 per cell it adds up.
func (a *attacker) difference(scope, period string, longer, shorter map[string]int, cells int) {
	for id, n := range longer {
		if was, ok := shorter[id]; ok {
			a.p.estimate(target{scope, period, id}, n-was, 2*cells*a.noise)
		}
	}
}

// totalLessRows: a table by branch's total less the branches it shows is the one it hides.
func (a *attacker) totalLessRows(r *impact.Report, period string) {
	total := shownCounts(r.Groups[len(r.Groups)-1])
	for id, n := range total {
		var hidden []string
		for _, g := range r.Groups[:len(r.Groups)-1] {
			if shown, ok := shownCounts(g)[id]; ok {
				n -= shown
			} else {
				hidden = append(hidden, g.Branch)
			}
		}
		if len(hidden) == 1 {
			a.p.estimate(target{hidden[0], period, id}, n, 2*a.months*len(r.Groups)*a.noise)
		}
	}
}

// nationalLessBranches: a month of every branch together less the same month of each branch
// that shows it is the one branch that hides it.
func (a *attacker) nationalLessBranches(monthly map[string]*impact.Report, branches []string) {
	groups := monthly[""].Groups
	for _, national := range groups[:len(groups)-1] {
		for id, n := range shownCounts(national) {
			var hidden []string
			for _, b := range branches {
				if shown, ok := countIn(monthly[b], national.Cohort, id); ok {
					n -= shown
				} else {
					hidden = append(hidden, b)
				}
			}
			if len(hidden) == 1 {
				a.p.estimate(target{hidden[0], national.Cohort, id}, n, 2*(len(branches)+1)*a.noise)
			}
		}
	}
}

func countIn(r *impact.Report, cohort, id string) (int, bool) {
	if r == nil {
		return 0, false
	}
	for _, g := range r.Groups {
		if g.Cohort == cohort {
			n, ok := shownCounts(g)[id]
			return n, ok
		}
	}
	return 0, true // a month the branch's table does not have: none of it there
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

// parts: a group's started duos less the ends shown give the one hidden; a rate's pending is
// the running duos.
func (a *attacker) parts(scope, period string, g impact.Group, cells int) {
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
			a.p.estimate(target{scope, period, missing[0]}, rest, 6*cells*a.noise)
		}
	}
	if r := g.Measures[impact.PositiveExitEnd]; !r.Suppressed && r.Denominator > 0 {
		a.p.estimate(target{scope, period, impact.Running}, r.Pending, 2*cells*a.noise)
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
