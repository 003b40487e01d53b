package impact

import (
	"fmt"
	"maps"
	"slices"
	"time"

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

// Group is one row of the table: a cohort or a branch, how many duos started in it, and
// each measure as a rate over them.
type Group struct {
	Cohort     string          `json:"cohort,omitempty"`
	Branch     string          `json:"branch,omitempty"`
	Started    int             `json:"started"`
	Suppressed bool            `json:"suppressed,omitempty"` // fewer than MinCell duos: no figure shown
	Measures   map[string]Rate `json:"measures"`
}

// Cohort is the month ("2025-03") or quarter ("2025-Q1") a duo started in.
func Cohort(startedOn string, by string) string {
	t := date(startedOn)
	if by == ByMonth {
		return t.Format("2006-01")
	}
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
}

// Table computes the measures of the duos that started in the cohorts asked, by group, in
// the groups' order, and the total of them all last. Each duo is judged on the day it is now
// in its branch.
func Table(app core.App, q Query, now time.Time) ([]Group, error) {
	period := q.By
	if period == ByBranch {
		period = ByQuarter
	}
	groups := map[string]*[len(verdicts{})]tally{}
	started := map[string]int{}
	err := eachStartedDuo(app, q.Branch, now, func(r duoRow, today time.Time) {
		cohort := Cohort(r.StartedOn, period)
		if (q.From != "" && cohort < q.From) || (q.To != "" && cohort > q.To) {
			return
		}
		key := cohort
		if q.By == ByBranch {
			key = r.Branch
		}
		judged := judge(r, today)
		for _, k := range []string{key, ""} { // "" is the total
			if groups[k] == nil {
				groups[k] = &[len(verdicts{})]tally{}
			}
			started[k]++
			for i, v := range judged {
				groups[k][i].add(v)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	keys := slices.Sorted(maps.Keys(groups))
	if len(keys) > 0 {
		keys = append(keys[1:], "") // "" sorts first: the total goes last
	}
	var out []Group
	for _, key := range keys {
		g := Group{Started: started[key], Measures: make(map[string]Rate, len(Measures))}
		for i, t := range groups[key] {
			g.Measures[Measures[i]] = t.rate()
		}
		if q.By == ByBranch {
			g.Branch = key
		} else {
			g.Cohort = key
		}
		out = append(out, g)
	}
	return out, nil
}
