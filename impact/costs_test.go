package impact_test

import (
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/duoforajob/duo/impact"
)

// Cohort A's year cost 60,000 euros from two funders; its 12 duos started that year, 8 with a
// positive exit within 12 months: 5,000 per started duo, 7,500 per positive exit.
func TestCostsPerStartedDuoAndPerPositiveExit(t *testing.T) {
	w := newWorld(t)
	year := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -26, 0).Year()
	for i, c := range []struct {
		funder string
		amount float64
	}{{"Fonds social européen", 40000}, {"Région wallonne", 20000}} {
		w.exec(`INSERT INTO branch_costs (id, branch, year, amount_eur, funder, created, updated)
			VALUES ({:id}, {:branch}, {:year}, {:amount}, {:funder}, '', '')`,
			dbx.Params{"id": "impactcost00000" + string(rune('1'+i)), "branch": branch, "year": year, "amount": c.amount, "funder": c.funder})
	}
	report, err := impact.Compute(w.app, impact.Query{Branch: branch, By: impact.ByQuarter}, w.today)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Costs) != 2 {
		t.Fatalf("costs: %+v", report.Costs)
	}
	for _, c := range report.Costs { // the branch's year, then the year's total
		if c.Year != year || c.AmountEUR != 60000 || c.Started.N != 12 || c.PositiveExits.N != 8 || c.PendingExits.N != 0 ||
			*c.PerStartedDuo != 5000 || *c.PerPositiveExit != 7500 || c.Branches != 1 ||
			!slices.Equal(c.Funders, []string{"Fonds social européen", "Région wallonne"}) {
			t.Errorf("%+v", c)
		}
	}
	if report.Costs[0].Branch != branch || report.Costs[1].Branch != "" {
		t.Errorf("order: %q then %q", report.Costs[0].Branch, report.Costs[1].Branch)
	}
	// Outside the branch, the counts are perturbed (by 2 at most: 12 duos started in one
	// month), each cost is over them, and a count under 10 is hidden with its cost.
	published, err := impact.Publish(w.app, impact.Query{Branch: branch, By: impact.ByQuarter}, w.today)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range published.Costs {
		if c.Started.N < 10 || c.Started.N > 14 || *c.PerStartedDuo != 60000/float64(c.Started.N) {
			t.Errorf("started: %+v", c)
		}
		if exits := c.PositiveExits; exits.Suppressed != (c.PerPositiveExit == nil) || (!exits.Suppressed && (exits.N < 10 || exits.N > 10)) {
			t.Errorf("8 positive exits, published as %+v, %v per exit", exits, c.PerPositiveExit)
		}
		if !c.PendingExits.Suppressed || c.PendingExits.N != 0 {
			t.Errorf("no pending exit (under 10, like a few), published as %+v", c.PendingExits)
		}
	}
	if published.Costs[1].Started != published.Costs[0].Started {
		t.Errorf("the year's total is not the sum of its one branch: %+v", published.Costs)
	}
	// Cohorts of other years leave this year's cost out.
	later, _ := impact.Compute(w.app, impact.Query{Branch: branch, By: impact.ByQuarter, From: impact.Cohort(day(w.today), impact.ByQuarter)}, w.today)
	if len(later.Costs) != 0 {
		t.Errorf("a later range: %+v", later.Costs)
	}
}
