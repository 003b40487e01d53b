package signup_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sessions"
	"github.com/duoforajob/duo/signup"
)

// registered is a world with one unconfirmed registration for session; it answers the token.
func registered(t *testing.T, session string) (*world, string) {
	w := newWorld(t)
	expect(t, w.join(form(map[string]any{"session": session})), http.StatusAccepted)
	return w, w.lastToken()
}

func (w *world) confirm(token string) *httptest.ResponseRecorder {
	return w.send(Anonymous, "POST", signup.ConfirmRoute, tokenBody(token))
}

// Confirming puts the registrant on the session's list as registered, once; the link works
// for 48 hours, on a session that still takes people.
func TestConfirm(t *testing.T) {
	t.Run("confirms and takes a seat", func(t *testing.T) {
		w, token := registered(t, infoSession)
		expect(t, w.confirm(token), http.StatusOK, `"status":"confirmed"`, `"first_name":"Léa"`, `"place":"Rue Haute 12, 1000 Bruxelles"`)
		r := Find(t, w.app, "registrations", w.onlyRegistration())
		if r.GetDateTime("confirmed_at").IsZero() {
			t.Error("not confirmed")
		}
		if n := w.count("attendance", `registration = "`+r.Id+`" && state = "registered" && person = ""`); n != 1 {
			t.Errorf("%d lines on the list, want 1", n)
		}
	})
	t.Run("a second click answers the same and adds nothing", func(t *testing.T) {
		w, token := registered(t, infoSession)
		first := w.confirm(token)
		second := w.confirm(token)
		if first.Body.String() != second.Body.String() || second.Code != http.StatusOK {
			t.Errorf("second click: %d %s", second.Code, second.Body)
		}
		if n := w.count("attendance", `registration != ""`); n != 1 {
			t.Errorf("%d lines", n)
		}
	})
	t.Run("still works after 47 hours", func(t *testing.T) {
		w, token := registered(t, infoSession)
		w.clock.T = w.clock.T.Add(47 * time.Hour)
		expect(t, w.confirm(token), http.StatusOK)
	})
	t.Run("expired after 48 hours", func(t *testing.T) {
		w, token := registered(t, infoSession)
		w.clock.T = w.clock.T.Add(signup.ConfirmWithin + time.Minute)
		expect(t, w.confirm(token), http.StatusNotFound, `"token":{"code":"`+signup.CodeExpired+`"`)
	})
	t.Run("a confirmed registration's link keeps working after 48 hours", func(t *testing.T) {
		w, token := registered(t, infoSession)
		w.confirm(token)
		w.clock.T = w.clock.T.Add(60 * time.Hour)
		expect(t, w.confirm(token), http.StatusOK)
	})
	for name, token := range map[string]string{"an unknown token": "bm90IGEgdG9rZW4", "no token": "", "a long token": strings.Repeat("a", 200)} {
		t.Run(name, func(t *testing.T) {
			w, _ := registered(t, infoSession)
			expect(t, w.confirm(token), http.StatusNotFound, signup.CodeExpired)
		})
	}
	t.Run("a session cancelled since", func(t *testing.T) {
		w, token := registered(t, infoSession)
		Change(t, w.app, Coord, "sessions", infoSession, map[string]any{"status": sessions.Cancelled})
		expect(t, w.confirm(token), http.StatusConflict, `"session":{"code":"`+signup.CodeCancelled+`"`)
		if n := w.count("attendance", `registration != ""`); n != 0 {
			t.Errorf("%d lines on a cancelled session", n)
		}
	})
	t.Run("a session that started since", func(t *testing.T) {
		w := newWorld(t)
		Change(t, w.app, Coord, "sessions", infoSession, map[string]any{"starts_at": stamp(10), "ends_at": stamp(12)})
		w.join(form(nil))
		token := w.lastToken()
		w.clock.T = Find(t, w.app, "sessions", infoSession).GetDateTime("starts_at").Time()
		expect(t, w.confirm(token), http.StatusConflict, signup.CodePast)
	})
	t.Run("a session full since", func(t *testing.T) {
		w, token := registered(t, infoSession)
		Make(t, w.app, Coord, "attendance", "", map[string]any{"session": infoSession, "person": MenteeOne, "state": sessions.Registered})
		Make(t, w.app, Coord, "attendance", "", map[string]any{"session": infoSession, "person": MenteeTwo, "state": sessions.Registered})
		rec := w.confirm(token)
		expect(t, rec, http.StatusConflict, `"session":{"code":"`+signup.CodeFull+`"`, "Bruxelles")
		if r := Find(t, w.app, "registrations", w.onlyRegistration()); !r.GetDateTime("confirmed_at").IsZero() {
			t.Error("confirmed without a seat")
		}
	})
}

// Two registrants confirm at the same moment for the last seat: one gets it, the other is
// told the session is full.
func TestConfirmLastSeatOnce(t *testing.T) {
	w := newWorld(t)
	Make(t, w.app, Coord, "attendance", "", map[string]any{"session": infoSession, "person": MenteeOne, "state": sessions.Registered})
	tokens := []string{}
	for _, email := range []string{"a@example.org", "b@example.org"} {
		w.join(form(map[string]any{"email": email}))
		tokens = append(tokens, w.lastToken())
	}
	codes := make([]int, len(tokens))
	var wg sync.WaitGroup
	for i, token := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = Send(t, w.h, Anonymous, "POST", signup.ConfirmRoute, tokenBody(token)).Code
		}()
	}
	wg.Wait()
	if !(codes[0] == 200 && codes[1] == 409) && !(codes[0] == 409 && codes[1] == 200) {
		t.Errorf("statuses %v, want one 200 and one 409", codes)
	}
	if n := w.count("attendance", `session = "`+infoSession+`" && state = "registered"`); n != 2 {
		t.Errorf("%d seats taken of 2", n)
	}
}

// The same link cancels: the registration and its line go; a second cancel finds nothing; a
// registrant already turned into a person asks their coordinator.
func TestCancel(t *testing.T) {
	t.Run("before confirming", func(t *testing.T) {
		w, token := registered(t, infoSession)
		expect(t, w.send(Anonymous, "POST", signup.CancelRoute, tokenBody(token)), http.StatusOK, `"status":"cancelled"`)
		if n := w.count("registrations", ""); n != 0 {
			t.Errorf("%d registrations left", n)
		}
	})
	t.Run("after confirming, the seat is freed", func(t *testing.T) {
		w, token := registered(t, infoSession)
		w.confirm(token)
		expect(t, w.send(Anonymous, "POST", signup.CancelRoute, tokenBody(token)), http.StatusOK)
		if n := w.count("registrations", "") + w.count("attendance", `session = "`+infoSession+`"`); n != 0 {
			t.Errorf("%d records left", n)
		}
		expect(t, w.send(Anonymous, "POST", signup.CancelRoute, tokenBody(token)), http.StatusNotFound, signup.CodeExpired)
		expect(t, w.confirm(token), http.StatusNotFound, signup.CodeExpired)
	})
	t.Run("once a person", func(t *testing.T) {
		w, token := registered(t, infoSession)
		w.confirm(token)
		expect(t, w.send(Coord, "POST", convertURL(w.onlyRegistration()), ""), http.StatusOK)
		expect(t, w.send(Anonymous, "POST", signup.CancelRoute, tokenBody(token)), http.StatusConflict, signup.CodeConverted)
	})
	t.Run("an unconfirmed registration's link after 48 hours", func(t *testing.T) {
		w, token := registered(t, infoSession)
		w.clock.T = w.clock.T.Add(49 * time.Hour)
		expect(t, w.send(Anonymous, "POST", signup.CancelRoute, tokenBody(token)), http.StatusNotFound, signup.CodeExpired)
	})
}
