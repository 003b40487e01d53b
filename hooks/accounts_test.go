package hooks_test

import (
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// People do not change their own e-mail address through PocketBase's e-mail change routes,
// and the answer is the same whether the new address is taken or free.
func TestNoEmailChangeOfOnesOwn(t *testing.T) {
	request := "/api/collections/users/request-email-change"
	confirm := "/api/collections/users/confirm-email-change"
	answers := map[string]string{}
	for _, c := range []struct{ name, caller, url, body string }{
		{"to a taken address", DuoMentee, request, `{"newEmail":"` + MentorOne + `@test.example.org"}`},
		{"to a free address", DuoMentee, request, `{"newEmail":"amina.new@example.org"}`},
		{"by a coordinator", Coord, request, `{"newEmail":"claire.new@example.org"}`},
		{"by nobody signed in", Anonymous, request, `{"newEmail":"x@example.org"}`},
		{"a confirmation", Anonymous, confirm, `{"token":"made.up.token","password":"` + Password + `"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := Send(t, Handler(t, App(t)), c.caller, "POST", c.url, c.body)
			if rec.Code != 403 {
				t.Fatalf("got %d %s", rec.Code, rec.Body.String())
			}
			answers[c.name] = rec.Body.String()
		})
	}
	if taken, free := answers["to a taken address"], answers["to a free address"]; taken == "" || taken != free {
		t.Errorf("the answer tells a taken address from a free one:\n %s\n %s", taken, free)
	}
}
