package hooks_test

import (
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// No API answer is kept by a browser, a proxy or an HTTP cache: each says
// Cache-Control: no-store, personal data or not, error or not.
func TestEveryAPIAnswerIsNotStored(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	signIn := `{"identity":"` + MenteeOne + `@test.example.org","password":"` + Password + `"}`
	cases := []struct {
		caller, method, url, body string
		status                    int
	}{
		{Anonymous, "POST", "/api/collections/users/auth-with-password", signIn, 200},
		{DuoMentee, "POST", "/api/collections/users/auth-refresh", "", 200},
		{DuoMentee, "GET", "/api/collections/users/records", "", 200},
		{DuoMentee, "GET", "/api/collections/users/records/" + MentorOne, "", 200},
		{DuoMentee, "GET", "/api/collections/duos/records?expand=mentor,mentee", "", 200},
		{DuoMentee, "GET", "/api/collections/meetings/records", "", 200},
		{DuoMentee, "GET", "/api/collections/profiles/records", "", 200},
		{DuoMentee, "GET", "/api/sync/pull", "", 200},
		{DuoMentee, "GET", "/api/people/" + MenteeOne + "/export", "", 200},
		{Coord, "GET", "/api/console/people", "", 200},
		{Coord, "GET", "/api/console/overview", "", 200},
		{Coord, "GET", "/api/console/suggestions?mentee=" + FreeMentee, "", 200},
		{Coord, "GET", "/api/console/duos/" + DuoCompleted + "/evaluations", "", 200},
		{Coord, "GET", "/api/impact?by=quarter", "", 200},
		{Coord, "GET", "/api/impact.csv?by=quarter", "", 200},
		{Coord, "GET", "/api/collections/consents/records", "", 200},
		{Superuser, "GET", "/api/impact/export.csv", "", 200},
		{Superuser, "GET", "/api/collections/data_audit/records", "", 200},
		{DuoMentee, "GET", "/api/collections/users/records/" + MentorAntwerp, "", 404},
		{Anonymous, "GET", "/api/sync/pull", "", 401},
		{Anonymous, "GET", "/api/health", "", 200},
	}
	for _, c := range cases {
		t.Run(Callers[c.caller]+" "+c.method+" "+c.url, func(t *testing.T) {
			res := SendWith(t, h, c.caller, c.method, c.url, c.body, map[string]string{"X-Duo-Schema": "1"})
			if got := res.Header().Get("Cache-Control"); got != "no-store" || res.Code != c.status {
				t.Errorf("%d, Cache-Control %q", res.Code, got)
			}
		})
	}
}
