package impact

import (
	"strconv"
	"time"

	"github.com/duoforajob/duo/lifecycle"
)

// The figures that leave a branch are sums of cells: one cell per branch (and one for all the
// branches together), per month and per count, each perturbed once by its cell key
// (cellkey.go). A quarter, a range of months, a branch over a range, a total: each adds the
// cells of its months. So every figure the server gives a caller, in any view, range or
// order, is a sum of the same perturbed cells: subtracting two of them gives a perturbed
// cell back, never a count the perturbation did not cover, and asking many ranges gives no
// new draw of noise to average away.

// kind of a counted id: a count shown as such, a verdict of a rate, a value of a median's
// histogram, or what only the cells use.
type kind uint8

const (
	kindCount kind = iota
	kindVerdict
	kindValue
	kindInner
	kindFunnel // a step of the funnel or a conversion's numerator (funnel.go)
)

// Ids the cells count beside the operational counts.
const (
	startedID = "started"
	metID     = "met" // started duos with a meeting: the rest met none
)

// cellAt names a cell: a scope (a branch, or all of them), a month, a counted id.
type cellAt struct {
	scope, id int32
	month     int32 // year×12 + month - 1
}

// tally is what a cell holds: how many records, and the sum of their keys.
type cellTally struct {
	n   int32
	key uint32
}

// cells counts records into their cells. Names (of ids and scopes) are numbered once.
type cells struct {
	q      Query
	all    bool // every branch read: the records count in their branch and in scope 0 too
	exact  bool // the exact counts, unperturbed (Snapshot.Exact)
	ids    map[string]int32
	names  []string
	kinds  []kind
	scopes map[string]int32
	scope  []string // scope 0 is every branch
	tally  map[cellAt]*cellTally
	frozen []cellValue // the tally once read (freeze)
}

// cellValue is a cell as tables read it: its exact and its perturbed count.
type cellValue struct {
	at               cellAt
	exact, perturbed int
}

// freeze lists the cells with their perturbed counts, drawn once: every table then reads
// the list.
func (c *cells) freeze() {
	c.frozen = make([]cellValue, 0, len(c.tally))
	for at, t := range c.tally {
		c.frozen = append(c.frozen, cellValue{at, int(t.n), perturb(int(t.n), t.key)})
	}
}

func newCells(q Query) *cells {
	return &cells{q: q, all: q.Branch == "", ids: map[string]int32{}, scopes: map[string]int32{"": 0}, scope: []string{""},
		tally: map[cellAt]*cellTally{}}
}

func (c *cells) id(name string, k kind) int32 {
	i, ok := c.ids[name]
	if !ok {
		i = int32(len(c.names))
		c.ids[name] = i
		c.names = append(c.names, name)
		c.kinds = append(c.kinds, k)
	}
	return i
}

func (c *cells) scopeOf(branch string) int32 {
	i, ok := c.scopes[branch]
	if !ok {
		i = int32(len(c.scope))
		c.scopes[branch] = i
		c.scope = append(c.scope, branch)
	}
	return i
}

func monthOf(t time.Time) int32 { return int32(t.Year()*12 + int(t.Month()) - 1) }

// count adds a record of key, on day in branch, to the cells of ids.
func (c *cells) count(branch string, day time.Time, key uint32, ids ...int32) {
	m, b := monthOf(day), c.scopeOf(branch)
	for _, id := range ids {
		c.add(cellAt{b, id, m}, 1, key)
		if c.all {
			c.add(cellAt{0, id, m}, 1, key)
		}
	}
}

func (c *cells) add(at cellAt, n int32, key uint32) {
	t := c.tally[at]
	if t == nil {
		t = &cellTally{}
		c.tally[at] = t
	}
	t.n += n
	t.key += key
}

// verdictIDs are, per measure, the ids a duo's verdict counts in: yes, unknown (pending
// included, as in a rate) and pending. "No" is what remains of the started duos.
func (c *cells) verdictIDs(measure string, v verdict) []int32 {
	switch v {
	case yes:
		return []int32{c.id(measure+":yes", kindVerdict)}
	case unknown:
		return []int32{c.id(measure+":unknown", kindVerdict)}
	case pending:
		return []int32{c.id(measure+":unknown", kindVerdict), c.id(measure+":pending", kindVerdict)}
	}
	return nil
}

// valueID is the id of one value of a median's figure ("meetings_per_duo=7").
func (c *cells) valueID(stat string, value int) int32 {
	return c.id(stat+"="+strconv.Itoa(value), kindValue)
}

// The cells' side of sink.

func (c *cells) duo(r duoRow, judged verdicts) {
	ids := []int32{c.id(startedID, kindInner)}
	switch r.Status {
	case lifecycle.Completed:
		ids = append(ids, c.id(ReachedTerm, kindCount))
	case lifecycle.Stopped:
		category := r.StopCategory
		if category == "" {
			category = "unrecorded"
		}
		ids = append(ids, c.id(StoppedEarly, kindCount), c.id(StoppedEarly+":"+category, kindCount))
	default:
		ids = append(ids, c.id(Running, kindCount))
	}
	for i, v := range judged {
		ids = append(ids, c.verdictIDs(Measures[i], v)...)
	}
	c.count(r.Branch, date(r.StartedOn), r.Key, ids...)
}

func (c *cells) meetings(branch string, start time.Time, key uint32, meetings, minutes int) {
	c.count(branch, start, key, c.id(metID, kindInner), c.valueID(MeetingsPerDuo, meetings),
		c.valueID(HoursPerDuo, halfHours(minutes)))
}

// halfHours: hours of meetings leave a branch to the half hour.
func halfHours(minutes int) int { return (minutes + 15) / 30 }

func (c *cells) proposal(branch string, day time.Time, key uint32) {
	c.count(branch, day, key, c.id(Proposed, kindCount))
}

func (c *cells) validation(branch string, day time.Time, key uint32) {
	c.count(branch, day, key, c.id(Validated, kindCount))
}

func (c *cells) person(p person, intake time.Time, f facts) {
	ids := make([]int32, 0, len(f.counts)+3)
	for _, name := range f.counts {
		ids = append(ids, c.id(name, kindCount))
	}
	ids = append(ids, c.verdictIDs(f.rateID, f.conversion)...)
	if f.matched {
		ids = append(ids, c.valueID(f.daysID, int(f.days)))
	}
	c.count(p.Branch, intake, p.Key, ids...)
}

// merge adds other's cells to c's.
func (c *cells) merge(other *cells) {
	for at, t := range other.tally {
		at.id = c.id(other.names[at.id], other.kinds[at.id])
		at.scope = c.scopeOf(other.scope[at.scope])
		c.add(at, t.n, t.key)
	}
}

// unmet adds, to every month of started duos, the cells of those that met none (their
// keys are what the started duos' keys have more than those that met).
func (c *cells) unmet() {
	started, met := c.id(startedID, kindInner), c.id(metID, kindInner)
	for at, t := range c.tally {
		if at.id != started {
			continue
		}
		n, key := t.n, t.key
		if m := c.tally[cellAt{at.scope, met, at.month}]; m != nil {
			n, key = n-m.n, key-m.key
		}
		if n > 0 {
			c.add(cellAt{at.scope, c.valueID(MeetingsPerDuo, 0), at.month}, n, key)
			c.add(cellAt{at.scope, c.valueID(HoursPerDuo, 0), at.month}, n, key)
		}
	}
}
