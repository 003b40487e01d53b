package testkit

import (
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// CrowdZones are the time zones of the crowd's 17 branches, as the programme's today.
var CrowdZones = []string{"Europe/Brussels", "Europe/Paris", "Europe/Amsterdam"}

// Crowd fills an empty database with a programme of the given number of duos, for
// benchmarks, written with plain SQL (duo's rules would take minutes for 100,000): 17
// branches with a coordinator each, two people per duo (half the duos with a coordinator of
// their own); seven in ten duos active (weekly meeting on every weekday,
// half with a meeting logged last week), one validated in the last ten days with its
// agreement unsigned, two completed within the last month with both final evaluations
// unanswered.
func Crowd(tb testing.TB, app core.App, duos int, now time.Time) {
	err := app.RunInTransaction(func(tx core.App) error {
		exec := func(sql string, params dbx.Params) error {
			_, err := tx.DB().NewQuery(sql).Bind(params).Execute()
			return err
		}
		stampAt, _ := types.ParseDateTime(now)
		stamp := stampAt.String()
		for b := range 17 {
			if err := exec(`INSERT INTO branches (id, name, city, country, timezone, locale, created, updated)
				VALUES ({:id}, {:name}, {:name}, 'BE', {:tz}, 'fr', {:now}, {:now})`, dbx.Params{
				"id": crowdID("branch", b), "name": fmt.Sprintf("Branch %d", b), "tz": CrowdZones[b%len(CrowdZones)], "now": stamp}); err != nil {
				return err
			}
			if err := crowdPerson(exec, crowdID("coord", b), "coordinator", crowdID("branch", b), stamp); err != nil {
				return err
			}
		}
		for i := range duos {
			if err := crowdDuo(exec, i, now, stamp); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("testkit: crowd: %v", err)
	}
}

func crowdID(kind string, n int) string { return fmt.Sprintf("%.5s%010d", kind+"xxxxx", n) }

func crowdPerson(exec func(string, dbx.Params) error, id, role, branch, stamp string) error {
	return exec(`INSERT INTO users (id, email, tokenKey, password, verified, name, role, branch, locale, created, updated)
		VALUES ({:id}, {:email}, {:id}, 'x', 1, {:name}, {:role}, {:branch}, 'fr', {:now}, {:now})`, dbx.Params{
		"id": id, "email": id + "@crowd.example.org", "name": "Person " + id, "role": role, "branch": branch, "now": stamp})
}

func crowdDuo(exec func(string, dbx.Params) error, i int, now time.Time, stamp string) error {
	branch := crowdID("branch", i%17)
	mentor, mentee, duo := crowdID("mentr", i), crowdID("mentee", i), crowdID("duo", i)
	for _, p := range [][2]string{{mentor, "mentor"}, {mentee, "mentee"}} {
		if err := crowdPerson(exec, p[0], p[1], branch, stamp); err != nil {
			return err
		}
	}
	coordinator := "" // half the duos have their own coordinator, half the branch's
	if i%2 == 0 {
		coordinator = crowdID("coord", i%17)
	}
	today := now.UTC().Truncate(24 * time.Hour)
	date := func(days int) string { d, _ := types.ParseDateTime(today.AddDate(0, 0, days)); return d.String() }
	status, start, end := "active", date(-7-i%140), ""
	switch i % 10 {
	case 7:
		status, start = "validated", ""
	case 8, 9:
		status, start = "completed", date(-183-(i/10)%30)
		end = date(-1 - (i/10)%30)
	}
	if status == "active" {
		end = date(-7 - i%140 + 180)
	}
	if err := exec(`INSERT INTO duos (id, branch, mentor, mentee, coordinator, status, started_on, ends_on, meeting_weekday, meeting_time, created, updated)
		VALUES ({:id}, {:branch}, {:mentor}, {:mentee}, {:coordinator}, {:status}, {:start}, {:end}, {:weekday}, '18:30', {:now}, {:now})`, dbx.Params{
		"id": duo, "branch": branch, "mentor": mentor, "mentee": mentee, "coordinator": coordinator, "status": status, "start": start, "end": end,
		"weekday": 1 + i%7, "now": stamp}); err != nil {
		return err
	}
	switch {
	case status == "active" && i%2 == 0:
		return exec(`INSERT INTO meetings (id, duo, held_on, minutes, mode, created, updated) VALUES ({:id}, {:duo}, {:held}, 120, 'in_person', {:now}, {:now})`,
			dbx.Params{"id": crowdID("meet", i), "duo": duo, "held": date(-7 + i%5), "now": stamp})
	case status == "validated":
		at, _ := types.ParseDateTime(now.Add(-time.Duration((i/10)%10*24+5) * time.Hour))
		if err := exec(`INSERT INTO agreements (id, duo, commitments, created, updated) VALUES ({:id}, {:duo}, 'We meet weekly.', {:now}, {:now})`,
			dbx.Params{"id": crowdID("agree", i), "duo": duo, "now": stamp}); err != nil {
			return err
		}
		return exec(`INSERT INTO duo_events (id, duo, kind, from_status, to_status, actor_kind, at, created, updated)
			VALUES ({:id}, {:duo}, 'status_changed', 'proposed', 'validated', 'system', {:at}, {:now}, {:now})`,
			dbx.Params{"id": crowdID("event", i), "duo": duo, "at": at.String(), "now": stamp})
	case status == "completed":
		for n, person := range []string{mentor, mentee} {
			if err := exec(`INSERT INTO evaluations (id, duo, respondent, kind, created, updated) VALUES ({:id}, {:duo}, {:person}, 'final', {:now}, {:now})`,
				dbx.Params{"id": crowdID(fmt.Sprintf("eval%d", n), i), "duo": duo, "person": person, "now": stamp}); err != nil {
				return err
			}
		}
	}
	return nil
}
