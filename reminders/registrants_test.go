package reminders_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
	"github.com/duoforajob/duo/reminders"
)

// registrant signs someone up for a session through the public sign-up, as signup writes
// it; a confirmed one is on the session's list as registered.
func (w *world) registrant(t *testing.T, id, session, first, language string, confirmed bool) {
	t.Helper()
	c, err := w.app.FindCollectionByNameOrId("registrations")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Id = id
	r.Load(map[string]any{"branch": BranchBrussels, "session": session, "first_name": first, "last_name": "Dupont",
		"email": id + "@registrant.example.org", "role": "mentee", "language": language, "consent_contact": true,
		"mailed_at": w.clock.Now(), "token_hash": id})
	if confirmed {
		r.Set("confirmed_at", w.clock.Now())
	}
	if err := w.app.Save(r); err != nil {
		t.Fatal(err)
	}
	Make(t, w.app, Coord, "attendance", "", map[string]any{"session": session, "registration": id, "state": "registered"})
}

// A registrant who confirmed her address is reminded by mail, in her language, without the
// app's address (she has no account); one who did not confirm is not.
func TestRegistrantsAreRemindedByMail(t *testing.T) {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 18:30", nil)
	w.registrant(t, "registrantlea01", "sessioninfo0001", "Léa", "nl", true)
	w.registrant(t, "registrantnot01", "sessioninfo0001", "Noor", "fr", false)
	w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
	got := w.kindRows(t, notify.KindSessionReminder)
	if len(got) != 1 || got[0].Key != "session_reminder::registration.registrantlea01:sessioninfo0001.0" || got[0].User != "" ||
		got[0].Due != stamp(utc("2026-03-23 17:00")) {
		t.Fatalf("outbox %+v", got)
	}
	d, r := w.dispatcher()
	w.send(t, d, brussels("2026-03-23 18:03"))
	mails := w.app.TestMailer.Messages()
	if len(mails) != 1 || len(r.sent) != 0 {
		t.Fatalf("%d mails, %d pushes", len(mails), len(r.sent))
	}
	m := mails[0]
	if m.To[0].Address != "registrantlea01@registrant.example.org" || !strings.HasPrefix(m.Text, "Hallo Léa,\n") ||
		!strings.Contains(m.Text, "infosessie morgen, dinsdag 24/03, om 18:30") || strings.Contains(m.Text, "/app/") ||
		strings.Contains(m.Text, "Dupont") {
		t.Errorf("mail to %v:\n%s", m.To, m.Text)
	}
	if status, channel := w.channelOf(t, notify.KindSessionReminder); status != notify.StatusSent || channel != "mail" {
		t.Errorf("%s by %s", status, channel)
	}
}

// A registrant excused before the reminder leaves is not reminded; one marked absent is
// followed up with her host by first name, with the console's page of the session (she has
// no page of her own).
func TestRegistrantExcusedOrAbsent(t *testing.T) {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 18:30", nil)
	w.registrant(t, "registrantlea01", "sessioninfo0001", "Léa", "nl", true)
	w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
	line, err := w.app.FindFirstRecordByFilter("attendance", "registration = {:r}", dbx.Params{"r": "registrantlea01"})
	if err != nil {
		t.Fatal(err)
	}
	Change(t, w.app, Coord, "attendance", line.Id, map[string]any{"state": "excused"})
	d, _ := w.dispatcher()
	if s := w.send(t, d, brussels("2026-03-23 18:03")); s.Cancelled != 1 || w.app.TestMailer.TotalSend() != 0 {
		t.Fatalf("an excused registrant: %+v, %d mails", s, w.app.TestMailer.TotalSend())
	}
	w.clock.T = brussels("2026-03-24 21:00")
	Change(t, w.app, Coord, "attendance", line.Id, map[string]any{"state": "absent"})
	w.at(t, brussels("2026-03-25 09:02"), reminders.SessionNoShows)
	w.send(t, d, brussels("2026-03-25 09:03"))
	mails := w.app.TestMailer.Messages()
	if len(mails) != 1 || mails[0].To[0].Address != Coord+"@test.example.org" || !strings.Contains(mails[0].Text, "Léa a été noté·e absent·e") ||
		!strings.Contains(mails[0].Text, "/console/#session/sessioninfo0001") || strings.Contains(mails[0].Text, "registrant.example.org") ||
		strings.Contains(mails[0].Text, "Dupont") {
		t.Fatalf("%d mails: %+v", len(mails), mails)
	}
}

// A registration erased (cancelled by its link, or after the documented time) takes its
// reminders and the follow-ups naming it with it.
func TestRegistrantsNotificationsGoWithTheRegistration(t *testing.T) {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 10:00", nil)
	w.registrant(t, "registrantlea01", "sessioninfo0001", "Léa", "nl", true)
	w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
	line, err := w.app.FindFirstRecordByFilter("attendance", "registration = {:r}", dbx.Params{"r": "registrantlea01"})
	if err != nil {
		t.Fatal(err)
	}
	w.clock.T = brussels("2026-03-24 12:00")
	Change(t, w.app, Coord, "attendance", line.Id, map[string]any{"state": "absent"})
	w.at(t, brussels("2026-03-25 09:02"), reminders.SessionNoShows)
	if n := len(w.kindRows(t, notify.KindSessionReminder)) + len(w.kindRows(t, notify.KindSessionNoShow)); n != 2 {
		t.Fatalf("%d rows", n)
	}
	if err := w.app.Delete(Find(t, w.app, "registrations", "registrantlea01")); err != nil {
		t.Fatal(err)
	}
	if n := len(w.kindRows(t, notify.KindSessionReminder)) + len(w.kindRows(t, notify.KindSessionNoShow)); n != 0 {
		t.Fatalf("%d rows left", n)
	}
}
