package supervision_test

import (
	"fmt"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/supervision"
)

// busyBranch adds to Brussels duos active for 26 weeks with a meeting a week (plain SQL, so
// that the benchmark starts in seconds): every fifth without a meeting for three weeks, every
// third with its last meeting unconfirmed.
func busyBranch(b *testing.B, app core.App, duos, weeks int) {
	b.Helper()
	today := lifecycle.LocalDate(Now(), lifecycle.Zone("Europe/Brussels"))
	start := lifecycle.AddDays(today, -7*weeks)
	err := app.RunInTransaction(func(tx core.App) error {
		exec := func(sql string, p dbx.Params) error { _, err := tx.DB().NewQuery(sql).Bind(p).Execute(); return err }
		for d := range duos {
			mentor, mentee, duo := fmt.Sprintf("busymentor%05d", d), fmt.Sprintf("busymentee%05d", d), fmt.Sprintf("busyduo%08d", d)
			for _, p := range [][2]string{{mentor, "mentor"}, {mentee, "mentee"}} {
				if err := exec(`INSERT INTO users (id, email, tokenKey, password, verified, name, role, branch, created, updated)
					VALUES ({:id}, {:id} || '@busy.example.org', {:id}, 'x', 1, {:id}, {:role}, {:branch}, '', '')`,
					dbx.Params{"id": p[0], "role": p[1], "branch": BranchBrussels}); err != nil {
					return err
				}
			}
			if err := exec(`INSERT INTO duos (id, branch, mentor, mentee, status, started_on, ends_on, created, updated)
				VALUES ({:id}, {:branch}, {:mentor}, {:mentee}, 'active', {:start}, {:end}, '', '')`,
				dbx.Params{"id": duo, "branch": BranchBrussels, "mentor": mentor, "mentee": mentee,
					"start": start.String(), "end": lifecycle.AddMonths(start, 6).String()}); err != nil {
				return err
			}
			held := weeks
			if d%5 == 0 {
				held -= 3
			}
			for w := range held {
				if err := exec(`INSERT INTO meetings (id, duo, held_on, minutes, mode, mentee_confirmed, created, updated)
					VALUES ({:id}, {:duo}, {:held}, 120, 'in_person', {:ok}, '', '')`,
					dbx.Params{"id": fmt.Sprintf("busym%05d%05d", d, w), "duo": duo, "held": lifecycle.AddDays(start, 7*w).String(),
						"ok": d%3 != 0 || w < held-2}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// The overview of a branch of 500 duos and 13,200 meetings (goal: under 100 ms); every duo is near its end, so all are at risk: the largest answer.
func BenchmarkOverviewOfABusyBranch(b *testing.B) {
	app := App(b)
	busyBranch(b, app, 500, 27)
	b.ResetTimer()
	var o supervision.Overview
	for b.Loop() {
		var err error
		if o, err = supervision.Build(app, BranchBrussels, Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(o.AtRisk)), "at-risk")
}
