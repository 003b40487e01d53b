package reminders_test

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
	"github.com/duoforajob/duo/reminders"
)

// phone registers a device for a person.
func (w *world) phone(t *testing.T, user, token string) {
	t.Helper()
	if _, err := notify.Register(w.app, user, notify.Device{Token: token, Platform: "android"}, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
}

// channelOf is how the outbox says a kind's only row left.
func (w *world) channelOf(t *testing.T, kind string) (status, channel string) {
	t.Helper()
	if err := w.app.DB().NewQuery("SELECT status, channel FROM notifications WHERE kind = {:k}").
		Bind(dbx.Params{"k": kind}).Row(&status, &channel); err != nil {
		t.Fatal(err)
	}
	return status, channel
}

// Push to those with the app, mail to the others, decided when it leaves; in the person's
// language (Bart reads Dutch); the mail names the session, its place and the app.
func TestSessionReminderPushOrMail(t *testing.T) {
	cases := []struct {
		name           string
		phoneAtPlan    bool
		removedAtSend  bool
		addedAfterPlan bool
		wantPush       bool
	}{
		{"a phone: a push, no mail", true, false, false, true},
		{"no phone: a mail, no push", false, false, false, false},
		{"the phone removed before it left: a mail", true, true, false, false},
		{"a phone registered after it was planned: a push", false, false, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, brussels("2026-03-20 10:00"))
			if c.phoneAtPlan {
				w.phone(t, MentorTwo, "tokenbart")
			}
			w.session(t, "sessioninfo0001", "info_session", "", "2026-03-24 18:30", map[string]string{MentorTwo: "invited"})
			w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
			if c.removedAtSend {
				if _, err := notify.Unregister(w.app, MentorTwo, "tokenbart"); err != nil {
					t.Fatal(err)
				}
			}
			if c.addedAfterPlan {
				w.phone(t, MentorTwo, "tokenbart")
			}
			d, r := w.dispatcher()
			w.send(t, d, brussels("2026-03-23 18:03"))
			mails := w.app.TestMailer.Messages()
			status, channel := w.channelOf(t, notify.KindSessionReminder)
			if c.wantPush {
				if len(r.sent) != 1 || len(mails) != 0 || channel != "push" {
					t.Fatalf("%d pushes, %d mails, channel %q", len(r.sent), len(mails), channel)
				}
				m := r.sent[0].m
				if m.Title != "Morgen: infosessie" || m.Body != "Hallo Bart, tot morgen om 18:30, Rue Royale 1." ||
					m.Data["screen"] != "home" || m.Data["session"] != "sessioninfo0001" || m.Data["kind"] != "session_reminder" {
					t.Errorf("push %+v", m)
				}
				return
			}
			if len(r.sent) != 0 || len(mails) != 1 || status != notify.StatusSent || channel != "mail" {
				t.Fatalf("%d pushes, %d mails, %s by %q", len(r.sent), len(mails), status, channel)
			}
			m := mails[0]
			if m.To[0].Address != MentorTwo+"@test.example.org" || m.Subject != "DUO for a JOB: infosessie morgen om 18:30" {
				t.Errorf("mail to %v: %q", m.To, m.Subject)
			}
			for _, part := range []string{"Hallo Bart,", "Een herinnering: infosessie morgen, dinsdag 24/03, om 18:30.",
				"Waar: Rue Royale 1.", "/app/"} {
				if !strings.Contains(m.Text, part) || !strings.Contains(m.HTML, strings.ReplaceAll(part, "Hallo Bart,", "Hallo Bart,")) {
					t.Errorf("the mail lacks %q:\n%s\n%s", part, m.Text, m.HTML)
				}
			}
		})
	}
}

// A duo's meeting: the mail to the mentor names nobody else (not the mentee, not the title a
// coordinator gave it), and an online session says so with its link.
func TestSessionReminderMailNamesNoOtherPerson(t *testing.T) {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	begins := brussels("2026-03-24 10:00")
	w.sql(t, "UPDATE sessions SET status = 'cancelled'", nil) // the seeded duos' check-ins are not this test's
	Make(t, w.app, Coord, "sessions", "sessioncheckin1", map[string]any{"branch": BranchBrussels, "kind": "checkin",
		"duo": DuoOne, "starts_at": begins, "ends_at": begins.Add(time.Hour), "title": "Point Marc et Amina",
		"link": "https://meet.example.org/duo-one"})
	w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
	d, _ := w.dispatcher()
	w.send(t, d, brussels("2026-03-23 18:03"))
	mails := w.app.TestMailer.Messages()
	if len(mails) != 2 {
		t.Fatalf("%d mails", len(mails))
	}
	for _, m := range mails {
		self, other := "Marc", "Amina"
		if m.To[0].Address == MenteeOne+"@test.example.org" {
			self, other = other, self
		}
		all := m.Subject + m.Text + m.HTML
		if !strings.Contains(m.Text, "Bonjour "+self+",") || strings.Contains(all, other) || strings.Contains(all, "Mentee") ||
			strings.Contains(all, "Mentor ") {
			t.Errorf("mail to %s names someone else:\n%s", self, m.Text)
		}
		if !strings.Contains(m.Text, "Lieu : en ligne.") || !strings.Contains(m.HTML, `<a href="https://meet.example.org/duo-one">`) ||
			!strings.Contains(m.Text, "point de suivi demain, mardi 24/03, à 10:00.") {
			t.Errorf("mail:\n%s\n%s", m.Text, m.HTML)
		}
	}
}

// Quiet hours, never: sessions at every hour of a day, people in Brussels and New York, with
// and without phones, the planner and the dispatcher every ten minutes for three days. Every
// reminder leaves once, at 18:00 in its person's zone, never from 21:00 to 08:00 there.
func TestSessionRemindersSweepTheHours(t *testing.T) {
	w := newWorld(t, brussels("2026-03-20 10:00"))
	w.sql(t, "UPDATE users SET timezone = 'America/New_York' WHERE id IN ({:a}, {:b})", dbx.Params{"a": MenteeTwo, "b": FreeMentee})
	w.phone(t, MentorTwo, "tokenbart")
	w.phone(t, MenteeTwo, "tokenolga")
	people := map[string]string{MentorOne: "Europe/Brussels", MentorTwo: "Europe/Brussels", MenteeTwo: "America/New_York",
		FreeMentee: "America/New_York"}
	for hour := range 24 {
		id := "sessionsweep" + string(rune('a'+hour/10)) + string(rune('0'+hour%10)) + "x"
		lines := map[string]string{}
		for p := range people {
			lines[p] = "invited"
		}
		w.session(t, id, "info_session", "", time.Date(2026, 3, 28, hour, 15, 0, 0, time.UTC).Format("2006-01-02 15:04"), lines)
	}
	type delivery struct {
		user string
		at   time.Time
	}
	var deliveries []delivery
	w.app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		for _, to := range e.Message.To {
			deliveries = append(deliveries, delivery{strings.TrimSuffix(to.Address, "@test.example.org"), w.clock.Now()})
		}
		return e.Next()
	})
	d, r := w.dispatcher()
	w.ranUntil(t, reminders.SessionReminders, brussels("2026-03-26 00:00"))
	for at := brussels("2026-03-26 00:10"); at.Before(brussels("2026-03-29 06:00")); at = at.Add(10 * time.Minute) {
		w.at(t, at, reminders.SessionReminders)
		w.send(t, d, at)
	}
	users := map[string]string{"tokenbart": MentorTwo, "tokenolga": MenteeTwo}
	for _, p := range r.sent {
		deliveries = append(deliveries, delivery{users[p.m.Token], p.at})
	}
	if len(deliveries) != 24*len(people) {
		t.Fatalf("%d deliveries, want %d", len(deliveries), 24*len(people))
	}
	for _, got := range deliveries {
		local := got.at.In(mustZone(t, people[got.user]))
		if local.Hour() >= notify.QuietFrom || local.Hour() < notify.QuietTo || local.Hour() != 18 {
			t.Errorf("%s reached at %v local", got.user, local)
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// Two worlds that differ only in the title a coordinator gave a duo's check-in (one names
// the mentee): the mentor's push is the same in both, so it carries nothing of hers.
func TestSessionPushRevealsNoTitleOfADuosSession(t *testing.T) {
	pushOf := func(title string) notify.Message {
		w := newWorld(t, brussels("2026-03-20 10:00"))
		w.sql(t, "UPDATE sessions SET status = 'cancelled'", nil)
		w.phone(t, MentorOne, "tokenmarc")
		begins := brussels("2026-03-24 10:00")
		Make(t, w.app, Coord, "sessions", "sessioncheckin1", map[string]any{"branch": BranchBrussels, "kind": "checkin",
			"duo": DuoOne, "starts_at": begins, "ends_at": begins.Add(time.Hour), "title": title})
		w.at(t, brussels("2026-03-23 18:02"), reminders.SessionReminders)
		d, r := w.dispatcher()
		w.send(t, d, brussels("2026-03-23 18:03"))
		for _, p := range r.sent {
			if p.m.Token == "tokenmarc" {
				delete(p.m.Data, "notification_id")
				return p.m
			}
		}
		t.Fatal("no push to the mentor")
		return notify.Message{}
	}
	named, plain := pushOf("Point avec Amina El Idrissi"), pushOf("")
	if named.Title != plain.Title || named.Body != plain.Body || !maps.Equal(named.Data, plain.Data) {
		t.Errorf("the title shows through:\n%+v\n%+v", named, plain)
	}
	if named.Title != "Demain : point de suivi" || named.Body != "Bonjour Marc, rendez-vous demain à 10:00, en ligne." {
		t.Errorf("push %q %q", named.Title, named.Body)
	}
}
