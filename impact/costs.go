package impact

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Cost is what a branch spent in a calendar year (branch_costs, recorded by superusers),
// beside the duos that started that year: per started duo, and per positive exit within 12
// months among them (PendingExits still have their horizon to come, so that figure falls as
// they do). Branch "" is the year's total over the branches that recorded a cost.
type Cost struct {
	Branch          string   `json:"branch"`
	Year            int      `json:"year"`
	AmountEUR       float64  `json:"amountEur"`
	Funders         []string `json:"funders"`
	Branches        int      `json:"branches"`
	Started         Count    `json:"started"`
	PositiveExits   Count    `json:"positiveExits"`
	PendingExits    Count    `json:"pendingExits"`
	PerStartedDuo   *float64 `json:"perStartedDuo"`
	PerPositiveExit *float64 `json:"perPositiveExit"`
}

type costKey struct {
	branch string
	year   int
}

type costTally struct{ started, exits, pending int }

// costTallies counts every started duo by branch and calendar year of its start, whatever
// cohorts the table asks for: a year's cost is set against the whole year's duos.
type costTallies map[costKey]*costTally

func (c costTallies) add(r duoRow, judged verdicts) {
	k := costKey{r.Branch, date(r.StartedOn).Year()}
	if c[k] == nil {
		c[k] = &costTally{}
	}
	c[k].started++
	switch judged.of(PositiveExit12m) {
	case yes:
		c[k].exits++
	case pending:
		c[k].pending++
	}
}

// costs sets each recorded year's spending of the branches asked against its duos (counted
// in years, exactly or perturbed), for the years the query's cohorts touch.
func costs(app core.App, q Query, years costTallies) ([]Cost, error) {
	var rows []struct {
		Branch string  `db:"branch"`
		Year   int     `db:"year"`
		Amount float64 `db:"amount_eur"`
		Funder string  `db:"funder"`
	}
	err := app.DB().NewQuery(`SELECT branch, year, amount_eur, funder FROM branch_costs
		WHERE {:branch} = '' OR branch = {:branch} ORDER BY year, branch, funder`).
		Bind(dbx.Params{"branch": q.Branch}).All(&rows)
	if err != nil {
		return nil, err
	}
	byKey := map[costKey]*Cost{}
	var out []*Cost
	for _, r := range rows {
		if !touchesYear(q, r.Year) {
			continue
		}
		for _, k := range []costKey{{r.Branch, r.Year}, {"", r.Year}} {
			c := byKey[k]
			if c == nil {
				c = &Cost{Branch: k.branch, Year: k.year, Funders: []string{}}
				byKey[k] = c
				out = append(out, c)
			}
			c.AmountEUR += r.Amount
			if !slices.Contains(c.Funders, r.Funder) {
				c.Funders = append(c.Funders, r.Funder)
			}
		}
	}
	for k, t := range years { // the total counts the duos of the branches that recorded a cost
		if byKey[k] != nil {
			for _, c := range []*Cost{byKey[k], byKey[costKey{"", k.year}]} {
				c.Started.N += t.started
				c.PositiveExits.N += t.exits
				c.PendingExits.N += t.pending
			}
		}
	}
	result := make([]Cost, 0, len(out))
	for _, c := range out {
		if c.Branch == "" {
			for k := range byKey {
				if k.year == c.Year && k.branch != "" {
					c.Branches++
				}
			}
		} else {
			c.Branches = 1
		}
		c.PerStartedDuo, c.PerPositiveExit = per(c.AmountEUR, c.Started.N), per(c.AmountEUR, c.PositiveExits.N)
		result = append(result, *c)
	}
	slices.SortStableFunc(result, func(a, b Cost) int { // each year's branches, then its total
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(totalLast(a), totalLast(b)), cmp.Compare(a.Branch, b.Branch))
	})
	return result, nil
}

func totalLast(c Cost) int {
	if c.Branch == "" {
		return 1
	}
	return 0
}

func per(amount float64, n int) *float64 {
	if n == 0 {
		return nil
	}
	v := amount / float64(n)
	return &v
}

// touchesYear: the query's cohort range reaches into year (periods start with the year).
func touchesYear(q Query, year int) bool {
	y := strconv.Itoa(year)
	return (q.From == "" || y >= q.From[:4]) && (q.To == "" || y <= q.To[:4])
}
