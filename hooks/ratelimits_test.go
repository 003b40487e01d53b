package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// from sends a request from a client address of its own (rate limits count per address).
func from(t *testing.T, h http.Handler, address, caller, method, url, body string) int {
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.RemoteAddr = address + ":40000"
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Duo-Schema", "1") // what the sync routes ask of every app
	for k, v := range Auth(t, caller) {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

const signIn = "/api/collections/users/auth-with-password"

// Rate limits are on from the start: sixty wrong passwords in a row meet a 429, while the
// staff of a branch office, signing in behind one address at nine, do not.
func TestRateLimits(t *testing.T) {
	t.Run("password guessing", func(t *testing.T) {
		h := Handler(t, App(t))
		codes := map[int]int{}
		for range 60 {
			codes[from(t, h, "198.51.100.7", Anonymous, "POST", signIn, `{"identity":"`+MenteeOne+`@test.example.org","password":"guess"}`)]++
		}
		if codes[http.StatusTooManyRequests] == 0 || codes[http.StatusBadRequest] > 20 {
			t.Fatalf("60 wrong passwords: %v", codes)
		}
	})
	t.Run("a branch office signing in", func(t *testing.T) {
		h := Handler(t, App(t))
		for _, p := range []string{CoordBrussels, CoordAntwerp, MentorOne, MenteeOne, MentorTwo, MenteeTwo, MentorProposed,
			MenteeProposed, MentorValidated, MenteeValidated, MentorCompleted, MenteeCompleted, MentorClosed, MenteeClosed,
			FreeMentor, FreeMentee, MentorAntwerp, MenteeAntwerp} {
			if code := from(t, h, "203.0.113.20", Anonymous, "POST", signIn, `{"identity":"`+p+`@test.example.org","password":"`+Password+`"}`); code != 200 {
				t.Fatalf("%s signing in: %d", p, code)
			}
		}
	})
	t.Run("a password reset asked again and again", func(t *testing.T) {
		h := Handler(t, App(t))
		limited := false
		for range 15 {
			limited = limited || from(t, h, "198.51.100.8", Anonymous, "POST", "/api/collections/users/request-password-reset",
				`{"email":"`+MenteeOne+`@test.example.org"}`) == http.StatusTooManyRequests
		}
		if !limited {
			t.Fatal("15 resets in a row were all sent")
		}
	})
	t.Run("sync flooding", func(t *testing.T) {
		h := Handler(t, App(t))
		codes := map[int]int{}
		for range 150 {
			codes[from(t, h, "198.51.100.9", DuoMentee, "GET", "/api/sync/pull?limit=1", "")]++
		}
		if codes[http.StatusTooManyRequests] == 0 || codes[http.StatusOK] < 100 {
			t.Fatalf("150 pulls in a row: %v", codes)
		}
	})
	t.Run("a phone catching up", func(t *testing.T) {
		h := Handler(t, App(t))
		for i := range 60 {
			if code := from(t, h, "198.51.100.10", DuoMentee, "GET", "/api/sync/pull?limit=1", ""); code != 200 {
				t.Fatalf("pull %d: %d", i, code)
			}
		}
	})
}
