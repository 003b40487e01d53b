package impact

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// How duos are grouped: by the month or the quarter they started (their cohort), or by branch.
const (
	ByMonth   = "month"
	ByQuarter = "quarter"
	ByBranch  = "branch"
)

// Query names a table: one branch or every branch (""), the cohorts from and to (inclusive,
// "2025-03" or "2025-Q1"; "" leaves that side open), grouped by month, quarter or branch
// (whose cohorts are then quarters).
type Query struct {
	Branch, From, To, By string
}

// Group is one row of the table: a cohort or a branch, how many duos started in it, each
// outcome and quality measure as a rate over them, and the operational counts, rates and
// medians of what happened in its period (people taken in, duos proposed and validated then).
type Group struct {
	Cohort     string           `json:"cohort,omitempty"`
	Branch     string           `json:"branch,omitempty"`
	Started    int              `json:"started"`
	Suppressed bool             `json:"suppressed,omitempty"` // fewer than MinCell duos: no figure shown
	Measures   map[string]Rate  `json:"measures"`
	Counts     map[string]Count `json:"counts"`
	Stats      map[string]Stat  `json:"stats"`
}

// Report is the whole table: its groups, the total last, and the costs of the years it covers.
type Report struct {
	Groups    []Group       `json:"groups"`
	Costs     []Cost        `json:"costs"`
	Funnel    []FunnelGroup `json:"funnel"` // the funnel's cohorts (funnel.go), in the groups' order
	Perturbed bool          `json:"-"`      // Publish's: every count perturbed (cellkey.go)
}

// Cohort is the month ("2025-03") or quarter ("2025-Q1") a duo started in.
func Cohort(startedOn string, by string) string { return periodOf(date(startedOn), by) }

func periodOf(t time.Time, by string) string {
	if by == ByMonth {
		return t.Format("2006-01")
	}
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
}

// Table computes the groups of a report alone.
func Table(app core.App, q Query, now time.Time) ([]Group, error) {
	r, err := Compute(app, q, now)
	if err != nil {
		return nil, err
	}
	return r.Groups, nil
}

// Compute counts duo's records (started duos, proposals, people, costs) into the groups
// asked, exactly, in the groups' order, and the total of them all last: the figures of a
// branch as its coordinator sees them. Figures that leave a branch are Publish's.
func Compute(app core.App, q Query, now time.Time) (*Report, error) {
	duos, people := newBuilder(q), newBuilder(q)
	if err := read(app, q.Branch, now, duos, people); err != nil {
		return nil, err
	}
	duos.merge(people)
	spent, err := costs(app, q, duos.years)
	if err == nil {
		err = duos.fill(app)
	}
	if err != nil {
		return nil, err
	}
	return &Report{Groups: duos.result(), Costs: spent, Funnel: duos.funnel()}, nil
}

func newBuilder(q Query) *builder {
	b := &builder{q: q, period: q.By, groups: map[string]*groupTally{}, years: costTallies{}}
	if b.period == ByBranch {
		b.period = ByQuarter
	}
	return b
}

// The builder's side of sink: each record into its group and the total.

func (b *builder) duo(r duoRow, judged verdicts) {
	b.years.add(r, judged)
	b.add(date(r.StartedOn), r.Branch, func(g *groupTally) {
		g.started++
		for i, v := range judged {
			g.verdicts[i].add(v)
		}
		g.addDuo(r)
	})
}

func (b *builder) meetings(branch string, start time.Time, _ uint32, meetings, minutes int) {
	b.add(start, branch, func(g *groupTally) { g.addMeetings(meetings, minutes) })
}

func (b *builder) proposal(branch string, day time.Time, _ uint32) {
	b.add(day, branch, func(g *groupTally) { g.counts[Proposed]++ })
}

func (b *builder) validation(branch string, day time.Time, _ uint32) {
	b.add(day, branch, func(g *groupTally) { g.counts[Validated]++ })
}

func (b *builder) person(p person, intake time.Time, f facts) {
	b.add(intake, p.Branch, func(g *groupTally) { g.addPerson(f) })
}

// builder counts into the groups of one query.
type builder struct {
	q      Query
	period string
	groups map[string]*groupTally
	years  costTallies
}

// groupTally is what a group counts as the records come.
type groupTally struct {
	started  int
	verdicts [len(verdicts{})]tally
	counts   map[string]int
	rates    map[string]*tally
	values   map[string][]float64 // a figure per duo or person, for the stats
	funnel   map[string]int       // the funnel's steps and numerators (funnel.go)
}

func (g *groupTally) intake(id string) *tally {
	if g.rates[id] == nil {
		g.rates[id] = &tally{}
	}
	return g.rates[id]
}

// add counts something that happened on day in branch into its group and into the total,
// if its period is among those asked.
func (b *builder) add(day time.Time, branch string, count func(g *groupTally)) {
	period := periodOf(day, b.period)
	if (b.q.From != "" && period < b.q.From) || (b.q.To != "" && period > b.q.To) {
		return
	}
	key := period
	if b.q.By == ByBranch {
		key = branch
	}
	for _, k := range []string{key, ""} { // "" is the total
		count(b.group(k))
	}
}

// merge adds other's tallies to b's.
func (b *builder) merge(other *builder) {
	for key, o := range other.groups {
		g := b.group(key)
		g.started += o.started
		for i, t := range o.verdicts {
			g.verdicts[i].merge(t)
		}
		for id, n := range o.counts {
			g.counts[id] += n
		}
		for id, t := range o.rates {
			g.intake(id).merge(*t)
		}
		for id, v := range o.values {
			g.values[id] = append(g.values[id], v...)
		}
		for id, n := range o.funnel {
			g.funnel[id] += n
		}
	}
	for k, t := range other.years {
		if b.years[k] == nil {
			b.years[k] = &costTally{}
		}
		b.years[k].started += t.started
		b.years[k].exits += t.exits
		b.years[k].pending += t.pending
	}
}

// fill adds the groups in which nothing was counted.
func (b *builder) fill(app core.App) error {
	keys, err := groupsToFill(app, b.q, slices.Collect(maps.Keys(b.groups)))
	for _, k := range keys {
		b.group(k)
	}
	return err
}

// groupsToFill are the groups a table has whatever was counted, beside those it counted
// in (present): every branch, or every period between the first and the last, so that
// which groups a table has says nothing of their records; and the total ("").
func groupsToFill(app core.App, q Query, present []string) ([]string, error) {
	keys := []string{""}
	if q.By == ByBranch {
		var ids []string
		err := app.DB().NewQuery("SELECT id FROM branches WHERE {:branch} = '' OR id = {:branch}").
			Bind(dbx.Params{"branch": q.Branch}).Column(&ids)
		return append(keys, ids...), err
	}
	var first, last string
	for _, k := range present {
		if k != "" && (first == "" || k < first) {
			first = k
		}
		last = max(last, k)
	}
	for p := first; p != "" && p < last; p = nextPeriod(p) {
		keys = append(keys, p)
	}
	return keys, nil
}

// named gives a group its key: a branch in a table by branch, else a cohort ("" the total).
func named(g Group, q Query, key string) Group {
	if q.By == ByBranch {
		g.Branch = key
	} else {
		g.Cohort = key
	}
	return g
}

// keysTotalLast is the keys of groups in order, the total ("", which sorts first) last.
func keysTotalLast[T any](groups map[string]T) []string {
	keys := slices.Sorted(maps.Keys(groups))
	if len(keys) > 0 {
		keys = append(keys[1:], "")
	}
	return keys
}

// nextPeriod is the month or quarter after p ("2025-12" -> "2026-01", "2025-Q4" -> "2026-Q1").
func nextPeriod(p string) string {
	var year, n int
	if _, err := fmt.Sscanf(p, "%d-Q%d", &year, &n); err == nil {
		return periodOf(time.Date(year, time.Month(3*n+1), 1, 0, 0, 0, 0, time.UTC), ByQuarter)
	}
	if _, err := fmt.Sscanf(p, "%d-%d", &year, &n); err == nil {
		return periodOf(time.Date(year, time.Month(n+1), 1, 0, 0, 0, 0, time.UTC), ByMonth)
	}
	return ""
}

func (b *builder) group(key string) *groupTally {
	g := b.groups[key]
	if g == nil {
		g = &groupTally{counts: map[string]int{}, rates: map[string]*tally{}, values: map[string][]float64{}, funnel: map[string]int{}}
		b.groups[key] = g
	}
	return g
}

// result turns the tallies into groups, in order, the total last.
func (b *builder) result() []Group {
	keys := keysTotalLast(b.groups)
	out := make([]Group, 0, len(keys))
	for _, key := range keys {
		t := b.groups[key]
		g := Group{Started: t.started, Measures: make(map[string]Rate, len(Measures)+len(IntakeRates)),
			Counts: make(map[string]Count, len(t.counts)), Stats: make(map[string]Stat, len(Stats))}
		for i, v := range t.verdicts {
			g.Measures[Measures[i]] = v.rate()
		}
		for _, id := range IntakeRates {
			g.Measures[id] = t.intake(id).rate()
		}
		for id, n := range t.counts {
			g.Counts[id] = Count{N: n}
		}
		for _, id := range []string{MeetingsPerDuo, HoursPerDuo} { // a duo that never met counts as none
			for len(t.values[id]) < t.started {
				t.values[id] = append(t.values[id], 0)
			}
		}
		for _, id := range Stats {
			g.Stats[id] = newStat(t.values[id])
		}
		out = append(out, named(g, b.q, key))
	}
	return out
}
