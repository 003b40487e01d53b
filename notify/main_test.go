package notify_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/internal/fcmfake"
	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
)

func TestMain(m *testing.M) { testkit.Run(m) }

var brussels = testkit.Brussels

// world is a seeded app, a fake FCM and a dispatcher sending to it through the real SDK.
type world struct {
	app    *tests.TestApp
	fake   *fcmfake.Server
	clock  *testkit.Clock
	sender *notify.FCMSender
	d      *notify.Dispatcher
}

func newWorld(t *testing.T, at time.Time) *world {
	t.Helper()
	w := &world{app: testkit.App(t), fake: fcmfake.New(t), clock: &testkit.Clock{T: at}}
	w.sender = newSender(t, w.fake)
	w.d = notify.NewDispatcher(w.app, w.sender, w.clock.Now)
	return w
}

func (w *world) device(t *testing.T, user, token, platform, locale string) {
	t.Helper()
	if _, err := notify.Register(w.app, user, notify.Device{Token: token, Platform: platform, Locale: locale}, w.clock.T); err != nil {
		t.Fatal(err)
	}
}

// push enqueues a notification to user due now, expiring in a day.
func (w *world) push(t *testing.T, user, period string) notify.Notification {
	t.Helper()
	n := notify.Notification{User: user, Kind: notify.KindMeetingReminder, Duo: testkit.DuoOne, Period: period,
		Params: map[string]string{"partner": "Marc", "time": "18:30"},
		Target: map[string]string{"screen": "duo", "duo": testkit.DuoOne},
		Due:    w.clock.T, Expires: w.clock.T.Add(24 * time.Hour)}
	if created, err := notify.Enqueue(w.app, n); err != nil || created != 1 {
		t.Fatalf("enqueue: created %d, %v", created, err)
	}
	return n
}

func (w *world) run(t *testing.T) notify.Stats {
	t.Helper()
	stats, err := w.d.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

func (w *world) row(t *testing.T, n notify.Notification) *core.Record {
	t.Helper()
	r, err := w.app.FindFirstRecordByData("notifications", "dedupe_key", n.DedupeKey())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (w *world) devices(t *testing.T, user string) int {
	t.Helper()
	list, err := w.app.FindAllRecords("devices", dbx.HashExp{"user": user})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}
