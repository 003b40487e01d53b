package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/lifecycle"
)

// Busy adds to a branch duos active for weeks with a meeting a week, written with plain SQL
// so that a branch of 500 duos and 13,000 meetings is ready in seconds (duo's rules would take
// minutes): every fifth duo without a meeting for three weeks, every third with its last two
// meetings unconfirmed. It is what the console's speed is measured on (`duo demo --busy 500`,
// the overview's benchmark); its people cannot sign in.
func Busy(app core.App, branchID string, duos, weeks int, now time.Time) error {
	today := lifecycle.LocalDate(now, lifecycle.BranchLocation(app, branchID))
	start, end := busyPeriod(today, weeks)
	return app.RunInTransaction(func(tx core.App) error {
		exec := func(sql string, p dbx.Params) error { _, err := tx.DB().NewQuery(sql).Bind(p).Execute(); return err }
		for d := range duos {
			mentor, mentee, duo := fmt.Sprintf("busymentor%05d", d), fmt.Sprintf("busymentee%05d", d), fmt.Sprintf("busyduo%08d", d)
			for _, p := range [][2]string{{mentor, "mentor"}, {mentee, "mentee"}} {
				if err := exec(`INSERT INTO users (id, email, tokenKey, password, verified, name, role, branch, created, updated, cell_key)
					VALUES ({:id}, {:id} || '@busy.example.org', {:id}, 'x', 1, {:name}, {:role}, {:branch}, '', '', {:key})`,
					dbx.Params{"id": p[0], "name": fmt.Sprintf("%s %d", p[1], d), "role": p[1], "branch": branchID,
						"key": cellKey(0, p[0])}); err != nil {
					return err
				}
			}
			if err := exec(`INSERT INTO duos (id, branch, mentor, mentee, status, started_on, ends_on, created, updated, cell_key)
				VALUES ({:id}, {:branch}, {:mentor}, {:mentee}, 'active', {:start}, {:end}, '', '', {:key})`,
				dbx.Params{"id": duo, "branch": branchID, "mentor": mentor, "mentee": mentee, "key": cellKey(0, duo),
					"start": start.String(), "end": end.String()}); err != nil {
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
}

// busyPeriod is when the busy duos run: started weeks ago, for six months, but on for two
// weeks at least. Six months from a start 26 weeks back fall within a day of today on some
// dates, and the evaluations job would complete the duos while they are measured.
func busyPeriod(today types.DateTime, weeks int) (start, end types.DateTime) {
	start = lifecycle.AddDays(today, -7*weeks)
	end = lifecycle.AddMonths(start, 6)
	if soonest := lifecycle.AddDays(today, 14); end.Before(soonest) {
		end = soonest
	}
	return start, end
}

// busyBranch makes the branch Busy fills, with a coordinator who signs in to it.
func busyBranch(app core.App, password string, duos int, now time.Time) (Login, error) {
	s := &seeder{app: app, password: password, now: now}
	branch, err := s.record("branches", nil, map[string]any{"name": "DUO for a JOB Antwerpen (druk)",
		"city": "Antwerpen", "country": "BE", "timezone": "Europe/Brussels", "locale": "nl"})
	if err != nil {
		return Login{}, err
	}
	s.branch = branch
	if _, err := s.person("coordinator", "Bram Coördinator", "busy@demo.example.org", "nl"); err != nil {
		return Login{}, err
	}
	return s.logins[0], Busy(app, branch.Id, duos, 27, now)
}
