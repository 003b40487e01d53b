package signup_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/duoforajob/duo/config"
	"github.com/duoforajob/duo/hooks"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/signup"
)

// The public list shows the coming information sessions of every branch, seats left as a
// yes/no, and nothing about who registered.
func TestSessionsList(t *testing.T) {
	w := newWorld(t)
	withRegistrant(t, w.app)
	rec := w.send(Anonymous, "GET", signup.SessionsRoute, "")
	expect(t, rec, http.StatusOK, infoSession, onlineSession, `"timezone":"Europe/Brussels"`, `"city":"Bruxelles"`,
		`"place":"Rue Haute 12, 1000 Bruxelles"`, `"online":true`, `"full":false`, `"keep_days":90`)
	for _, hidden := range []string{cancelled, pastSession, training, registrantEml, "Dupont", "meet.example.org", "capacity", "taken", registration} {
		if strings.Contains(rec.Body.String(), hidden) {
			t.Errorf("the public list shows %s: %s", hidden, rec.Body)
		}
	}
	// Its second seat taken, the session is full, and says only that.
	addRegistrant(t, w.app, "registration002", infoSession, "other@example.org", "mentor", true)
	expect(t, w.send(Anonymous, "GET", signup.SessionsRoute, ""), http.StatusOK, `"full":true`)
}

// DUO_JOIN_KEEP_DAYS reaches the list, which the page quotes (Prune gets the same option).
func TestKeepDaysSetting(t *testing.T) {
	app := AppWith(t, hooks.Options{Config: config.Config{JoinKeepDays: 30}})
	expect(t, Send(t, Handler(t, app), Anonymous, "GET", signup.SessionsRoute, ""), http.StatusOK, `"keep_days":30`)
}

// Each field is checked on the server, a 400 naming it with its code; nothing is stored.
func TestJoinValidation(t *testing.T) {
	cases := []struct {
		name   string
		change map[string]any
		field  string
		code   string
	}{
		{"no session", map[string]any{"session": nil}, "session", signup.CodeSession},
		{"an unknown session", map[string]any{"session": "nosuchsession01"}, "session", signup.CodeSession},
		{"a cancelled session", map[string]any{"session": cancelled}, "session", signup.CodeSession},
		{"a past session", map[string]any{"session": pastSession}, "session", signup.CodeSession},
		{"a training", map[string]any{"session": training}, "session", signup.CodeSession},
		{"no first name", map[string]any{"first_name": "  "}, "first_name", signup.CodeName},
		{"a first name of 61 letters", map[string]any{"first_name": strings.Repeat("a", 61)}, "first_name", signup.CodeName},
		{"markup in the last name", map[string]any{"last_name": "<b>Dupont</b>"}, "last_name", signup.CodeName},
		{"a link as last name", map[string]any{"last_name": "http://spam.example"}, "last_name", signup.CodeName},
		{"a last name of digits", map[string]any{"last_name": "12345"}, "last_name", signup.CodeName},
		{"a control character", map[string]any{"first_name": "Léa\u0007"}, "first_name", signup.CodeName},
		{"no e-mail", map[string]any{"email": ""}, "email", signup.CodeEmail},
		{"an e-mail without domain", map[string]any{"email": "lea@"}, "email", signup.CodeEmail},
		{"an e-mail with a name", map[string]any{"email": "Léa <lea@example.org>"}, "email", signup.CodeEmail},
		{"two e-mails", map[string]any{"email": "a@example.org,b@example.org"}, "email", signup.CodeEmail},
		{"a phone of letters", map[string]any{"phone": "call me"}, "phone", signup.CodePhone},
		{"a phone too short", map[string]any{"phone": "12"}, "phone", signup.CodePhone},
		{"no role", map[string]any{"role": nil}, "role", signup.CodeRole},
		{"the coordinator role", map[string]any{"role": "coordinator"}, "role", signup.CodeRole},
		{"German", map[string]any{"language": "de"}, "language", signup.CodeLanguage},
		{"no consent", map[string]any{"consent_contact": false}, "consent_contact", signup.CodeConsent},
		{"consent missing", map[string]any{"consent_contact": nil}, "consent_contact", signup.CodeConsent},
		{"consent as a string", map[string]any{"consent_contact": "yes"}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			rec := w.join(form(c.change))
			expect(t, rec, http.StatusBadRequest)
			if c.field != "" && !strings.Contains(rec.Body.String(), `"`+c.field+`":{"code":"`+c.code+`"`) {
				t.Errorf("the answer does not name %s with %s: %s", c.field, c.code, rec.Body)
			}
			if n := w.count("registrations", ""); n != 0 || w.app.TestMailer.TotalSend() != 0 {
				t.Errorf("%d registrations stored, %d mails sent", n, w.app.TestMailer.TotalSend())
			}
		})
	}
	t.Run("an empty phone is fine", func(t *testing.T) {
		w := newWorld(t)
		expect(t, w.join(form(map[string]any{"phone": nil})), http.StatusAccepted)
	})
}

// A robot fills the hidden field: it gets the answer everyone gets, and nothing is stored
// or sent.
func TestJoinHoneypot(t *testing.T) {
	person, robot := newWorld(t), newWorld(t)
	real := person.join(form(nil))
	caught := robot.join(form(map[string]any{"website": "https://spam.example"}))
	sameAnswer(t, real, caught)
	if n := robot.count("registrations", ""); n != 0 || robot.app.TestMailer.TotalSend() != 0 {
		t.Errorf("the robot's registration: %d stored, %d mails", n, robot.app.TestMailer.TotalSend())
	}
	if person.count("registrations", "") != 1 || person.app.TestMailer.TotalSend() != 1 {
		t.Error("the person's registration was not stored and mailed")
	}
}

// Two worlds that differ only in whether the address is known give the same answer: a new
// address, one registered for the session already, one confirmed, an account's, one that has
// had its mails of the day.
func TestJoinAnswersTheSameForEveryAddress(t *testing.T) {
	fresh := newWorld(t)
	baseline := fresh.join(form(nil))
	worlds := map[string]func(w *world) string{
		"already registered": func(w *world) string { w.join(form(nil)); return form(nil) },
		"already confirmed":  func(w *world) string { withRegistrant(t, w.app); return form(nil) },
		"an account's address": func(w *world) string {
			return form(map[string]any{"email": Coord + "@test.example.org"})
		},
		"over the mail limit": func(w *world) string {
			for range signup.MailsPerDay {
				w.join(form(nil))
			}
			return form(nil)
		},
		"in capitals": func(w *world) string {
			w.join(form(nil))
			return form(map[string]any{"email": strings.ToUpper(registrantEml)})
		},
	}
	for name, prepare := range worlds {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			sameAnswer(t, baseline, w.join(prepare(w)))
		})
	}
}

func sameAnswer(t testing.TB, a, b *httptest.ResponseRecorder) {
	t.Helper()
	if a.Code != b.Code || !bytes.Equal(a.Body.Bytes(), b.Body.Bytes()) {
		t.Errorf("two answers differ:\n %d %s\n %d %s", a.Code, a.Body, b.Code, b.Body)
	}
	if a.Code != http.StatusAccepted {
		t.Errorf("status %d, want 202", a.Code)
	}
}

// Registering again re-sends the mail, with a new link (the older stops working), instead of
// a second registration; an address gets MailsPerDay mails a day, then none until the day
// is over.
func TestJoinAgainResendsWithinTheLimit(t *testing.T) {
	w := newWorld(t)
	w.join(form(nil))
	first := w.lastToken()
	for range signup.MailsPerDay + 2 {
		expect(t, w.join(form(map[string]any{"first_name": "Mallory"})), http.StatusAccepted)
	}
	if n := w.count("registrations", ""); n != 1 {
		t.Fatalf("%d registrations, want 1", n)
	}
	if got := w.app.TestMailer.TotalSend(); got != signup.MailsPerDay {
		t.Errorf("%d mails, want %d", got, signup.MailsPerDay)
	}
	if r := Find(t, w.app, "registrations", w.onlyRegistration()); r.GetString("first_name") != "Léa" {
		t.Errorf("registering again changed the name to %q", r.GetString("first_name"))
	}
	expect(t, w.send(Anonymous, "POST", signup.ConfirmRoute, tokenBody(first)), http.StatusNotFound, signup.CodeExpired)
	expect(t, w.send(Anonymous, "POST", signup.ConfirmRoute, tokenBody(w.lastToken())), http.StatusOK)
	w.clock.T = w.clock.T.Add(24*time.Hour + time.Minute)
	w.join(form(nil))
	if got := w.app.TestMailer.TotalSend(); got != signup.MailsPerDay+1 {
		t.Errorf("a day later: %d mails, want %d", got, signup.MailsPerDay+1)
	}
}

func (w *world) onlyRegistration() string {
	w.t.Helper()
	records, err := w.app.FindAllRecords("registrations")
	if err != nil || len(records) != 1 {
		w.t.Fatalf("%d registrations (%v)", len(records), err)
	}
	return records[0].Id
}

// The mail is in the registrant's language, with the session's day and hours in its
// branch's zone, its place, and the link to the page; its HTML escapes what people typed.
func TestConfirmationMail(t *testing.T) {
	w := newWorld(t)
	w.join(form(map[string]any{"first_name": "Léa & Zoé"}))
	m := w.app.TestMailer.LastMessage()
	s := Find(t, w.app, "sessions", infoSession)
	when := signup.When("fr", s.GetDateTime("starts_at").Time(), s.GetDateTime("ends_at").Time(), "Europe/Brussels")
	for _, want := range []string{"Bonjour Léa & Zoé,", when, "Rue Haute 12, 1000 Bruxelles", "Confirmer mon inscription",
		"/join/?lang=fr#token=", "48 heures"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the mail lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.Contains(m.HTML, "Léa &amp; Zoé") || m.Subject != "DUO for a JOB : confirmez votre inscription" {
		t.Errorf("subject %q, HTML %s", m.Subject, m.HTML)
	}
	if m.To[0].Address != registrantEml {
		t.Errorf("sent to %v", m.To)
	}
	w.join(form(map[string]any{"session": onlineSession, "language": "nl", "email": "jan@example.org"}))
	if m := w.app.TestMailer.LastMessage(); !strings.Contains(m.Text, "Waar: online.") || strings.Contains(m.Text, "meet.example.org") {
		t.Errorf("the online session's mail:\n%s", m.Text)
	}
}

func TestWhenSpeaksEachLanguage(t *testing.T) {
	start := Brussels("2027-03-28 01:30") // the night clocks go forward in Brussels
	end := start.Add(2 * time.Hour)
	for locale, want := range map[string]string{
		"fr": "dimanche 28 mars 2027, 01:30 - 04:30",
		"nl": "zondag 28 maart 2027, 01:30 - 04:30",
		"en": "Sunday 28 March 2027, 01:30 - 04:30",
	} {
		if got := signup.When(locale, start, end, "Europe/Brussels"); got != want {
			t.Errorf("%s: %q, want %q", locale, got, want)
		}
	}
	if got := signup.When("fr", Brussels("2028-02-29 18:00"), Brussels("2028-02-29 20:00"), "Europe/Paris"); got != "mardi 29 février 2028, 18:00 - 20:00" {
		t.Errorf("29 February: %q", got)
	}
}

// PocketBase's rate limit holds one address to a few sign-ups in ten minutes.
func TestJoinRateLimit(t *testing.T) {
	w := newWorld(t)
	statuses := []int{}
	for i := range 7 {
		req := httptest.NewRequest("POST", signup.JoinRoute, strings.NewReader(form(map[string]any{"email": fmt.Sprintf("p%d@example.org", i)})))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "198.51.100.7:40000"
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		statuses = append(statuses, rec.Code)
	}
	signup.Flush(w.app)
	if statuses[4] != http.StatusAccepted || statuses[5] != http.StatusTooManyRequests {
		t.Errorf("statuses %v: want five 202 then 429", statuses)
	}
}
