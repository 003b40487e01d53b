package hooks_test

import (
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
)

// Nothing leaves through a REST delete what only an erasure may remove: a person (her
// consents would go by cascade, with no audit entry and no ledger line), a pseudonym or its
// profile (the figures would change), a duo (its signed agreement and history would go). Not
// for a coordinator, not for a superuser (the dashboard uses the same route); the erasure,
// in Go, still deletes the account.
func TestNothingEscapesTheErasure(t *testing.T) {
	records := "/api/collections/%s/records/"
	cases := []struct {
		name, caller, collection string
		id                       func(t *testing.T, app core.App) string
		status                   int
		want                     string
	}{
		{"a coordinator deleting a mentee without a duo is sent to the erasure", Coord, "users",
			fixed(FreeMentee), http.StatusForbidden, `"route":"/api/people/` + FreeMentee + `/erase"`},
		{"so is a superuser", Superuser, "users", fixed(FreeMentee), http.StatusForbidden, "POST /api/people/{id}/erase"},
		{"a superuser does not delete a pseudonym", Superuser, "users", pseudonym, http.StatusForbidden, "pseudonym is never deleted"},
		{"nor does its branch's coordinator", Coord, "users", pseudonym, http.StatusForbidden, `"status":403`},
		{"nor a pseudonym's profile", Superuser, "profiles", pseudonymProfile, http.StatusForbidden, "erasure"},
		{"nor a person's profile", Superuser, "profiles", func(t *testing.T, _ core.App) string { return Profile(t, FreeMentee) },
			http.StatusForbidden, "erasure"},
		{"nor a closed duo, with its history", Superuser, "duos", fixed(DuoClosed), http.StatusForbidden, "never deleted"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			Make(t, app, Coord, "consents", "consentfreemen1", map[string]any{"person": FreeMentee,
				"purpose": "programme", "state": "given", "text_version": "v1", "recorded_via": "paper"})
			id := c.id(t, app)
			before := counts(t, app)
			res := Send(t, Handler(t, app), c.caller, "DELETE", strings.Replace(records, "%s", c.collection, 1)+id, "")
			if res.Code != c.status || !strings.Contains(res.Body.String(), c.want) {
				t.Fatalf("%d %s", res.Code, res.Body)
			}
			if after := counts(t, app); !maps.Equal(after, before) {
				t.Errorf("records went: before %v, after %v", before, after)
			}
		})
	}
	t.Run("the erasure itself still deletes the account", func(t *testing.T) {
		app := App(t)
		if _, err := erasure.Erase(app, FreeMentee, "request", access.System(), Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := app.FindRecordById("users", FreeMentee); err == nil {
			t.Error("the account is still there")
		}
	})
}

func fixed(id string) func(*testing.T, core.App) string {
	return func(*testing.T, core.App) string { return id }
}

// pseudonym erases the mentee who never had a duo (nothing else holds her pseudonym) and
// answers her pseudonym's id.
func pseudonym(t *testing.T, app core.App) string {
	t.Helper()
	id, err := erasure.Erase(app, FreeMentee, "request", access.System(), Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func pseudonymProfile(t *testing.T, app core.App) string {
	t.Helper()
	profile, err := app.FindFirstRecordByData("profiles", "user", pseudonym(t, app))
	if err != nil {
		t.Fatal(err)
	}
	return profile.Id
}

// counts is how many records the collections a delete could reach hold.
func counts(t *testing.T, app core.App) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, c := range []string{"users", "profiles", "consents", "duos", "agreements", "meetings", "evaluations", "duo_events", "data_audit"} {
		var k int
		if err := app.DB().Select("COUNT(*)").From(c).Where(dbx.NewExp("1=1")).Row(&k); err != nil {
			t.Fatal(err)
		}
		n[c] = k
	}
	return n
}

// Truncating a collection of duo's deletes every record past every rule and the sync log:
// refused for all of them, superusers included. PocketBase's system collections keep
// PocketBase's behaviour.
func TestNoCollectionOfDuosIsTruncated(t *testing.T) {
	app := App(t)
	collections, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	for _, c := range collections {
		if !c.System && !c.IsView() {
			ours = append(ours, c.Name)
		}
	}
	if len(ours) < 15 {
		t.Fatalf("only %d collections of duo's: %v", len(ours), ours)
	}
	for _, name := range ours {
		t.Run(name, func(t *testing.T) {
			app := App(t)
			before := counts(t, app)
			res := Send(t, Handler(t, app), Superuser, "DELETE", "/api/collections/"+name+"/truncate", "")
			if res.Code != http.StatusForbidden || !strings.Contains(res.Body.String(), "never truncated") {
				t.Errorf("%d %s", res.Code, res.Body)
			}
			if after := counts(t, app); !maps.Equal(after, before) {
				t.Errorf("records went: before %v, after %v", before, after)
			}
		})
	}
	RunAll(t, []Call{
		{Name: "PocketBase's sign-in records are PocketBase's", Caller: Superuser, Method: "DELETE",
			URL: "/api/collections/" + core.CollectionNameAuthOrigins + "/truncate", Status: http.StatusNoContent},
		{Name: "a coordinator is refused by PocketBase itself", Caller: Coord, Method: "DELETE",
			URL: "/api/collections/consents/truncate", Status: http.StatusForbidden},
	})
}
