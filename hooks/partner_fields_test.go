package hooks_test

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// A person reads of an account that is neither hers nor one her branch's staff look after
// (a duo partner, her coordinator) its id, name, role and erased_at: the same through a
// REST view, a list, an expand and a sync pull. Herself, her coordinator and administrators
// read the whole account.
func TestAPartnerReadsNameAndRoleOnly(t *testing.T) {
	public := []string{"collectionId", "collectionName", "erased_at", "id", "name", "role"}
	app := App(t)
	h := Handler(t, app)
	account := func(t *testing.T, caller, url string, pick func(body []byte) json.RawMessage) []string {
		t.Helper()
		res := SendWith(t, h, caller, "GET", url, "", map[string]string{"X-Duo-Schema": "1"}) // the app's sync contract
		if res.Code != 200 {
			t.Fatalf("%s: %d %s", url, res.Code, res.Body)
		}
		var fields map[string]any
		if err := json.Unmarshal(pick(res.Body.Bytes()), &fields); err != nil {
			t.Fatalf("%s: %v in %s", url, err, res.Body)
		}
		return slices.Sorted(maps.Keys(fields))
	}
	whole := func(body []byte) json.RawMessage { return body }
	item := func(id string) func([]byte) json.RawMessage {
		return func(body []byte) json.RawMessage {
			var list struct{ Items []json.RawMessage }
			_ = json.Unmarshal(body, &list)
			for _, it := range list.Items {
				var r struct{ ID string }
				if json.Unmarshal(it, &r) == nil && r.ID == id {
					return it
				}
			}
			return nil
		}
	}
	expanded := func(body []byte) json.RawMessage {
		var d struct {
			Expand struct{ Mentor json.RawMessage }
		}
		_ = json.Unmarshal(body, &d)
		return d.Expand.Mentor
	}
	pulled := func(id string) func([]byte) json.RawMessage {
		return func(body []byte) json.RawMessage {
			var page struct {
				Changes []struct {
					ID     string
					Record json.RawMessage
				}
			}
			_ = json.Unmarshal(body, &page)
			for _, c := range page.Changes {
				if c.ID == id {
					return c.Record
				}
			}
			return nil
		}
	}
	mentor := "/api/collections/users/records/" + MentorOne
	cases := []struct {
		name, caller, url string
		pick              func([]byte) json.RawMessage
		public            bool
	}{
		{"her partner, viewed", DuoMentee, mentor, whole, true},
		{"her partner, listed", DuoMentee, "/api/collections/users/records?perPage=100", item(MentorOne), true},
		{"her partner, expanded from their duo", DuoMentee, "/api/collections/duos/records/" + DuoOne + "?expand=mentor", expanded, true},
		{"her partner, pulled", DuoMentee, "/api/sync/pull?limit=1000", pulled(MentorOne), true},
		{"her coordinator", DuoMentee, "/api/collections/users/records/" + CoordBrussels, whole, true},
		{"herself, whole", DuoMentee, "/api/collections/users/records/" + MenteeOne, whole, false},
		{"the partner's coordinator, whole", Coord, mentor, whole, false},
		{"an administrator, whole", Superuser, mentor, whole, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := account(t, c.caller, c.url, c.pick)
			if c.public && !slices.Equal(got, public) {
				t.Errorf("reads %v, want %v", got, public)
			}
			if !c.public && (!slices.Contains(got, "branch") || !slices.Contains(got, "timezone") || !slices.Contains(got, "email")) {
				t.Errorf("reads only %v", got)
			}
		})
	}
}
