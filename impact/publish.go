package impact

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Publish computes the table a query asks for as it may leave its branch: every count is a
// sum of perturbed cells (cells.go, cellkey.go); rates, medians, means and costs are computed
// from those sums; a count under MinCell is not shown, nor a rate, median or mean over fewer
// than MinCell, nor a group of fewer than MinCell duos. The decision to show reads only the
// perturbed sums, so that it says nothing the figures do not.
func Publish(app core.App, q Query, now time.Time) (*Report, error) {
	s, err := Cells(app, q.Branch, now)
	if err != nil {
		return nil, err
	}
	return s.Publish(app, q)
}

// Snapshot is the cells of one branch, or of every branch (""), read once: any number of
// tables can be published from it (the disclosure test plays a funder with thousands).
type Snapshot struct{ c *cells }

// Cells reads the cells of branch ("" for every branch) as they are now.
func Cells(app core.App, branch string, now time.Time) (*Snapshot, error) {
	q := Query{Branch: branch}
	duos, people := newCells(q), newCells(q)
	if err := read(app, branch, now, duos, people); err != nil {
		return nil, err
	}
	duos.merge(people)
	duos.unmet()
	duos.freeze()
	return &Snapshot{duos}, nil
}

// Publish is the table q asks for, protected; q.Branch must be the snapshot's branch or, for
// a snapshot of every branch, any.
func (s *Snapshot) Publish(app core.App, q Query) (*Report, error) {
	return s.with(q, true).report(app)
}

// Exact is the same table with the exact counts and no perturbation (small cells hidden all
// the same): what the disclosure test shows an attack recovering from.
func (s *Snapshot) Exact(app core.App, q Query) (*Report, error) { return s.with(q, false).report(app) }

func (s *Snapshot) with(q Query, perturbed bool) *cells {
	c := *s.c
	c.q, c.exact = q, !perturbed
	return &c
}

// sums are a group's perturbed sums, per id, and how many months (cells) each adds up: a
// rate's interval widens with its denominator's.
type sums struct {
	of, months []int
}

func (s *sums) add(id int32, v int) {
	for int(id) >= len(s.of) {
		s.of, s.months = append(s.of, 0), append(s.months, 0)
	}
	s.of[id] += v
	s.months[id]++ // each cell is added once: a month of this id
}

func (c *cells) sum(s *sums, name string) int {
	if id, ok := c.ids[name]; ok && int(id) < len(s.of) {
		return s.of[id]
	}
	return 0
}

// report adds each cell's perturbed value into the groups it belongs to, and into the costs'
// years, then writes the groups out.
func (c *cells) report(app core.App) (*Report, error) {
	period := c.q.By
	if period == ByBranch {
		period = ByQuarter
	}
	total := int32(0) // every branch's cells, or (one branch asked) that branch's
	if c.q.Branch != "" {
		var ok bool
		if total, ok = c.scopes[c.q.Branch]; !ok {
			total = -1 // nothing counted there: only the groups every table has
		}
	}
	groups := map[string]*sums{}
	into := func(key string) *sums {
		if groups[key] == nil {
			groups[key] = &sums{}
		}
		return groups[key]
	}
	years := costTallies{}
	periods := map[int32]string{} // a month's period, worked out once
	for _, cell := range c.frozen {
		at, v := cell.at, cell.perturbed
		if c.exact {
			v = cell.exact
		}
		if v == 0 || (c.q.Branch != "" && at.scope != total) {
			continue
		}
		p, ok := periods[at.month]
		if !ok {
			p = periodOf(time.Date(int(at.month/12), time.Month(at.month%12+1), 1, 0, 0, 0, 0, time.UTC), period)
			periods[at.month] = p
		}
		if at.scope != 0 {
			c.addCost(years, c.scope[at.scope], int(at.month/12), at.id, v)
		}
		if (c.q.From != "" && p < c.q.From) || (c.q.To != "" && p > c.q.To) {
			continue
		}
		if c.q.By == ByBranch && at.scope != 0 {
			into(c.scope[at.scope]).add(at.id, v)
		} else if c.q.By != ByBranch && at.scope == total {
			into(p).add(at.id, v)
		}
		if at.scope == total {
			into("").add(at.id, v)
		}
	}
	keys, err := groupsToFill(app, c.q, slices.Collect(maps.Keys(groups)))
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		into(k)
	}
	spent, err := costs(app, c.q, years)
	if err != nil {
		return nil, err
	}
	hideSmallCosts(spent)
	return &Report{Groups: c.groups(groups), Costs: spent, Funnel: c.funnel(groups), Perturbed: !c.exact}, nil
}

// addCost counts a cell of a branch into its year's costs: its started duos, their positive
// exits within 12 months and those still pending.
func (c *cells) addCost(years costTallies, branch string, year int, id int32, v int) {
	var field *int
	k := costKey{branch, year}
	if years[k] == nil {
		years[k] = &costTally{}
	}
	switch c.names[id] {
	case startedID:
		field = &years[k].started
	case PositiveExit12m + ":yes":
		field = &years[k].exits
	case PositiveExit12m + ":pending":
		field = &years[k].pending
	default:
		return
	}
	*field += v
}

// groups writes the groups in order, the total last.
func (c *cells) groups(all map[string]*sums) []Group {
	keys := keysTotalLast(all)
	values := c.valuesOfStats()
	out := make([]Group, 0, len(keys))
	for _, key := range keys {
		out = append(out, named(c.group(all[key], values), c.q, key))
	}
	return out
}

// base is what a rate or a stat is over, when not the group's started duos.
var base = map[string]string{MenteeIntakeToStart: TakenInMentees, MentorIntakeToStart: TakenInMentors,
	MenteeDaysToMatch: TakenInMentees, MentorDaysToMatch: TakenInMentors}

func (c *cells) group(s *sums, values map[string][]statValue) Group {
	started := c.sum(s, startedID)
	g := Group{Started: started, Measures: make(map[string]Rate, len(Measures)+len(IntakeRates)),
		Counts: map[string]Count{}, Stats: make(map[string]Stat, len(Stats))}
	if small(started) {
		g.Started, g.Suppressed = 0, true
	}
	for id, v := range s.of {
		if c.kinds[id] == kindCount && v >= MinCell {
			g.Counts[c.names[id]] = Count{N: v}
		}
	}
	over := func(id string) string {
		if b, ok := base[id]; ok {
			return b
		}
		return startedID
	}
	for _, id := range append(slices.Clone(Measures), IntakeRates...) {
		g.Measures[id] = c.rate(s, id, over(id))
	}
	for _, id := range Stats {
		g.Stats[id] = c.stat(s, values[id], small(c.sum(s, over(id))))
	}
	return g
}

// small: a count shown as hidden; zero too, so that nothing tells a few from none.
func small(n int) bool { return n < MinCell }

// rate is a measure over its base's sum, from perturbed sums: its parts kept within the
// denominator, its interval widened by the perturbation's variance.
func (c *cells) rate(s *sums, measure, over string) Rate {
	den := c.sum(s, over)
	if small(den) {
		return Rate{Suppressed: true}
	}
	num := min(max(c.sum(s, measure+":yes"), 0), den)
	unknown := min(max(c.sum(s, measure+":unknown"), 0), den-num)
	pending := min(max(c.sum(s, measure+":pending"), 0), unknown)
	r := NewRate(num, den, unknown, pending)
	if r.Value != nil {
		// Each month's numerator and denominator carry a noise of variance perturbVariance:
		// the value's own variance is about months × variance × (1 + value²) / den².
		months := s.months[c.ids[over]] // the denominator's cells (the numerator's are among their months)
		spread := z95 * math.Sqrt(float64(months)*perturbVariance*(1+*r.Value**r.Value)) / float64(den)
		low, high := math.Max(0, *r.Low-spread), math.Min(1, *r.High+spread)
		r.Low, r.High = &low, &high
	}
	return r
}

// statValue is one value of a stat's figure and how many (perturbed) have it.
type statValue struct {
	value float64
	id    int32
}

// valuesOfStats lists, per stat, the ids of its values, in order of value.
func (c *cells) valuesOfStats() map[string][]statValue {
	out := map[string][]statValue{}
	for id, name := range c.names {
		stat, raw, ok := strings.Cut(name, "=")
		if !ok || c.kinds[id] != kindValue {
			continue
		}
		v, _ := strconv.Atoi(raw)
		value := float64(v)
		if stat == HoursPerDuo {
			value /= 2 // counted in half hours
		}
		out[stat] = append(out[stat], statValue{value, int32(id)})
	}
	for _, vs := range out {
		slices.SortFunc(vs, func(a, b statValue) int { return cmp.Compare(a.value, b.value) })
	}
	return out
}

// stat is the median and mean of a perturbed histogram: each value as many times as its sum.
func (c *cells) stat(s *sums, values []statValue, baseHidden bool) Stat {
	n, total := 0, 0.0
	for _, v := range values {
		if k := s.at(v.id); k > 0 {
			n += k
			total += float64(k) * v.value
		}
	}
	if baseHidden || small(n) {
		return Stat{Suppressed: true}
	}
	median := (s.nth(values, (n-1)/2) + s.nth(values, n/2)) / 2
	mean := total / float64(n)
	return Stat{N: n, Median: &median, Mean: &mean}
}

func (s *sums) at(id int32) int {
	if int(id) < len(s.of) {
		return s.of[id]
	}
	return 0
}

// nth is the value at rank i (from 0) of the histogram.
func (s *sums) nth(values []statValue, i int) float64 {
	for _, v := range values {
		if k := s.at(v.id); k > 0 {
			if i < k {
				return v.value
			}
			i -= k
		}
	}
	return 0
}

// hideSmallCosts: a cost line's counts are counts like any other.
func hideSmallCosts(spent []Cost) {
	for i := range spent {
		c := &spent[i]
		for _, n := range []*Count{&c.Started, &c.PositiveExits, &c.PendingExits} {
			n.Suppressed = small(n.N)
		}
		if c.Started.Suppressed {
			c.Started, c.PositiveExits, c.PendingExits = Count{Suppressed: true}, Count{Suppressed: true}, Count{Suppressed: true}
			c.PerStartedDuo = nil
		}
		if c.PositiveExits.Suppressed {
			c.PositiveExits, c.PerPositiveExit = Count{Suppressed: true}, nil
		}
		if c.PendingExits.Suppressed {
			c.PendingExits = Count{Suppressed: true}
		}
	}
}
