package notify_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/fcmfake"
	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
)

// reminder enqueues a session reminder to user on a channel, due now.
func (w *world) reminder(t *testing.T, user, channel string, params map[string]string) notify.Notification {
	t.Helper()
	n := notify.Notification{User: user, Kind: notify.KindSessionReminder, Period: "sessioninfo0001.0",
		Params: params, Target: map[string]string{"screen": "home", "session": "sessioninfo0001", "sequence": "0"},
		Due: w.clock.T, Expires: w.clock.T.Add(24 * time.Hour), Channel: channel}
	if created, err := notify.Enqueue(w.app, n); err != nil || created != 1 {
		t.Fatalf("enqueue: created %d, %v", created, err)
	}
	return n
}

var sessionParams = map[string]string{"session_kind": "session.training", "time": "18:30", "date": "24/03",
	"weekday": "tuesday", "place": "Rue Royale 1", "app_path": "/app/"}

// The channel decides at sending: a push to a phone, a mail without one, a mail always for
// ChannelMail, and a plain push (the default) never becomes a mail.
func TestMailChannel(t *testing.T) {
	cases := []struct {
		name      string
		channel   string
		phone     bool
		pushes    int
		mails     int
		status    string
		sentBy    string
		lastError string
	}{
		{"push or mail, with a phone: a push", notify.ChannelPushElseMail, true, 1, 0, notify.StatusSent, "push", ""},
		{"push or mail, without: a mail", notify.ChannelPushElseMail, false, 0, 1, notify.StatusSent, "mail", ""},
		{"mail, even with a phone", notify.ChannelMail, true, 0, 1, notify.StatusSent, "mail", ""},
		{"push only, without a phone: no mail", notify.ChannelPush, false, 0, 0, notify.StatusFailed, "", "no registered device"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, brussels("2026-03-23 18:00"))
			if c.phone {
				w.device(t, testkit.MentorTwo, "tok-bart", "android", "")
			}
			n := w.reminder(t, testkit.MentorTwo, c.channel, sessionParams)
			w.run(t)
			row := w.row(t, n)
			if got := len(w.fake.Received()); got != c.pushes || w.app.TestMailer.TotalSend() != c.mails ||
				row.GetString("status") != c.status || row.GetString("channel") != c.sentBy || row.GetString("last_error") != c.lastError {
				t.Fatalf("%d pushes, %d mails, %s by %q (%s)", got, w.app.TestMailer.TotalSend(), row.GetString("status"),
					row.GetString("channel"), row.GetString("last_error"))
			}
			if c.mails == 1 {
				m := w.app.TestMailer.LastMessage()
				if m.Subject != "DUO for a JOB: opleiding voor mentors morgen om 18:30" || m.Headers["X-Duo-Notification"] != row.Id ||
					!strings.Contains(m.HTML, `/app/">`) {
					t.Errorf("mail %q %v:\n%s", m.Subject, m.Headers, m.HTML)
				}
			}
		})
	}
}

// Firebase says every phone of the person is gone: the phones are removed and the reminder
// leaves as a mail instead, once.
func TestDeadPhonesFallBackToMail(t *testing.T) {
	w := newWorld(t, brussels("2026-03-23 18:00"))
	w.device(t, testkit.MentorTwo, "tok-dead", "android", "")
	w.fake.Respond("tok-dead", fcmfake.Unregistered)
	n := w.reminder(t, testkit.MentorTwo, notify.ChannelPushElseMail, sessionParams)
	w.run(t)
	w.run(t)
	row := w.row(t, n)
	if w.devices(t, testkit.MentorTwo) != 0 || w.app.TestMailer.TotalSend() != 1 || row.GetString("channel") != "mail" ||
		row.GetString("status") != notify.StatusSent || row.GetInt("attempts") != 1 {
		t.Fatalf("%d devices, %d mails, %s by %q after %d attempts", w.devices(t, testkit.MentorTwo), w.app.TestMailer.TotalSend(),
			row.GetString("status"), row.GetString("channel"), row.GetInt("attempts"))
	}
}

// A mail server that refuses is retried with the push's backoff, and the mail leaves once it
// takes it.
func TestMailFailureIsRetried(t *testing.T) {
	w := newWorld(t, brussels("2026-03-23 18:00"))
	refuse := true
	w.app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		if refuse {
			return errors.New("421 try again later")
		}
		return e.Next()
	})
	n := w.reminder(t, testkit.MentorTwo, notify.ChannelMail, sessionParams)
	if s := w.run(t); s.Retried != 1 {
		t.Fatalf("stats %+v", s)
	}
	row := w.row(t, n)
	if row.GetString("status") != notify.StatusPending || !strings.Contains(row.GetString("last_error"), "421") {
		t.Fatalf("%s (%s)", row.GetString("status"), row.GetString("last_error"))
	}
	refuse = false
	w.clock.T = w.clock.T.Add(time.Hour)
	w.run(t)
	if row = w.row(t, n); row.GetString("status") != notify.StatusSent || w.app.TestMailer.TotalSend() != 1 {
		t.Fatalf("%s, %d mails", row.GetString("status"), w.app.TestMailer.TotalSend())
	}
}

// What a coordinator typed is text in the HTML mail, never markup; only an http(s) video
// link becomes a link.
func TestMailEscapesWhatPeopleTyped(t *testing.T) {
	w := newWorld(t, brussels("2026-03-23 18:00"))
	params := map[string]string{"session_kind": "session.info_session", "time": "18:30", "date": "24/03", "weekday": "tuesday",
		"place": `<img src=x onerror=alert(1)> "Café"`, "title": "<b>Soirée</b>", "link": "javascript:alert(1)"}
	w.reminder(t, testkit.MenteeTwo, notify.ChannelMail, params)
	w.run(t)
	m := w.app.TestMailer.LastMessage()
	if strings.Contains(m.HTML, "<img") || strings.Contains(m.HTML, "<b>") || strings.Contains(m.HTML, `href="javascript`) ||
		!strings.Contains(m.HTML, "&lt;img src=x onerror=alert(1)&gt;") || !strings.Contains(m.Text, "Where: <img src=x") {
		t.Errorf("mail:\n%s\n%s", m.Text, m.HTML)
	}
}
