package reminders_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
	"github.com/duoforajob/duo/reminders"
)

// session plans a session of the Brussels branch as its coordinator (the host), starting at
// a Brussels wall-clock time and lasting two hours, with lines for the people given.
func (w *world) session(t *testing.T, id, kind, duo, starts string, lines map[string]string) {
	t.Helper()
	// The seeded duos' check-ins (planned relative to the tests' clock) are not this test's.
	w.sql(t, "UPDATE sessions SET status = 'cancelled' WHERE id NOT LIKE 'session%'", nil)
	begins := brussels(starts)
	fields := map[string]any{"branch": BranchBrussels, "kind": kind, "starts_at": begins, "ends_at": begins.Add(2 * time.Hour),
		"place": "Rue Royale 1"}
	if duo != "" {
		fields["duo"] = duo
	}
	Make(t, w.app, Coord, "sessions", id, fields)
	for person, state := range lines {
		Make(t, w.app, Coord, "attendance", "", map[string]any{"session": id, "person": person, "state": state})
	}
}

// line changes a person's state on a session's list.
func (w *world) line(t *testing.T, session, person, state string) {
	t.Helper()
	a, err := w.app.FindFirstRecordByFilter("attendance", "session = {:s} && person = {:p}", dbx.Params{"s": session, "p": person})
	if err != nil {
		t.Fatal(err)
	}
	Change(t, w.app, Coord, "attendance", a.Id, map[string]any{"state": state})
}

// kindRows lists the outbox rows of a kind, by due time then key.
func (w *world) kindRows(t *testing.T, kind string) []sent {
	t.Helper()
	var rows []struct {
		User string `db:"user"`
		Key  string `db:"dedupe_key"`
		Due  string `db:"due_at"`
		Exp  string `db:"expires_at"`
	}
	if err := w.app.DB().NewQuery(`SELECT user, dedupe_key, due_at, expires_at FROM notifications WHERE kind = {:k}
		ORDER BY due_at, dedupe_key`).Bind(dbx.Params{"k": kind}).All(&rows); err != nil {
		t.Fatal(err)
	}
	out := make([]sent, len(rows))
	for i, r := range rows {
		out[i] = sent{User: r.User, Key: r.Key, Due: r.Due, Expires: r.Exp}
	}
	return out
}

// The reminder the day before a session: 18:00 on each person's wall clock, to whoever is
// invited or registered, across the DST change nights; none to the excused, none for a
// cancelled session, none when the session begins before the reminder would leave.
func TestSessionReminders(t *testing.T) {
	cases := []struct {
		name    string
		starts  string            // Brussels wall clock
		lines   map[string]string // person -> state
		zone    string            // MenteeTwo's own zone, if any
		cancel  bool
		now     time.Time
		want    map[string]string // person -> due (UTC)
		expires string            // UTC
	}{
		{"winter: 18:00 CET is 17:00Z", "2026-03-24 18:30", map[string]string{MentorOne: "invited", MenteeTwo: "registered"},
			"", false, brussels("2026-03-23 18:02"),
			map[string]string{MentorOne: "2026-03-23 17:00", MenteeTwo: "2026-03-23 17:00"}, "2026-03-24 17:30"},
		{"a session at 09:00 the morning after the spring change: the reminder at 18:00 CET", "2026-03-29 09:00",
			map[string]string{MentorOne: "invited"}, "", false, brussels("2026-03-28 18:02"),
			map[string]string{MentorOne: "2026-03-28 17:00"}, "2026-03-29 07:00"},
		{"the evening after the spring change: 18:00 CEST is 16:00Z", "2026-03-30 09:00",
			map[string]string{MentorOne: "invited"}, "", false, brussels("2026-03-29 18:02"),
			map[string]string{MentorOne: "2026-03-29 16:00"}, "2026-03-30 07:00"},
		{"a session at 09:00 the morning after the autumn change: 18:00 CEST the day before", "2026-10-25 09:00",
			map[string]string{MentorOne: "invited"}, "", false, brussels("2026-10-24 18:02"),
			map[string]string{MentorOne: "2026-10-24 16:00"}, "2026-10-25 08:00"},
		{"the evening after the autumn change: 18:00 CET is 17:00Z", "2026-10-26 18:00",
			map[string]string{MentorOne: "invited"}, "", false, brussels("2026-10-25 18:02"),
			map[string]string{MentorOne: "2026-10-25 17:00"}, "2026-10-26 17:00"},
		{"a person in another zone: 18:00 there", "2026-03-24 18:30", map[string]string{MentorOne: "invited", MenteeTwo: "invited"},
			"Europe/Lisbon", false, brussels("2026-03-23 19:02"),
			map[string]string{MentorOne: "2026-03-23 17:00", MenteeTwo: "2026-03-23 18:00"}, "2026-03-24 17:30"},
		{"a person far east: the day before is her day before", "2026-03-24 18:30", map[string]string{MenteeTwo: "invited"},
			"Asia/Tokyo", false, brussels("2026-03-24 10:02"),
			map[string]string{MenteeTwo: "2026-03-24 09:00"}, "2026-03-24 17:30"},
		{"before 18:00 nothing yet", "2026-03-24 18:30", map[string]string{MentorOne: "invited"}, "", false,
			brussels("2026-03-23 17:58"), nil, ""},
		{"excused people are not reminded", "2026-03-24 18:30",
			map[string]string{MentorOne: "excused", MenteeTwo: "invited", FreeMentor: "registered"}, "", false,
			brussels("2026-03-23 18:02"), map[string]string{MenteeTwo: "2026-03-23 17:00", FreeMentor: "2026-03-23 17:00"}, "2026-03-24 17:30"},
		{"back after downtime once the session began: none", "2026-03-24 18:30", map[string]string{MentorOne: "invited"}, "", false,
			brussels("2026-03-24 18:32"), nil, ""},
		{"back after downtime before it begins: sent late", "2026-03-24 18:30", map[string]string{MentorOne: "invited"}, "", false,
			brussels("2026-03-24 18:27"), map[string]string{MentorOne: "2026-03-23 17:00"}, "2026-03-24 17:30"},
		{"a cancelled session reminds nobody", "2026-03-24 18:30", map[string]string{MentorOne: "invited"}, "", true,
			brussels("2026-03-23 18:02"), nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, c.now.Add(-72*time.Hour))
			w.sql(t, "UPDATE users SET timezone = {:z} WHERE id = {:id}", dbx.Params{"z": c.zone, "id": MenteeTwo})
			w.session(t, "sessioninfo0001", "info_session", "", c.starts, c.lines)
			if c.cancel {
				Change(t, w.app, Coord, "sessions", "sessioninfo0001", map[string]any{"status": "cancelled"})
			}
			w.at(t, c.now, reminders.SessionReminders)
			got := w.kindRows(t, notify.KindSessionReminder)
			if len(got) != len(c.want) {
				t.Fatalf("%d reminders, want %d: %+v", len(got), len(c.want), got)
			}
			for _, n := range got {
				if n.Due != stamp(utc(c.want[n.User])) || n.Expires != stamp(utc(c.expires)) {
					t.Errorf("%s: due %s expires %s, want %s and %s", n.User, n.Due, n.Expires, c.want[n.User], c.expires)
				}
				if n.Key != "session_reminder::"+n.User+":sessioninfo0001.0" {
					t.Errorf("key %s", n.Key)
				}
			}
		})
	}
}

// A duo declined before its first meeting: its mentor and mentee are not reminded of it
// (the coordinator may not have cancelled it yet).
func TestSessionRemindersOfADeclinedDuo(t *testing.T) {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	w.session(t, "sessionfirst001", "first_meeting", DuoProposed, "2026-03-24 10:00", nil)
	Change(t, w.app, Coord, "duos", DuoProposed, map[string]any{"status": "declined"})
	w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
	if got := w.kindRows(t, notify.KindSessionReminder); len(got) != 0 {
		t.Fatalf("reminded: %+v", got)
	}
}

// A duo's session reminds the duo's mentor and mentee, who have no lines on its list; one
// of them excused is not reminded.
func TestSessionRemindersOfADuo(t *testing.T) {
	for _, excused := range []bool{false, true} {
		w := newWorld(t, brussels("2026-03-20 10:00"))
		lines := map[string]string{}
		if excused {
			lines[MenteeOne] = "excused"
		}
		w.session(t, "sessioncheckin1", "checkin", DuoOne, "2026-03-24 10:00", lines)
		w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
		got := w.outbox(t, DuoOne)
		want := map[string]bool{MentorOne: true, MenteeOne: !excused}
		count := 0
		for _, n := range got {
			if !want[n.User] || n.Text != "session_reminder" || n.Params["title"] != "" {
				t.Errorf("excused %v: %+v", excused, n)
			}
			count++
		}
		if wanted := map[bool]int{false: 2, true: 1}[excused]; count != wanted {
			t.Errorf("excused %v: %d reminders, want %d", excused, count, wanted)
		}
	}
}

// Planned exactly once: the planner run again, over overlapping windows (a catch-up after
// downtime), and two planners at once each write one reminder per person and session.
func TestSessionRemindersExactlyOnce(t *testing.T) {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 18:30", map[string]string{MentorOne: "invited", MenteeTwo: "registered"})
	w.session(t, "sessiontrain001", "training", "", "2026-03-25 09:00", map[string]string{MentorOne: "registered"})
	w.ranUntil(t, reminders.SessionReminders, brussels("2026-03-23 17:00"))
	w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
	w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
	w.sql(t, "DELETE FROM _duo_reminder_runs", nil) // downtime: the next run looks 7 days back
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := reminders.NewPlanner(w.app, func() time.Time { return brussels("2026-03-24 18:07") })
			if _, err := p.Run(reminders.SessionReminders); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	w.at(t, brussels("2026-03-24 18:12"), reminders.SessionReminders)
	got := w.kindRows(t, notify.KindSessionReminder)
	keys := map[string]int{}
	for _, n := range got {
		keys[n.Key]++
	}
	want := []string{"session_reminder::" + MentorOne + ":sessioninfo0001.0", "session_reminder::" + MenteeTwo + ":sessioninfo0001.0",
		"session_reminder::" + MentorOne + ":sessiontrain001.0"}
	if len(got) != len(want) {
		t.Fatalf("%d reminders, want %d: %+v", len(got), len(want), got)
	}
	for _, k := range want {
		if keys[k] != 1 {
			t.Errorf("%s written %d times", k, keys[k])
		}
	}
}

// A session planned at 20:00 for tomorrow gets no reminder: its 18:00 has passed when it is
// planned (documented in SessionReminders), and a catch-up does not make one up either.
func TestSessionPlannedLateGetsNoReminder(t *testing.T) {
	w := newWorld(t, brussels("2026-03-23 20:00"))
	w.ranUntil(t, reminders.SessionReminders, brussels("2026-03-23 19:55"))
	w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 10:00", map[string]string{MentorOne: "invited"})
	w.at(t, brussels("2026-03-23 20:00"), reminders.SessionReminders)
	w.at(t, brussels("2026-03-24 09:00"), reminders.SessionReminders)
	if got := w.kindRows(t, notify.KindSessionReminder); len(got) != 0 {
		t.Fatalf("a late session was reminded: %+v", got)
	}
}

// recorder is a push sender that notes what it sends and when.
type recorder struct {
	mu   sync.Mutex
	now  func() time.Time
	sent []pushed
}

type pushed struct {
	at time.Time
	m  notify.Message
}

func (r *recorder) Send(_ context.Context, messages []notify.Message) []notify.Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]notify.Result, len(messages))
	for i, m := range messages {
		r.sent = append(r.sent, pushed{r.now(), m})
		out[i] = notify.Result{Class: notify.Delivered}
	}
	return out
}

// dispatcher sends the outbox through a recorder, dropping what Obsolete says.
func (w *world) dispatcher() (*notify.Dispatcher, *recorder) {
	r := &recorder{now: w.clock.Now}
	d := notify.NewDispatcher(w.app, r, w.clock.Now)
	d.Obsolete = reminders.Obsolete
	return d, r
}

func (w *world) send(t *testing.T, d *notify.Dispatcher, at time.Time) notify.Stats {
	t.Helper()
	w.clock.T = at
	stats, err := d.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

// A moved session: the reminder of the old time, still waiting, is dropped; the new time is
// reminded of once, under the new sequence.
func TestMovedSessionIsRemindedAtItsNewTime(t *testing.T) {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 18:30", map[string]string{MentorOne: "invited"})
	w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
	begins := brussels("2026-03-25 18:30")
	Change(t, w.app, Coord, "sessions", "sessioninfo0001", map[string]any{"starts_at": begins, "ends_at": begins.Add(time.Hour)})
	d, r := w.dispatcher()
	if s := w.send(t, d, brussels("2026-03-23 18:04")); s.Cancelled != 1 || len(r.sent) != 0 {
		t.Fatalf("the old time's reminder: %+v, %d pushed", s, len(r.sent))
	}
	w.at(t, brussels("2026-03-24 18:02"), reminders.SessionReminders)
	got := w.kindRows(t, notify.KindSessionReminder)
	if len(got) != 2 || got[1].Key != "session_reminder::"+MentorOne+":sessioninfo0001.1" || got[1].Due != stamp(utc("2026-03-24 17:00")) {
		t.Fatalf("outbox %+v", got)
	}
	w.send(t, d, brussels("2026-03-24 18:03"))
	if len(r.sent)+w.app.TestMailer.TotalSend() != 1 {
		t.Fatalf("the new time was not reminded of once: %d pushes, %d mails", len(r.sent), w.app.TestMailer.TotalSend())
	}
}

// What is dropped when its time comes: a reminder whose person was excused or whose session
// was cancelled meanwhile.
func TestSessionReminderObsolete(t *testing.T) {
	cases := []struct {
		name   string
		change func(w *world)
		reason string
	}{
		{"still true", func(*world) {}, ""},
		{"excused meanwhile", func(w *world) { w.line(t, "sessioninfo0001", MentorOne, "excused") },
			"the person is no longer expected (excused, absent or off the list)"},
		{"cancelled meanwhile", func(w *world) {
			Change(t, w.app, Coord, "sessions", "sessioninfo0001", map[string]any{"status": "cancelled"})
		}, "the session was cancelled"},
		{"moved meanwhile", func(w *world) {
			Change(t, w.app, Coord, "sessions", "sessioninfo0001", map[string]any{"place": "Online"})
		}, "the session was moved or changed: its new time is reminded of"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, brussels("2026-03-20 10:00"))
			w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 18:30", map[string]string{MentorOne: "invited"})
			w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
			c.change(w)
			d, _ := w.dispatcher()
			w.send(t, d, brussels("2026-03-23 18:03"))
			var status, reason string
			_ = w.app.DB().NewQuery("SELECT status, last_error FROM notifications WHERE kind = 'session_reminder'").Row(&status, &reason)
			if c.reason == "" && status != notify.StatusSent || c.reason != "" && (status != notify.StatusCancelled || reason != c.reason) {
				t.Errorf("status %s (%s)", status, reason)
			}
		})
	}
}
