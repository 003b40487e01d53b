package notify_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/internal/fcmfake"
	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
)

const backlog = 100_000

// outboxOf100k is a crowd of 50,000 duos whose 100,000 people each have a phone and one
// notification due.
func outboxOf100k(b *testing.B, now time.Time) (*tests.TestApp, []notify.Notification) {
	b.Helper()
	app, err := tests.NewTestApp(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(app.Cleanup)
	testkit.Crowd(b, app, backlog/2, now)
	var users []string
	if err := app.DB().NewQuery("SELECT id FROM users WHERE role != 'coordinator' ORDER BY id").Column(&users); err != nil {
		b.Fatal(err)
	}
	list := make([]notify.Notification, len(users))
	err = app.RunInTransaction(func(tx core.App) error {
		for i, u := range users {
			if _, err := tx.DB().NewQuery(`INSERT INTO devices (id, user, token, platform, locale, last_seen, created, updated)
				VALUES ({:id}, {:user}, {:token}, 'android', '', {:now}, {:now}, {:now})`).Bind(dbx.Params{
				"id": fmt.Sprintf("dev%012d", i), "user": u, "token": "token-" + u, "now": "2026-11-20 10:00:00.000Z"}).Execute(); err != nil {
				return err
			}
			list[i] = notify.Notification{User: u, Kind: notify.KindWeeklyDigest, Period: "bench", Text: "weekly_digest.many",
				Params: map[string]string{"count": "3"}, Target: map[string]string{"screen": "duos"}, Due: now}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return app, list
}

// Writing 100,000 notifications to the outbox, and dispatching them to a local fake FCM
// through the real SDK (each message an HTTP/1.1 call on loopback, as FCM v1 has no batch),
// answering at once or after 20 ms as a real network round trip would.
func BenchmarkDispatch100k(b *testing.B) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) // 11:00 in Brussels: no quiet hours
	app, list := outboxOf100k(b, now)
	fake := fcmfake.New(b)
	sender, err := notify.NewFCMSender(context.Background(), fake.Credentials(), fake.Endpoint())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("enqueue", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			app.DB().NewQuery("DELETE FROM notifications").Execute()
			b.StartTimer()
			if n, err := notify.Enqueue(app, list...); err != nil || n != backlog {
				b.Fatalf("enqueued %d: %v", n, err)
			}
		}
		b.ReportMetric(float64(backlog)/b.Elapsed().Seconds()*float64(b.N), "rows/s")
	})
	for _, latency := range []time.Duration{0, 20 * time.Millisecond} {
		fake.Latency = latency
		b.Run("dispatch/rtt="+latency.String(), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				app.DB().NewQuery("DELETE FROM notifications").Execute()
				if _, err := notify.Enqueue(app, list...); err != nil {
					b.Fatal(err)
				}
				d := notify.NewDispatcher(app, sender, func() time.Time { return now })
				b.StartTimer()
				stats, err := d.Run(context.Background())
				if err != nil || stats.Sent != backlog {
					b.Fatalf("sent %d (%+v): %v", stats.Sent, stats, err)
				}
			}
			b.ReportMetric(float64(backlog)*float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}
