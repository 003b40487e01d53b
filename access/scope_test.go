package access_test

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	. "github.com/duoforajob/duo/internal/testkit"
)

func TestMain(m *testing.M) { Run(m) }

// The audiences are an index of the view rules: for every person and every synced record of
// the fixtures, "their audiences meet" must say exactly what the view rule says.
func TestAudiencesAgreeWithViewRules(t *testing.T) {
	app := App(t)
	// A conflict record of each branch, so that sync_conflicts is covered too.
	Make(t, app, "", "sync_conflicts", "conflictbrus001", map[string]any{"author": MentorOne, "branch": BranchBrussels,
		"target_collection": "meetings", "target_id": MeetingOne, "op": "update", "reason": "changed"})
	Make(t, app, "", "sync_conflicts", "conflictantw001", map[string]any{"author": MenteeAntwerp, "branch": BranchAntwerp,
		"target_collection": "duos", "target_id": DuoAntwerp, "op": "update", "reason": "changed"})
	withSessions(t, app)

	users, err := app.FindAllRecords("users")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range access.SyncedCollections {
		collection, _ := app.FindCollectionByNameOrId(name)
		records, err := app.FindAllRecords(name)
		if err != nil || len(records) == 0 {
			t.Fatalf("no %s to check (%v)", name, err)
		}
		for _, record := range records {
			audiences := access.Audiences(app, record)
			for _, user := range users {
				byRule, err := app.CanAccessRecord(record, &core.RequestInfo{Auth: user}, collection.ViewRule)
				if err != nil {
					t.Fatal(err)
				}
				byAudience := meet(audiences, access.Memberships(app, user))
				if byRule != byAudience {
					t.Errorf("%s %s for %s: view rule says %v, audiences %v say %v", name, record.Id, user.Id, byRule, audiences, byAudience)
				}
				checked++
			}
		}
	}
	t.Logf("%d person-record pairs agree", checked)
}

// AudienceFilter lists exactly the records whose audiences include the audience.
func TestAudienceFilterListsTheAudience(t *testing.T) {
	app := App(t)
	withSessions(t, app)
	byAudience := map[string]map[string][]string{} // audience -> collection -> ids
	for _, name := range access.SyncedCollections {
		records, _ := app.FindAllRecords(name)
		for _, r := range records {
			for _, a := range access.Audiences(app, r) {
				if byAudience[a] == nil {
					byAudience[a] = map[string][]string{}
				}
				byAudience[a][name] = append(byAudience[a][name], r.Id)
			}
		}
	}
	for audience, want := range byAudience {
		for _, name := range access.SyncedCollections {
			var got []string
			if filter, ok := access.AudienceFilter(name, audience); ok {
				if err := app.DB().Select(name + ".id").From(name).AndWhere(filter).Column(&got); err != nil {
					t.Fatal(err)
				}
			}
			sort.Strings(got)
			expected := want[name]
			sort.Strings(expected)
			if !slices.Equal(got, expected) {
				t.Errorf("%s in %s: filter lists %v, audiences say %v", name, audience, got, expected)
			}
		}
	}
}

// withSessions gives each branch sessions of every reach: Brussels an information session
// with one mentee on its list and a proposed duo's first meeting with nobody on it, Antwerp
// a training with its mentor invited.
func withSessions(t *testing.T, app core.App) {
	at := func(hours int) string {
		return Now().Add(time.Duration(hours) * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
	}
	Make(t, app, Coord, "sessions", "scopeinfo000001", map[string]any{"branch": BranchBrussels, "kind": "info_session",
		"starts_at": at(24), "ends_at": at(26), "capacity": 20})
	Make(t, app, Coord, "attendance", "scopeattend0001", map[string]any{"session": "scopeinfo000001", "person": MenteeOne, "state": "registered"})
	Make(t, app, Coord, "sessions", "scopefirst00001", map[string]any{"branch": BranchBrussels, "kind": "first_meeting",
		"duo": DuoProposed, "starts_at": at(48), "ends_at": at(49)})
	Make(t, app, CoordAntwerp, "sessions", "scopetrain00001", map[string]any{"branch": BranchAntwerp, "kind": "training",
		"starts_at": at(72), "ends_at": at(75)})
	Make(t, app, CoordAntwerp, "attendance", "scopeattend0002", map[string]any{"session": "scopetrain00001", "person": MentorAntwerp, "state": "invited"})
}

func meet(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
