package reminders_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/reminders"
)

const crowdSize = 100_000

// lastMonday1802 is the latest Monday 18:02 in Brussels: a tick in which the reminders of
// every Tuesday meeting fall due.
func lastMonday1802() time.Time {
	t := time.Now().In(brusselsZone())
	for t.Weekday() != time.Monday {
		t = t.AddDate(0, 0, -1)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 18, 2, 0, 0, t.Location()).AddDate(0, 0, -7)
}

func brusselsZone() *time.Location {
	loc, _ := time.LoadLocation("Europe/Brussels")
	return loc
}

func crowdApp(b *testing.B, now time.Time) *tests.TestApp {
	b.Helper()
	app, err := tests.NewTestApp(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(app.Cleanup)
	testkit.Crowd(b, app, crowdSize, now)
	return app
}

// Planning each rule over 100,000 duos: a week of catch-up (the worst case: every weekly
// reminder falls due), the busy five-minute ticks of Monday 18:00 (meeting reminders) and
// 10:00 (ladders, nudges), and an idle tick.
func BenchmarkPlan100kDuos(b *testing.B) {
	now := lastMonday1802()
	app := crowdApp(b, now)
	windows := []struct {
		name     string
		from, to time.Time
	}{
		{"week", now.Add(-reminders.Lookback), now},
		{"busy_tick", now.Add(-5 * time.Minute), now},
		{"morning_tick", now.Add(-8*time.Hour - 5*time.Minute), now.Add(-8 * time.Hour)}, // ladders' 10:00
		{"idle_tick", now.Add(5 * time.Minute), now.Add(10 * time.Minute)},
	}
	for _, rule := range reminders.Rules {
		for _, w := range windows {
			b.Run(rule.ID+"/"+w.name, func(b *testing.B) {
				found := 0
				b.ReportAllocs()
				for b.Loop() {
					list, err := rule.Plan(app, w.from, w.to)
					if err != nil {
						b.Fatal(err)
					}
					found = len(list)
				}
				b.ReportMetric(float64(found), "notifications")
			})
		}
	}
}

// Every rule planned and written to the outbox after a week of downtime, as a restart does.
func BenchmarkCatchUpWeek100kDuos(b *testing.B) {
	now := lastMonday1802()
	app := crowdApp(b, now)
	b.ReportAllocs()
	written := 0
	for b.Loop() {
		b.StopTimer()
		for _, stmt := range []string{"DELETE FROM notifications", "DELETE FROM _duo_reminder_runs"} {
			if _, err := app.DB().NewQuery(stmt).Execute(); err != nil {
				b.Fatal(err)
			}
		}
		planner := reminders.NewPlanner(app, func() time.Time { return now })
		b.StartTimer()
		written = 0
		for _, rule := range reminders.Rules {
			n, err := planner.Run(rule)
			if err != nil {
				b.Fatal(err)
			}
			written += n
		}
	}
	b.ReportMetric(float64(written), "notifications")
}
