package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/duoforajob/duo/internal/fcmfake"
	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
)

// A weekday morning in Brussels, outside quiet hours.
var morning = brussels("2026-11-24 10:00")

// What each kind of FCM answer does to the outbox row and to the person's devices.
func TestDispatchOutcomes(t *testing.T) {
	cases := []struct {
		name        string
		tokens      map[string]fcmfake.Reply // the mentee's devices and what FCM answers
		status      string
		attempts    int
		nextAfter   time.Duration // pending: next attempt at least this far
		nextBefore  time.Duration // and at most this far
		errContains string
		devicesLeft int
	}{
		{name: "delivered to every device", tokens: map[string]fcmfake.Reply{"phone": {}, "tablet": {}},
			status: notify.StatusSent, attempts: 1, devicesLeft: 2},
		{name: "a dead token is removed, the other device still gets it",
			tokens: map[string]fcmfake.Reply{"old-phone": fcmfake.Unregistered, "new-phone": {}},
			status: notify.StatusSent, attempts: 1, devicesLeft: 1},
		{name: "only dead tokens: failed, devices removed", tokens: map[string]fcmfake.Reply{"gone": fcmfake.Unregistered},
			status: notify.StatusFailed, attempts: 1, errContains: "unregistered", devicesLeft: 0},
		{name: "no device: failed with the reason", tokens: nil,
			status: notify.StatusFailed, attempts: 1, errContains: "no registered device"},
		{name: "throttled: retried after Retry-After", tokens: map[string]fcmfake.Reply{"phone": fcmfake.QuotaExceeded("300")},
			status: notify.StatusPending, attempts: 1, nextAfter: 300 * time.Second, nextBefore: 300 * time.Second,
			errContains: "uota", devicesLeft: 1},
		{name: "server error: retried after a jittered minute", tokens: map[string]fcmfake.Reply{"phone": fcmfake.Internal},
			status: notify.StatusPending, attempts: 1, nextAfter: 30 * time.Second, nextBefore: time.Minute, devicesLeft: 1},
		{name: "permanent error: failed with FCM's reason", tokens: map[string]fcmfake.Reply{"phone": fcmfake.InvalidPayload},
			status: notify.StatusFailed, attempts: 1, errContains: "Invalid value", devicesLeft: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, morning)
			for token, reply := range c.tokens {
				w.device(t, testkit.MenteeOne, token, "android", "")
				w.fake.Respond(token, reply)
			}
			n := w.push(t, testkit.MenteeOne, "p")
			w.run(t)
			row := w.row(t, n)
			if row.GetString("status") != c.status || row.GetInt("attempts") != c.attempts {
				t.Fatalf("status %s attempts %d (%s), want %s %d", row.GetString("status"), row.GetInt("attempts"),
					row.GetString("last_error"), c.status, c.attempts)
			}
			if !strings.Contains(row.GetString("last_error"), c.errContains) {
				t.Errorf("last_error %q, want it to say %q", row.GetString("last_error"), c.errContains)
			}
			if c.status == notify.StatusPending {
				wait := row.GetDateTime("next_attempt_at").Time().Sub(morning)
				if wait < c.nextAfter || wait > c.nextBefore {
					t.Errorf("next attempt in %v, want between %v and %v", wait, c.nextAfter, c.nextBefore)
				}
			}
			if c.status == notify.StatusSent && row.GetDateTime("sent_at").IsZero() {
				t.Error("sent without sent_at")
			}
			if left := w.devices(t, testkit.MenteeOne); left != c.devicesLeft {
				t.Errorf("%d devices left, want %d", left, c.devicesLeft)
			}
		})
	}
}

// The text is rendered in the person's language, then their phone's, then their branch's;
// the payload carries a first name at most, and the deep-link data.
func TestDispatchLanguage(t *testing.T) {
	cases := []struct {
		name, userLocale, deviceLocale, wantTitle string
	}{
		{"the person's own language", "nl", "en", "Afspraak morgen"},
		{"else the phone's", "", "en", "Meeting tomorrow"},
		{"else the branch's", "", "", "Rencontre demain"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, morning)
			if _, err := w.app.DB().NewQuery("UPDATE users SET locale = {:l} WHERE id = {:id}").
				Bind(map[string]any{"l": c.userLocale, "id": testkit.MenteeOne}).Execute(); err != nil {
				t.Fatal(err)
			}
			w.device(t, testkit.MenteeOne, "phone", "ios", c.deviceLocale)
			n := w.push(t, testkit.MenteeOne, "p")
			w.run(t)
			got := w.fake.Received()
			if len(got) != 1 {
				t.Fatalf("received %d", len(got))
			}
			notification := got[0].Message["notification"].(map[string]any)
			if notification["title"] != c.wantTitle {
				t.Errorf("title %v, want %s", notification["title"], c.wantTitle)
			}
			body := notification["body"].(string)
			if !strings.Contains(body, "Amina") || strings.Contains(body, "Mentee") || !strings.Contains(body, "18:30") {
				t.Errorf("body %q: want the first name only and the time", body)
			}
			data := got[0].Message["data"].(map[string]any)
			if data["screen"] != "duo" || data["duo"] != testkit.DuoOne || data["kind"] != notify.KindMeetingReminder ||
				data["notification_id"] != w.row(t, n).Id {
				t.Errorf("data %v", data)
			}
		})
	}
}

// Quiet hours: nothing between 21:00 and 08:00 in the person's time zone; it waits for 08:00
// there, without counting an attempt.
func TestDispatchQuietHours(t *testing.T) {
	cases := []struct {
		name    string
		now     time.Time
		zone    string // the person's own; empty is the branch's (Brussels)
		deferTo time.Time
		sentNow bool
	}{
		{"21:00 is quiet", brussels("2026-11-24 21:00"), "", brussels("2026-11-25 08:00"), false},
		{"evening in Brussels waits for the morning", brussels("2026-11-24 22:30"), "", brussels("2026-11-25 08:00"), false},
		{"07:59 is still quiet", brussels("2026-11-25 07:59"), "", brussels("2026-11-25 08:00"), false},
		{"night in Brussels waits until 08:00", brussels("2026-11-25 03:00"), "", brussels("2026-11-25 08:00"), false},
		{"08:00 is no longer quiet", brussels("2026-11-25 08:00"), "", time.Time{}, true},
		{"20:59 is not yet quiet", brussels("2026-11-24 20:59"), "", time.Time{}, true},
		{"the person's own zone counts: 21:30 Brussels is 20:30 in Lisbon", brussels("2026-11-24 21:30"), "Europe/Lisbon", time.Time{}, true},
		{"the morning of a DST change is 08:00 on the wall clock", brussels("2026-03-28 23:00"), "", brussels("2026-03-29 08:00"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, c.now)
			if _, err := w.app.DB().NewQuery("UPDATE users SET timezone = {:z} WHERE id = {:id}").
				Bind(map[string]any{"z": c.zone, "id": testkit.MenteeOne}).Execute(); err != nil {
				t.Fatal(err)
			}
			w.device(t, testkit.MenteeOne, "phone", "android", "")
			n := w.push(t, testkit.MenteeOne, "p")
			stats := w.run(t)
			row := w.row(t, n)
			if c.sentNow {
				if row.GetString("status") != notify.StatusSent {
					t.Fatalf("status %s, want sent", row.GetString("status"))
				}
				return
			}
			if len(w.fake.Received()) != 0 || stats.Deferred != 1 {
				t.Fatalf("sent during quiet hours (stats %+v)", stats)
			}
			if row.GetString("status") != notify.StatusPending || row.GetInt("attempts") != 0 ||
				!row.GetDateTime("next_attempt_at").Time().Equal(c.deferTo) {
				t.Fatalf("status %s attempts %d next %v, want pending 0 %v", row.GetString("status"),
					row.GetInt("attempts"), row.GetDateTime("next_attempt_at"), c.deferTo.UTC())
			}
			w.clock.T = c.deferTo
			w.run(t)
			if row := w.row(t, n); row.GetString("status") != notify.StatusSent {
				t.Fatalf("in the morning: status %s", row.GetString("status"))
			}
		})
	}
}

// A notification that is no longer useful is not sent.
func TestDispatchExpired(t *testing.T) {
	w := newWorld(t, morning)
	w.device(t, testkit.MenteeOne, "phone", "android", "")
	n := w.push(t, testkit.MenteeOne, "p")
	w.clock.T = morning.Add(25 * time.Hour) // it expired after a day
	w.run(t)
	if row := w.row(t, n); row.GetString("status") != notify.StatusExpired || len(w.fake.Received()) != 0 {
		t.Fatalf("status %s, %d sent", row.GetString("status"), len(w.fake.Received()))
	}
}

// Retries back off exponentially and end: after MaxAttempts, or when the next try would come
// after the expiry.
func TestDispatchGivesUp(t *testing.T) {
	w := newWorld(t, morning)
	w.device(t, testkit.MenteeOne, "phone", "android", "")
	w.fake.RespondAll(fcmfake.Internal)
	n := w.push(t, testkit.MenteeOne, "p")
	w.d.MaxAttempts = 4
	var waits []time.Duration
	for range 4 {
		w.run(t)
		row := w.row(t, n)
		if row.GetString("status") != notify.StatusPending {
			break
		}
		next := row.GetDateTime("next_attempt_at").Time()
		waits = append(waits, next.Sub(w.clock.T))
		w.clock.T = next
	}
	if len(waits) != 3 {
		t.Fatalf("retried %d times, want 3", len(waits))
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] < waits[i-1] || waits[i] > 4*waits[i-1] {
			t.Errorf("waits %v do not back off exponentially", waits)
		}
	}
	row := w.row(t, n)
	if row.GetString("status") != notify.StatusFailed || !strings.Contains(row.GetString("last_error"), "gave up after 4 attempts") {
		t.Fatalf("status %s: %s", row.GetString("status"), row.GetString("last_error"))
	}

	w2 := newWorld(t, morning)
	w2.device(t, testkit.MenteeOne, "phone", "android", "")
	w2.fake.RespondAll(fcmfake.QuotaExceeded("90000")) // a day: past the notification's expiry
	n2 := w2.push(t, testkit.MenteeOne, "p")
	w2.run(t)
	if row := w2.row(t, n2); row.GetString("status") != notify.StatusExpired {
		t.Fatalf("status %s, want expired", row.GetString("status"))
	}
}

// One batch, every kind of result: each row ends its own way.
func TestDispatchMixedBatch(t *testing.T) {
	w := newWorld(t, morning)
	people := map[string]fcmfake.Reply{
		testkit.MenteeOne: {}, testkit.MentorOne: fcmfake.Unregistered, testkit.MenteeTwo: fcmfake.QuotaExceeded("60"),
		testkit.MentorTwo: fcmfake.InvalidPayload, testkit.FreeMentee: {},
	}
	rows := map[string]notify.Notification{}
	for user, reply := range people {
		w.device(t, user, "tok-"+user, "android", "")
		w.fake.Respond("tok-"+user, reply)
		rows[user] = w.push(t, user, "p")
	}
	stats := w.run(t)
	want := map[string]string{testkit.MenteeOne: notify.StatusSent, testkit.MentorOne: notify.StatusFailed,
		testkit.MenteeTwo: notify.StatusPending, testkit.MentorTwo: notify.StatusFailed, testkit.FreeMentee: notify.StatusSent}
	for user, n := range rows {
		if got := w.row(t, n).GetString("status"); got != want[user] {
			t.Errorf("%s: %s, want %s", user, got, want[user])
		}
	}
	if stats.Sent != 2 || stats.Failed != 2 || stats.Retried != 1 || stats.DevicesRemoved != 1 {
		t.Errorf("stats %+v", stats)
	}
}

// Without Firebase credentials every push is logged and marked sent, phone or not, so that a
// server on its defaults empties its outbox.
func TestDispatchToTheLog(t *testing.T) {
	w := newWorld(t, morning)
	d := notify.NewDispatcher(w.app, notify.LogSender{App: w.app}, w.clock.Now)
	withPhone := w.push(t, testkit.MenteeOne, "a")
	w.device(t, testkit.MenteeOne, "phone", "android", "")
	withoutPhone := w.push(t, testkit.MentorOne, "b")
	if _, err := d.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, n := range []notify.Notification{withPhone, withoutPhone} {
		if s := w.row(t, n).GetString("status"); s != notify.StatusSent {
			t.Errorf("%s: %s, want sent", n.User, s)
		}
	}
}

// Phones not registered again for 60 days are forgotten; the others stay.
func TestPruneDevices(t *testing.T) {
	w := newWorld(t, morning)
	w.device(t, testkit.MenteeOne, "old-phone", "android", "")
	w.clock.T = morning.Add(59 * 24 * time.Hour)
	w.device(t, testkit.MentorOne, "recent-phone", "ios", "")
	n, err := notify.PruneDevices(w.app, morning.Add(60*24*time.Hour+time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d: %v", n, err)
	}
	if w.devices(t, testkit.MenteeOne) != 0 || w.devices(t, testkit.MentorOne) != 1 {
		t.Fatal("pruned the wrong phone")
	}
}

// A batch that is all quiet hours does not stop the run: what may go behind it still goes.
func TestDispatchGoesPastADeferredBatch(t *testing.T) {
	w := newWorld(t, brussels("2026-11-24 21:30"))
	w.d.Batch = 2
	if _, err := w.app.DB().NewQuery("UPDATE users SET timezone = 'Europe/Lisbon' WHERE id = {:id}").
		Bind(map[string]any{"id": testkit.MentorOne}).Execute(); err != nil {
		t.Fatal(err)
	}
	w.device(t, testkit.MenteeOne, "brussels-phone", "android", "")
	w.device(t, testkit.MentorOne, "lisbon-phone", "android", "")
	w.clock.T = brussels("2026-11-24 21:00")
	quiet := []notify.Notification{w.push(t, testkit.MenteeOne, "a"), w.push(t, testkit.MenteeOne, "b")}
	w.clock.T = brussels("2026-11-24 21:10")
	lisbon := w.push(t, testkit.MentorOne, "c")
	w.clock.T = brussels("2026-11-24 21:30")
	stats := w.run(t)
	if stats.Deferred != 2 || stats.Sent != 1 || w.row(t, lisbon).GetString("status") != notify.StatusSent {
		t.Fatalf("stats %+v; Lisbon's %s", stats, w.row(t, lisbon).GetString("status"))
	}
	for _, n := range quiet {
		if s := w.row(t, n).GetString("status"); s != notify.StatusPending {
			t.Errorf("Brussels' %s: %s", n.Period, s)
		}
	}
}
