package hooks_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/duoforajob/duo/hooks"
	. "github.com/duoforajob/duo/internal/testkit"
)

// secret is a value some callers may not read: world B holds another value there, written
// with plain SQL so that nothing else (not even the row's "updated") differs from world A.
type secret struct {
	collection, id, field string
	a, b                  any
	readers               []string // callers who may read it, superusers aside
}

func secrets(t *testing.T) []secret {
	return []secret{
		{"profiles", Profile(t, MenteeOne), "nationality", "MA", "SY", []string{DuoMentee, Coord}},
		{"profiles", Profile(t, MenteeOne), "expectations", "Find a job in logistics", "Zzz other text", []string{DuoMentee, Coord}},
		{"profiles", Profile(t, MenteeOne), "birth_year", 1999, 2004, []string{DuoMentee, Coord}},
		{"evaluations", Evaluation(t, DuoCompleted, MentorCompleted), "satisfaction", 2, 5, []string{Coord}},
		{"evaluations", Evaluation(t, DuoCompleted, MentorCompleted), "comments", "Hard months", "Zzz fine", []string{Coord}},
		{"devices", menteeDevice, "token", "tokenaaaaaaaaaa", "tokenzzzzzzzzzz", []string{DuoMentee}},
		{"users", MenteeOne, "email", "amina@test.example.org", "zora@test.example.org", []string{DuoMentee, Coord}},
		{"users", MentorOne, "timezone", "", "America/Toronto", []string{DuoMentor, Coord}},
		{"users", MentorOne, "created", "2026-01-01 00:00:00.000Z", "2025-06-30 00:00:00.000Z", []string{DuoMentor, Coord}},
		{"users", MenteeAntwerp, "name", "Artem Mentee", "Zeno Mentee", []string{OtherCoord}},
		{"meetings", MeetingTwo, "notes", "Worked on the CV", "Zzz talked about the family", []string{OtherMentee, Coord}},
		{"duo_staff_notes", staffNote, "text", "Arrives late every week", "Zzz health worries", []string{Coord}},
	}
}

// oracleWorld is one seeded server on a stopped clock.
type oracleWorld struct {
	app core.App
	h   http.Handler
}

func newOracleWorld(t *testing.T, at time.Time, values []secret, useB func(secret) bool) oracleWorld {
	t.Helper()
	clock := &Clock{T: at}
	app := AppWith(t, hooks.Options{Now: clock.Now})
	if _, err := app.DB().Insert("devices", dbx.Params{"id": menteeDevice, "user": MenteeOne, "token": "tokenaaaaaaaaaa",
		"platform": "android", "app_version": "1", "locale": "fr", "last_seen": "2026-01-01 00:00:00.000Z",
		"created": "2026-01-01 00:00:00.000Z", "updated": "2026-01-01 00:00:00.000Z"}).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().Insert("duo_staff_notes", dbx.Params{"id": staffNote, "duo": DuoOne, "text": "", "author": CoordBrussels,
		"created": "2026-01-01 00:00:00.000Z", "updated": "2026-01-01 00:00:00.000Z"}).Execute(); err != nil {
		t.Fatal(err)
	}
	// The nationality is kept with its consent (the same in both worlds).
	if _, err := app.DB().Update("profiles", dbx.Params{"nationality_consent_on": "2026-01-01 00:00:00.000Z"},
		dbx.HashExp{"user": MenteeOne}).Execute(); err != nil {
		t.Fatal(err)
	}
	for _, s := range values {
		v := s.a
		if useB(s) {
			v = s.b
		}
		if _, err := app.DB().Update(s.collection, dbx.Params{s.field: v}, dbx.HashExp{"id": s.id}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	return oracleWorld{app: app, h: Handler(t, app)}
}

// relationPaths lists the paths a filter could follow from a collection, up to PocketBase's
// depth of six relations: relation fields and back-relations (x_via_field), never through
// the same collection twice (a longer loop reaches nothing new), each with the collection it
// ends on.
func relationPaths(app core.App, from *core.Collection, depth int) map[string]*core.Collection {
	all, _ := app.FindAllCollections()
	paths := map[string]*core.Collection{"": from}
	var walk func(prefix string, at *core.Collection, visited []string)
	walk = func(prefix string, at *core.Collection, visited []string) {
		if len(visited) > depth {
			return
		}
		next := func(segment string, to *core.Collection) {
			if slices.Contains(visited, to.Name) {
				return
			}
			path := prefix + segment
			paths[path] = to
			walk(path+".", to, append(slices.Clone(visited), to.Name))
		}
		for _, f := range at.Fields {
			if rel, ok := f.(*core.RelationField); ok {
				if to, err := app.FindCachedCollectionByNameOrId(rel.CollectionId); err == nil {
					next(rel.Name, to)
				}
			}
		}
		for _, other := range all {
			for _, f := range other.Fields {
				if rel, ok := f.(*core.RelationField); ok && rel.CollectionId == at.Id {
					next(other.Name+"_via_"+rel.Name, other)
				}
			}
		}
	}
	walk("", from, []string{from.Name})
	return paths
}

// askedPaths are the relation paths the oracle asks through: every path of up to four
// relations, and the shortest paths to each collection only reached by longer ones (up to
// PocketBase's six). The longer paths than that go through the same resolver and the same
// guard as the shorter ones (the guard refuses a followed relation whatever its length);
// asking each of them (about 300,000 requests in two worlds) would only add minutes.
func askedPaths(paths map[string]*core.Collection) map[string]*core.Collection {
	const exhaustive = 4
	asked := map[string]*core.Collection{}
	shortest := map[string]int{} // collection -> relations of its shortest path
	for path, to := range paths {
		n := relations(path)
		if n <= exhaustive {
			asked[path] = to
		}
		if m, seen := shortest[to.Name]; !seen || n < m {
			shortest[to.Name] = n
		}
	}
	for path, to := range paths {
		if n := relations(path); n > exhaustive && n == shortest[to.Name] {
			asked[path] = to
		}
	}
	return asked
}

func relations(path string) int {
	if path == "" {
		return 0
	}
	return strings.Count(path, ".") + 1
}

// queries are the requests a caller could make of a collection to learn a secret on the
// collection a path leads to: filters that compare it through every or any related row, and
// a sort by it.
func queries(collection, path string, s secret) []string {
	field := s.field
	if path != "" {
		field = path + "." + s.field
	}
	value := `"` + toText(s.a) + `"`
	if _, number := s.a.(int); number {
		value = toText(s.a)
	}
	// != is the comparison PocketBase runs as "every related row" on a to-many path.
	return []string{listURL(collection, "filter", field+" != "+value), listURL(collection, "sort", field+",id")}
}

func toText(v any) string {
	switch x := v.(type) {
	case int:
		return strconv.Itoa(x)
	case string:
		return x
	}
	return ""
}

// Filters, sorts, expands and realtime subscriptions reveal nothing a caller cannot read.
// For every collection, every kind of caller and the relation paths askedPaths lists (every
// collection reachable within PocketBase's depth), world A and world B differ only in values that caller may not read (a mentee's
// nationality, expectations and birth year, a mentor's evaluation, a push token, a hidden
// email, a partner's time zone and the day their account was made, a name in another branch,
// another duo's meeting notes): every answer must be the
// same, byte for byte (items, totals, order), and so must the realtime events. (Superusers
// read every value: there is none hidden from them to compare.)
func TestQueriesRevealNothingHidden(t *testing.T) {
	values := secrets(t)
	at := Now()
	worldA := newOracleWorld(t, at, values, func(secret) bool { return false })
	collections, _ := worldA.app.FindAllCollections()
	for _, caller := range []string{Anonymous, DuoMentee, DuoMentor, OtherMentee, Coord, OtherCoord} {
		t.Run(Callers[caller], func(t *testing.T) {
			t.Parallel()
			hidden := func(s secret) bool { return !slices.Contains(s.readers, caller) }
			worldB := newOracleWorld(t, at, values, hidden)
			requests := 0
			same := func(u string) {
				t.Helper()
				requests++
				a := Send(t, worldA.h, caller, "GET", u, "")
				b := Send(t, worldB.h, caller, "GET", u, "")
				if a.Code != b.Code || a.Body.String() != b.Body.String() {
					t.Errorf("%s: the answer depends on a hidden value:\n A %d %s\n B %d %s", u, a.Code, a.Body.String(), b.Code, b.Body.String())
				}
			}
			for _, c := range collections {
				for path, to := range askedPaths(relationPaths(worldA.app, c, 6)) {
					if path != "" && strings.Count(path, ".") < 2 {
						same(listURL(c.Name, "expand", path))
					}
					for _, s := range values {
						if s.collection == to.Name && hidden(s) {
							for _, u := range queries(c.Name, path, s) {
								same(u)
							}
						}
					}
				}
			}
			sameEvents(t, at, caller)
			t.Logf("%d requests, each asked of both worlds", requests)
		})
	}
}

// sameEvents subscribes the caller to every collection (whole, filtered, and each secret's
// record) in two fresh worlds that differ in what the caller may not read, saves the same
// changes to the records holding those values in both, and wants the same events.
func sameEvents(t *testing.T, at time.Time, caller string) {
	t.Helper()
	values := secrets(t)
	a := newOracleWorld(t, at, values, func(secret) bool { return false })
	b := newOracleWorld(t, at, values, func(s secret) bool { return !slices.Contains(s.readers, caller) })
	collections, _ := a.app.FindAllCollections()
	var subs []string
	for _, c := range collections {
		subs = append(subs, c.Name+"/*", c.Name+"/*?options="+url.QueryEscape(`{"query":{"filter":"id != ''"}}`))
	}
	for _, s := range values {
		subs = append(subs, s.collection+"/"+s.id)
	}
	eventsA, eventsB := realtimeEvents(t, a, caller, subs), realtimeEvents(t, b, caller, subs)
	if !slices.Equal(eventsA, eventsB) {
		t.Errorf("realtime events depend on a hidden value:\n A %v\n B %v", eventsA, eventsB)
	}
	if len(eventsA) == 0 && caller != Anonymous {
		t.Errorf("no realtime event at all: the comparison proves nothing")
	}
}

// realtimeEvents is what a subscribed client receives while the records holding the secrets
// (and a meeting everyone of duo one sees) are saved, sorted.
func realtimeEvents(t *testing.T, w oracleWorld, caller string, subs []string) []string {
	t.Helper()
	client := subscriptions.NewDefaultClient()
	w.app.SubscriptionsBroker().Register(client)
	defer w.app.SubscriptionsBroker().Unregister(client.Id())
	body, _ := json.Marshal(map[string]any{"clientId": client.Id(), "subscriptions": subs})
	if rec := Send(t, w.h, caller, "POST", "/api/realtime", string(body)); rec.Code != http.StatusNoContent {
		t.Fatalf("%s: subscribing: %d %s", Callers[caller], rec.Code, rec.Body.String())
	}
	for _, change := range []struct {
		collection, id string
		fields         map[string]any
	}{
		{"profiles", Profile(t, MenteeOne), map[string]any{"experience": "Ten years in a warehouse"}},
		{"evaluations", Evaluation(t, DuoCompleted, MentorCompleted), map[string]any{"would_mentor_again": true}},
		{"devices", menteeDevice, map[string]any{"app_version": "2"}},
		{"users", MenteeOne, map[string]any{"timezone": "Europe/Paris"}},
		{"users", MenteeAntwerp, map[string]any{"timezone": "Europe/Paris"}},
		{"meetings", MeetingTwo, map[string]any{"minutes": 90}},
		{"meetings", MeetingOne, map[string]any{"minutes": 100}},
		{"duo_staff_notes", staffNote, map[string]any{"author": ""}},
	} {
		Change(t, w.app, "", change.collection, change.id, change.fields)
	}
	var events []string
	for {
		select {
		case m := <-client.Channel():
			events = append(events, m.Name+" "+string(m.Data))
			continue
		case <-time.After(150 * time.Millisecond):
		}
		break
	}
	slices.Sort(events)
	return events
}
