package impact

import (
	"strings"
)

// Suppress makes a report fit to leave its branch: no count under MinCell (the size of a
// group, how many were taken in, stopped for a reason, are of an age band...), no rate or
// median over fewer than MinCell, and no small count that could be worked out again by
// subtracting shown counts from a shown total (the total row from the groups, a group's
// started duos from how they ended, people taken in from their age bands or origins).
// A hidden count is left out of the group's counts, like a zero: that a value was counted
// at all (one mentee born in a country, one stop for health) is not shown either.
func Suppress(r *Report) {
	cells := primary(r)
	for secondary(r, cells) {
	}
	for i := range r.Groups {
		finish(&r.Groups[i], cells[i])
	}
	for i := range r.Costs {
		c := &r.Costs[i]
		c.Started, c.PositiveExits = hide(c.Started), hide(c.PositiveExits)
		if c.Started.Suppressed {
			c.Started, c.PerStartedDuo, c.PendingExits = Count{Suppressed: true}, nil, 0
		}
		if c.PositiveExits.Suppressed {
			c.PositiveExits, c.PerPositiveExit = Count{Suppressed: true}, nil
		}
	}
}

// startedKey is the group's size among its counts while suppressing.
const startedKey = "started"

// primary hides every small count; each group's counts, its size among them.
func primary(r *Report) []map[string]Count {
	cells := make([]map[string]Count, len(r.Groups))
	for i, g := range r.Groups {
		cells[i] = map[string]Count{startedKey: hide(Count{N: g.Started})}
		for id, c := range g.Counts {
			cells[i][id] = hide(c)
		}
	}
	return cells
}

func hide(c Count) Count {
	if c.N > 0 && c.N < MinCell {
		c.Suppressed = true
	}
	return c
}

// secondary hides one more count in every line whose hidden counts could be worked out
// from its shown total; it says whether it hid any.
func secondary(r *Report, cells []map[string]Count) bool {
	changed := false
	last := len(cells) - 1 // the total row
	if last > 0 {
		ids := map[string]bool{}
		for _, c := range cells[:last] {
			for id := range c {
				ids[id] = true
			}
		}
		for id := range ids {
			line := make([]cellRef, 0, last)
			for i := range cells[:last] {
				line = append(line, cellRef{cells[i], id})
			}
			changed = protect(cellRef{cells[last], id}, line) || changed
		}
	}
	for _, c := range cells {
		for _, p := range partitions(c) {
			changed = protect(p.total, p.parts) || changed
		}
		changed = hideDependents(c) || changed
	}
	return changed
}

// dependents are the counts of a group that are parts of another (or of its people): shown
// while it is hidden, they would bound it from below.
var dependents = map[string][]string{
	startedKey:     {ReachedTerm, Running, StoppedEarly},
	StoppedEarly:   {StoppedEarly + ":"},
	TakenInMentees: {"mentee_"},
	TakenInMentors: {"mentor_"},
}

func hideDependents(c map[string]Count) bool {
	changed := false
	for total, prefixes := range dependents {
		if !c[total].Suppressed {
			continue
		}
		for id, n := range c {
			for _, prefix := range prefixes {
				if strings.HasPrefix(id, prefix) && !n.Suppressed && id != total {
					n.Suppressed, changed = true, true
					c[id] = n
				}
			}
		}
	}
	return changed
}

type cellRef struct {
	in map[string]Count
	id string
}

func (c cellRef) get() Count { return c.in[c.id] }

// protect: when a shown total's hidden parts add up to less than MinCell, hide the smallest
// shown part that is not zero, so that what can be worked out is a sum of MinCell or more.
func protect(total cellRef, parts []cellRef) bool {
	if total.get().Suppressed {
		return false
	}
	hidden := 0
	var smallest *cellRef
	for i, p := range parts {
		c := p.get()
		switch {
		case c.Suppressed:
			hidden += c.N
		case c.N > 0 && (smallest == nil || c.N < smallest.get().N):
			smallest = &parts[i]
		}
	}
	if hidden == 0 || hidden >= MinCell || smallest == nil {
		return false
	}
	c := smallest.get()
	c.Suppressed = true
	smallest.in[smallest.id] = c
	return true
}

type partition struct {
	total cellRef
	parts []cellRef
}

// partitions are the counts of a group that add up to another of its counts.
func partitions(c map[string]Count) []partition {
	byFamily := func(total string, prefixes ...string) partition {
		p := partition{total: cellRef{c, total}}
		for id := range c {
			for _, prefix := range prefixes {
				if strings.HasPrefix(id, prefix) {
					p.parts = append(p.parts, cellRef{c, id})
				}
			}
		}
		return p
	}
	ended := partition{total: cellRef{c, startedKey}}
	for _, id := range []string{ReachedTerm, Running, StoppedEarly} {
		ended.parts = append(ended.parts, cellRef{c, id})
	}
	return []partition{ended, byFamily(StoppedEarly, StoppedEarly+":"),
		byFamily(TakenInMentees, "mentee_age:"), byFamily(TakenInMentors, "mentor_age:"),
		byFamily(TakenInMentees, "mentee_birth_country:"), byFamily(TakenInMentees, "mentee_nationality:")}
}

// finish writes the suppressed counts back into the group, and hides whatever is computed
// over a hidden or small count: its rates and its medians.
func finish(g *Group, c map[string]Count) {
	started := c[startedKey]
	if started.Suppressed {
		g.Started, g.Suppressed = 0, true
	}
	for id := range g.Counts {
		if c[id].Suppressed {
			delete(g.Counts, id)
		}
	}
	base := map[string]Count{MenteeIntakeToStart: c[TakenInMentees], MentorIntakeToStart: c[TakenInMentors],
		MenteeDaysToMatch: c[TakenInMentees], MentorDaysToMatch: c[TakenInMentors]}
	over := func(id string) Count {
		if b, ok := base[id]; ok {
			return b
		}
		return started
	}
	for id, r := range g.Measures {
		r = r.Suppress()
		if over(id).Suppressed {
			r = Rate{Suppressed: true}
		}
		g.Measures[id] = r
	}
	for id, s := range g.Stats {
		if over(id).Suppressed || (s.N > 0 && s.N < MinCell) {
			s = Stat{Suppressed: true}
		}
		g.Stats[id] = s
	}
}
