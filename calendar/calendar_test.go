package calendar_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/calendar"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sessions"
)

func TestMain(m *testing.M) { Run(m) }

func at(hours int) string {
	return Now().Add(time.Duration(hours) * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
}

// withSessions: an information session with duo one's mentee on its list, an intake in
// Antwerp, and a cancelled training.
func withSessions(t testing.TB, app *tests.TestApp) {
	Make(t, app, Coord, "sessions", "sessioninfo0001", map[string]any{"branch": BranchBrussels, "kind": sessions.InfoSession,
		"starts_at": at(24), "ends_at": at(26), "place": "Rue Haute 12"})
	Make(t, app, Coord, "attendance", "", map[string]any{"session": "sessioninfo0001", "person": MenteeOne, "state": sessions.Registered})
	Make(t, app, OtherCoord, "sessions", "sessionantwerp1", map[string]any{"branch": BranchAntwerp, "kind": sessions.Intake,
		"starts_at": at(30), "ends_at": at(31)})
	Make(t, app, Coord, "sessions", "sessiontrain001", map[string]any{"branch": BranchBrussels, "kind": sessions.Training,
		"starts_at": at(50), "ends_at": at(53)})
	Change(t, app, Coord, "sessions", "sessiontrain001", map[string]any{"status": sessions.Cancelled})
}

// subscribe makes caller's feed and answers its address's path.
func subscribe(t *testing.T, h http.Handler, caller string) string {
	t.Helper()
	res := Send(t, h, caller, "POST", calendar.FeedRoute, "")
	var s calendar.Subscription
	if res.Code != 200 || json.Unmarshal(res.Body.Bytes(), &s) != nil || !strings.HasSuffix(s.URL, ".ics") || !strings.HasPrefix(s.Webcal, "webcal://") {
		t.Fatalf("subscribing: %d %s", res.Code, res.Body)
	}
	return s.URL[strings.Index(s.URL, "/api/"):]
}

// A feed's address is a token of its own: a new one ends the former, a revoked one works no
// more; only people of the programme have one.
func TestTheFeedAddressIsRevocable(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	first := subscribe(t, h, DuoMentee)
	if res := Send(t, h, Anonymous, "GET", first, ""); res.Code != 200 || !strings.HasPrefix(res.Header().Get("Content-Type"), "text/calendar") {
		t.Fatalf("the feed: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
	second := subscribe(t, h, DuoMentee)
	for _, c := range []struct {
		name, url string
		status    int
	}{
		{"the former address, once a new one is made", first, 404},
		{"the new one", second, 200},
		{"a token nobody was given", "/api/calendar/" + strings.Repeat("A", 43) + ".ics", 404},
		{"the sign-in token is no feed token", "/api/calendar/" + Auth(t, DuoMentee)["Authorization"] + ".ics", 404},
		{"no file name", "/api/calendar/feed", 404},
	} {
		if res := Send(t, h, Anonymous, "GET", c.url, ""); res.Code != c.status {
			t.Errorf("%s: %d, want %d", c.name, res.Code, c.status)
		}
	}
	if res := Send(t, h, DuoMentee, "DELETE", calendar.FeedRoute, ""); res.Code != 204 {
		t.Fatalf("revoking: %d", res.Code)
	}
	if res := Send(t, h, Anonymous, "GET", second, ""); res.Code != 404 {
		t.Errorf("a revoked feed: %d", res.Code)
	}
	for _, caller := range []string{Anonymous, Superuser} {
		if res := Send(t, h, caller, "POST", calendar.FeedRoute, ""); res.Code < 400 || res.Code >= 500 {
			t.Errorf("%q subscribes: %d", caller, res.Code)
		}
	}
	if res := Send(t, h, Superuser, "GET", "/api/collections/calendar_feeds/records", ""); strings.Contains(res.Body.String(), "token_hash\":\"") &&
		!strings.Contains(res.Body.String(), `"token_hash":""`) {
		t.Errorf("the token's hash is shown: %s", res.Body)
	}
}

// feedOf decodes caller's feed.
func feedOf(t *testing.T, h http.Handler, caller string) (*ical.Calendar, string) {
	t.Helper()
	res := Send(t, h, Anonymous, "GET", subscribe(t, h, caller), "")
	cal, err := ical.NewDecoder(bytes.NewReader(res.Body.Bytes())).Decode()
	if err != nil {
		t.Fatalf("decoding: %v\n%s", err, res.Body)
	}
	return cal, res.Body.String()
}

func eventsByUID(cal *ical.Calendar) map[string]ical.Event {
	out := map[string]ical.Event{}
	for _, e := range cal.Events() {
		uid, _ := e.Props.Text(ical.PropUID)
		out[uid] = e
	}
	return out
}

// A mentee's feed holds the sessions she is on and her duo's weekly meeting, by first names,
// in her language; not another branch's session, nor one she is not on.
func TestAMenteesFeed(t *testing.T) {
	app := App(t)
	withSessions(t, app)
	cal, text := feedOf(t, Handler(t, app), DuoMentee)
	events := eventsByUID(cal)
	info, ok := events["sessioninfo0001@duo.duoforajob.org"]
	if !ok {
		t.Fatalf("no information session in %s", text)
	}
	if summary, _ := info.Props.Text(ical.PropSummary); summary != "DUO for a JOB : séance d'information" {
		t.Errorf("summary %q", summary)
	}
	if start := info.Props.Get(ical.PropDateTimeStart); start.Params.Get(ical.ParamTimezoneID) != "Europe/Brussels" {
		t.Errorf("DTSTART %+v", start)
	}
	weekly, ok := events["weekly-"+DuoOne+"@duo.duoforajob.org"]
	if !ok {
		t.Fatalf("no weekly meeting in %s", text)
	}
	if summary, _ := weekly.Props.Text(ical.PropSummary); summary != "DUO : rencontre avec Marc" {
		t.Errorf("weekly summary %q", summary)
	}
	for _, uid := range []string{"sessionantwerp1@duo.duoforajob.org", "sessiontrain001@duo.duoforajob.org"} {
		if _, there := events[uid]; there {
			t.Errorf("%s is in her feed", uid)
		}
	}
	if strings.Contains(text, "Mentor") || strings.Contains(text, "Mentee") {
		t.Errorf("a surname is in the feed:\n%s", text)
	}
}

// The weekly meeting keeps its local hour across the daylight-saving changes: a rule at the
// branch's time, and a VTIMEZONE that names each change.
func TestTheWeeklyMeetingKeepsItsHour(t *testing.T) {
	app := App(t)
	cal, text := feedOf(t, Handler(t, app), DuoMentor)
	weekly := eventsByUID(cal)["weekly-"+DuoOne+"@duo.duoforajob.org"]
	brussels, _ := time.LoadLocation("Europe/Brussels")
	set, err := weekly.RecurrenceSet(brussels)
	if err != nil || set == nil {
		t.Fatalf("the rule: %v\n%s", err, text)
	}
	occurrences := set.All()
	if len(occurrences) < 20 {
		t.Fatalf("%d weeks", len(occurrences))
	}
	offsets := map[int]bool{}
	for _, o := range occurrences {
		local := o.In(brussels)
		_, offset := local.Zone()
		offsets[offset] = true
		if local.Format("15:04") != "18:30" || local.Weekday() != time.Tuesday {
			t.Errorf("%s: not Tuesday 18:30 in Brussels", local)
		}
	}
	var transitions int
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			for _, o := range c.Children {
				if from, to := o.Props.Get(ical.PropTimezoneOffsetFrom), o.Props.Get(ical.PropTimezoneOffsetTo); from.Value != to.Value {
					transitions++
				}
			}
		}
	}
	if transitions < 2 {
		t.Errorf("%d changes of offset described:\n%s", transitions, text)
	}
	t.Logf("%d weeks, %d offsets, %d changes described", len(occurrences), len(offsets), transitions)
}

// A coordinator's feed holds every session of their branch, a cancelled one as cancelled, with
// a sequence one more than when it was planned.
func TestACoordinatorsFeed(t *testing.T) {
	app := App(t)
	withSessions(t, app)
	cal, _ := feedOf(t, Handler(t, app), Coord)
	events := eventsByUID(cal)
	if _, ok := events["sessionantwerp1@duo.duoforajob.org"]; ok {
		t.Error("another branch's session")
	}
	training, ok := events["sessiontrain001@duo.duoforajob.org"]
	if !ok {
		t.Fatal("no training")
	}
	status, _ := training.Status()
	sequence, _ := training.Props.Get(ical.PropSequence).Int()
	if status != ical.EventCancelled || sequence != 1 {
		t.Errorf("the cancelled training: %s, sequence %d", status, sequence)
	}
}
