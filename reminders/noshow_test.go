package reminders_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
	"github.com/duoforajob/duo/reminders"
)

// noShowWorld: an information session on Tuesday 24 March at 10:00 in Brussels, hosted by
// the branch's coordinator (French), with Marc registered and marked absent at noon.
func noShowWorld(t *testing.T) *world {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 10:00", map[string]string{MentorOne: "registered", MenteeTwo: "registered"})
	w.clock.T = brussels("2026-03-24 12:00")
	w.line(t, "sessioninfo0001", MentorOne, "absent")
	w.line(t, "sessioninfo0001", MenteeTwo, "attended")
	return w
}

// The host gets one mail the next morning at 09:00 (the branch's time), naming the session
// and the person's first name, with the console's link to her and not her contact details;
// none when the line says attended or excused before it leaves, none for a cancelled session.
func TestNoShowFollowUp(t *testing.T) {
	cases := []struct {
		name      string
		before    func(t *testing.T, w *world) // before planning
		meanwhile func(t *testing.T, w *world) // between planning and sending
		mailed    bool
	}{
		{"absent: the host is told", nil, nil, true},
		{"attended before it leaves: nothing", nil, func(t *testing.T, w *world) { w.line(t, "sessioninfo0001", MentorOne, "attended") }, false},
		{"excused before it leaves: nothing", nil, func(t *testing.T, w *world) { w.line(t, "sessioninfo0001", MentorOne, "excused") }, false},
		{"excused before it is planned: nothing", func(t *testing.T, w *world) { w.line(t, "sessioninfo0001", MentorOne, "excused") }, nil, false},
		{"back and forth, absent in the end: one mail", nil, func(t *testing.T, w *world) {
			w.line(t, "sessioninfo0001", MentorOne, "attended")
			w.line(t, "sessioninfo0001", MentorOne, "absent")
		}, true},
		{"a cancelled session: nothing", func(t *testing.T, w *world) {
			Change(t, w.app, Coord, "sessions", "sessioninfo0001", map[string]any{"status": "cancelled"})
		}, nil, false},
		{"cancelled after it was planned: nothing", nil, func(t *testing.T, w *world) {
			Change(t, w.app, Coord, "sessions", "sessioninfo0001", map[string]any{"status": "cancelled"})
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := noShowWorld(t)
			if c.before != nil {
				c.before(t, w)
			}
			w.at(t, brussels("2026-03-25 08:58"), reminders.SessionNoShows)
			if got := w.kindRows(t, notify.KindSessionNoShow); len(got) != 0 {
				t.Fatalf("planned before 09:00: %+v", got)
			}
			w.at(t, brussels("2026-03-25 09:02"), reminders.SessionNoShows)
			if got := w.kindRows(t, notify.KindSessionNoShow); c.before != nil && len(got) != 0 {
				t.Fatalf("planned: %+v", got)
			}
			if c.meanwhile != nil {
				c.meanwhile(t, w)
			}
			d, r := w.dispatcher()
			w.send(t, d, brussels("2026-03-25 09:03"))
			mails := w.app.TestMailer.Messages()
			if !c.mailed {
				if len(mails) != 0 {
					t.Fatalf("mailed: %q", mails[0].Subject)
				}
				return
			}
			if len(mails) != 1 || len(r.sent) != 0 {
				t.Fatalf("%d mails, %d pushes", len(mails), len(r.sent))
			}
			got := w.kindRows(t, notify.KindSessionNoShow)
			if got[0].User != Coord || got[0].Due != stamp(utc("2026-03-25 08:00")) {
				t.Errorf("row %+v", got[0])
			}
			m := mails[0]
			all := m.Subject + m.Text + m.HTML
			if m.To[0].Address != Coord+"@test.example.org" || m.Subject != "DUO for a JOB : Marc n'est pas venu·e le 24/03" ||
				!strings.Contains(m.Text, "Marc a été noté·e absent·e : séance d'information du mardi 24/03 à 10:00.") ||
				!strings.Contains(m.HTML, `/console/#person/`+MentorOne+`">`) ||
				strings.Contains(all, MentorOne+"@") || strings.Contains(all, "Marc Mentor") || strings.Contains(all, "Olga") {
				t.Errorf("mail to %v %q:\n%s\n%s", m.To, m.Subject, m.Text, m.HTML)
			}
		})
	}
}

// Once per line: planned again the next mornings, and the line marked absent again after
// the mail left, the host is told once.
func TestNoShowOncePerLine(t *testing.T) {
	w := noShowWorld(t)
	d, _ := w.dispatcher()
	w.at(t, brussels("2026-03-25 09:02"), reminders.SessionNoShows)
	w.at(t, brussels("2026-03-25 09:02"), reminders.SessionNoShows)
	w.send(t, d, brussels("2026-03-25 09:03"))
	w.line(t, "sessioninfo0001", MentorOne, "attended")
	w.line(t, "sessioninfo0001", MentorOne, "absent")
	w.sql(t, "DELETE FROM _duo_reminder_runs", nil) // and a catch-up over the whole week
	w.at(t, brussels("2026-03-26 09:02"), reminders.SessionNoShows)
	w.send(t, d, brussels("2026-03-26 09:03"))
	if n := w.app.TestMailer.TotalSend(); n != 1 {
		t.Fatalf("%d mails", n)
	}
	if got := w.kindRows(t, notify.KindSessionNoShow); len(got) != 1 {
		t.Fatalf("outbox %+v", got)
	}
}

// Quiet hours apply to mail: a host living in Los Angeles, where 09:00 in Brussels is
// midnight, gets the mail at 08:00 there.
func TestNoShowWaitsForTheHostsMorning(t *testing.T) {
	w := noShowWorld(t)
	w.sql(t, "UPDATE users SET timezone = 'America/Los_Angeles' WHERE id = {:id}", dbx.Params{"id": Coord})
	d, _ := w.dispatcher()
	w.at(t, brussels("2026-03-25 09:02"), reminders.SessionNoShows)
	w.send(t, d, brussels("2026-03-25 09:03"))
	if n := w.app.TestMailer.TotalSend(); n != 0 {
		t.Fatalf("mailed at midnight in Los Angeles")
	}
	w.send(t, d, utc("2026-03-25 14:59"))
	w.send(t, d, utc("2026-03-25 15:00")) // 08:00 PDT
	if n := w.app.TestMailer.TotalSend(); n != 1 {
		t.Fatalf("%d mails at 08:00 in Los Angeles", n)
	}
}

// The morning after: a session at 08:00 marked at 08:30 is followed up the next day, not at
// 09:00 the same morning; a line marked days later, the morning after it was marked (the
// Sunday of the spring change: 09:00 CEST), and not after a week.
func TestNoShowTheMorningAfter(t *testing.T) {
	cases := []struct {
		name, starts string
		marked       string
		plans        []string // Brussels wall clock
		want         string   // due, UTC; "" for none
	}{
		{"an early session: not the same morning", "2026-03-24 08:00", "2026-03-24 08:30",
			[]string{"2026-03-24 09:02", "2026-03-25 09:02"}, "2026-03-25 08:00"},
		{"marked four days later, the morning after the change", "2026-03-24 10:00", "2026-03-28 15:00",
			[]string{"2026-03-28 15:05", "2026-03-29 09:02"}, "2026-03-29 07:00"},
		{"marked eight days later: none", "2026-03-24 10:00", "2026-04-01 15:00",
			[]string{"2026-04-01 15:05", "2026-04-02 09:02"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, brussels("2026-03-20 10:00"))
			w.session(t, "sessioninfo0001", "info_session", "", c.starts, map[string]string{MentorOne: "registered"})
			w.clock.T = brussels(c.marked)
			w.line(t, "sessioninfo0001", MentorOne, "absent")
			w.ranUntil(t, reminders.SessionNoShows, brussels(c.marked))
			for _, at := range c.plans {
				w.at(t, brussels(at), reminders.SessionNoShows)
			}
			got := w.kindRows(t, notify.KindSessionNoShow)
			if c.want == "" {
				if len(got) != 0 {
					t.Fatalf("followed up: %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Due != stamp(utc(c.want)) || got[0].User != Coord {
				t.Fatalf("outbox %+v, want one due %s", got, c.want)
			}
		})
	}
}

// A follow-up names someone who is not its recipient: erasing that person takes it with
// them, sent or not (no first name of theirs stays in the outbox for a year).
func TestNoShowGoesWithTheErasedPerson(t *testing.T) {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 10:00", map[string]string{FreeMentor: "registered", MenteeTwo: "registered"})
	w.clock.T = brussels("2026-03-24 12:00")
	w.line(t, "sessioninfo0001", FreeMentor, "absent")
	w.line(t, "sessioninfo0001", MenteeTwo, "absent")
	w.at(t, brussels("2026-03-25 09:02"), reminders.SessionNoShows)
	d, _ := w.dispatcher()
	w.send(t, d, brussels("2026-03-25 09:03"))
	if _, err := erasure.Erase(w.app, FreeMentor, "request", access.System(), w.clock.T); err != nil {
		t.Fatal(err)
	}
	var payloads []string
	if err := w.app.DB().NewQuery("SELECT payload FROM notifications WHERE kind = 'session_noshow'").Column(&payloads); err != nil {
		t.Fatal(err)
	}
	if len(payloads) != 1 || !strings.Contains(payloads[0], "Olga") || strings.Contains(strings.Join(payloads, ""), "Paul") {
		t.Fatalf("left in the outbox: %v", payloads)
	}
}
