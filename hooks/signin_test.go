package hooks_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/people"
)

const refreshURL = "/api/collections/users/auth-refresh"

// After signing out, every token the person had (this device's and another's) answers 401;
// a new sign-in works.
func TestSignOutEndsEveryToken(t *testing.T) {
	cases := []struct {
		name, caller, collection, refresh string
	}{
		{"a mentee's phone", DuoMentee, "users", refreshURL},
		{"a coordinator's console", Coord, "users", refreshURL},
		{"an administrator", Superuser, core.CollectionNameSuperusers, "/api/collections/_superusers/auth-refresh"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			h := Handler(t, app)
			other := otherToken(t, app, c.caller, c.collection) // the same person on another device
			if res := Send(t, h, c.caller, "POST", c.refresh, ""); res.Code != http.StatusOK {
				t.Fatalf("before: %d %s", res.Code, res.Body)
			}
			if res := Send(t, h, c.caller, "POST", people.SignOutRoute, ""); res.Code != http.StatusNoContent {
				t.Fatalf("sign-out: %d %s", res.Code, res.Body)
			}
			for _, token := range []string{c.caller, other} {
				if res := Send(t, h, token, "POST", c.refresh, ""); res.Code != http.StatusUnauthorized {
					t.Errorf("an old token after sign-out: %d %s", res.Code, res.Body)
				}
			}
			fresh := otherToken(t, app, c.caller, c.collection)
			if res := Send(t, h, fresh, "POST", c.refresh, ""); res.Code != http.StatusOK {
				t.Errorf("a new sign-in: %d %s", res.Code, res.Body)
			}
		})
	}
	RunAll(t, []Call{{Name: "nobody signs out nobody", Caller: Anonymous, Method: "POST", URL: people.SignOutRoute, Status: 401}})
}

// otherToken signs the caller in anew, as from another device.
func otherToken(t *testing.T, app core.App, caller, collection string) string {
	t.Helper()
	id := caller
	if caller == Superuser {
		su, err := app.FindAuthRecordByEmail(collection, SuperuserEmail)
		if err != nil {
			t.Fatal(err)
		}
		id = su.Id
	}
	record, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	token, err := people.NewToken(record)
	if err != nil {
		t.Fatal(err)
	}
	return "token:" + token
}

// A coordinator's sign-in lasts StaffSignIn, a phone's the users collection's 30 days; a
// coordinator's token that would last longer (made before, or another way) is refused, at
// the minute.
func TestStaffSignInsAreShort(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	coord := Find(t, app, "users", Coord)
	lasting := func(d time.Duration) string {
		claims := jwt.MapClaims{core.TokenClaimType: core.TokenTypeAuth, core.TokenClaimId: coord.Id,
			core.TokenClaimCollectionId: coord.Collection().Id, core.TokenClaimRefreshable: true}
		token, err := security.NewJWT(claims, coord.TokenKey()+coord.Collection().AuthToken.Secret, d)
		if err != nil {
			t.Fatal(err)
		}
		return "token:" + token
	}
	thirtyDays, _ := coord.NewAuthToken()
	cases := []struct {
		name, caller string
		status       int
		lasts        time.Duration // of the token answered, when 200
	}{
		{"a coordinator's token as the server gives it", Coord, 200, people.StaffSignIn},
		{"one that lasts a moment less than the limit allows", lasting(people.StaffSignIn + 50*time.Second), 200, people.StaffSignIn},
		{"one that lasts a minute more", lasting(people.StaffSignIn + 2*time.Minute), 401, 0},
		{"a 30-day token of PocketBase's", "token:" + thirtyDays, 401, 0},
		{"an expired one", lasting(-time.Minute), 401, 0},
		{"a mentor's phone keeps 30 days", DuoMentor, 200, 30 * 24 * time.Hour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := Send(t, h, c.caller, "POST", refreshURL, "")
			if res.Code != c.status {
				t.Fatalf("%d %s", res.Code, res.Body)
			}
			if c.status == 200 {
				if got := lifeOf(t, res.Body.Bytes()); got < c.lasts-time.Minute || got > c.lasts {
					t.Errorf("the new token lasts %v, want %v", got, c.lasts)
				}
			}
		})
	}
	signIn := `{"identity":"` + Coord + `@test.example.org","password":"` + Password + `"}`
	res := Send(t, h, Anonymous, "POST", "/api/collections/users/auth-with-password", signIn)
	if res.Code != 200 || lifeOf(t, res.Body.Bytes()) > people.StaffSignIn {
		t.Errorf("a coordinator signing in: %d %s", res.Code, res.Body)
	}
}

// lifeOf is how long the token of an auth answer has left.
func lifeOf(t *testing.T, body []byte) time.Duration {
	t.Helper()
	var answer struct{ Token string }
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatal(err)
	}
	claims, err := security.ParseUnverifiedJWT(answer.Token)
	if err != nil {
		t.Fatal(err)
	}
	exp, _ := claims.GetExpirationTime()
	return time.Until(exp.Time)
}
