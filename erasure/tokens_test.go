package erasure_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
)

// An erased person never has a working token: a superuser cannot impersonate a pseudonym,
// and a token of a pseudonym, however made, is no one's on every route (401 where a person
// is needed, what a stranger gets elsewhere).
func TestAPseudonymsTokenIsNobodys(t *testing.T) {
	app := App(t)
	pseudonym, err := erasure.Erase(app, MenteeClosed, "request", access.System(), Now())
	if err != nil {
		t.Fatal(err)
	}
	h := Handler(t, app)
	token := Login(t, app, pseudonym) // as a token minted in Go, or before the fix by impersonation
	cases := []struct {
		name, caller, method, url string
		status                    int
		want                      string
	}{
		{"a superuser does not impersonate a pseudonym", Superuser, "POST",
			"/api/collections/users/impersonate/" + pseudonym, http.StatusForbidden, "never signs in"},
		{"but still impersonates a person", Superuser, "POST",
			"/api/collections/users/impersonate/" + FreeMentee, http.StatusOK, `"token":`},
		{"its token does not refresh", token, "POST", "/api/collections/users/auth-refresh", http.StatusUnauthorized, ""},
		{"nor pull", token, "GET", "/api/sync/pull", http.StatusUnauthorized, ""},
		{"nor export", token, "GET", "/api/people/" + pseudonym + "/export", http.StatusUnauthorized, ""},
		{"nor register a phone", token, "POST", "/api/devices", http.StatusUnauthorized, ""},
		{"nor read the duo it stands in", token, "GET", "/api/collections/duos/records", http.StatusOK, `"totalItems":0`},
		{"nor itself", token, "GET", "/api/collections/users/records/" + pseudonym, http.StatusNotFound, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := SendWith(t, h, c.caller, c.method, c.url, "{}", map[string]string{"X-Duo-Schema": "1"})
			if res.Code != c.status || !strings.Contains(res.Body.String(), c.want) {
				t.Errorf("%d %s", res.Code, res.Body)
			}
		})
	}
}
