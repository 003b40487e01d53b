package sync_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/sync"
)

var everyone = []string{DuoMentee, DuoMentor, OtherMentee, MentorTwo, Coord, OtherCoord, MenteeCompleted,
	MentorProposed, MenteeProposed, FreeMentee, FreeMentor, MenteeAntwerp}

// synced gives each caller a phone that has pulled everything.
func synced(t testing.TB, h http.Handler, callers ...string) map[string]*device {
	devices := map[string]*device{}
	for _, c := range callers {
		devices[c] = newDevice(t, h, c, "client-"+c)
		devices[c].pullAll()
	}
	return devices
}

func TestInitialPullIsWhatRESTShows(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	for _, caller := range everyone {
		t.Run(Callers[caller]+caller, func(t *testing.T) {
			d := newDevice(t, h, caller, "client-"+caller)
			d.pullAll()
			d.sameAsREST()
		})
	}
}

func TestInitialPullInSmallPagesLosesNothing(t *testing.T) {
	h := Handler(t, App(t))
	d := newDevice(t, h, Coord, "client-coord")
	pages := 0
	for {
		pages++
		if resp := d.pullPage(3); !resp.HasMore {
			break
		}
	}
	if pages < 10 {
		t.Errorf("only %d pages of 3", pages)
	}
	d.sameAsREST()
}

// Each change, whatever makes it, reaches exactly the copies of those who may read it.
func TestChangesReachTheRightCopies(t *testing.T) {
	weekAgo := Day(-7)
	cases := []struct {
		name   string
		change func(t testing.TB, app *tests.TestApp, h http.Handler)
	}{
		{"a meeting logged through REST", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			expectStatus(t, Send(t, h, DuoMentor, "POST", "/api/collections/meetings/records",
				`{"duo":"`+DuoOne+`","held_on":"`+weekAgo+`","minutes":60,"mode":"phone"}`), 200)
		}},
		{"an objective deleted through REST", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			expectStatus(t, Send(t, h, DuoMentee, "DELETE", "/api/collections/objectives/records/"+ObjectiveOne, ""), 204)
		}},
		{"a duo stopped by its coordinator", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			expectStatus(t, Send(t, h, Coord, "PATCH", "/api/collections/duos/records/"+DuoTwo,
				`{"status":"stopped","stop_reason":"moved away","stop_category":"moved"}`), 200)
		}},
		{"a duo activated by its second signature (a hook's consequence)", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			agreement := "/api/collections/agreements/records/" + Agreement(t, DuoValidated)
			stamp := `"` + Now().UTC().Format("2006-01-02 15:04:05Z") + `"`
			expectStatus(t, Send(t, h, MentorValidated, "PATCH", agreement, `{"mentor_signed_at":`+stamp+`}`), 200)
			expectStatus(t, Send(t, h, MenteeValidated, "PATCH", agreement, `{"mentee_signed_at":`+stamp+`}`), 200)
		}},
		{"a duo completed by Go code, with its evaluations", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			if err := lifecycle.Complete(app, Find(t, app, "duos", DuoOne)); err != nil {
				t.Fatal(err)
			}
		}},
		{"a mentee re-matched in a proposed duo", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			expectStatus(t, Send(t, h, Coord, "PATCH", "/api/collections/duos/records/"+DuoProposed,
				`{"mentee":"`+FreeMentee+`"}`), 200)
		}},
		{"a duo deleted from Go code, with its records (the API refuses it)", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			if err := app.Delete(Find(t, app, "duos", DuoTwo)); err != nil {
				t.Fatal(err)
			}
		}},
		{"a person moved to another branch", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			expectStatus(t, Send(t, h, Superuser, "PATCH", "/api/collections/users/records/"+FreeMentee,
				`{"branch":"`+BranchAntwerp+`"}`), 200)
		}},
		{"a mentee invited to an information session", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			infoSessionWith(t, h, "invited", FreeMentee, MenteeOne)
		}},
		{"an invitation withdrawn", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			infoSessionWith(t, h, "invited", FreeMentee, MenteeOne)
			expectStatus(t, Send(t, h, Coord, "DELETE", "/api/collections/attendance/records/attendsync00001", ""), 204)
		}},
		{"a session moved, then cancelled", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			infoSessionWith(t, h, "registered", FreeMentee)
			expectStatus(t, Send(t, h, Coord, "PATCH", "/api/collections/sessions/records/sessionsync0001",
				`{"starts_at":"`+hoursAhead(30)+`","ends_at":"`+hoursAhead(32)+`"}`), 200)
			expectStatus(t, Send(t, h, Coord, "PATCH", "/api/collections/sessions/records/sessionsync0001", `{"status":"cancelled"}`), 200)
		}},
		{"a validated duo's signing meeting planned", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			expectStatus(t, Send(t, h, Coord, "POST", "/api/collections/sessions/records", `{"branch":"`+BranchBrussels+
				`","kind":"signing_meeting","duo":"`+DuoValidated+`","starts_at":"`+hoursAhead(48)+`","ends_at":"`+hoursAhead(49)+`"}`), 200)
		}},
		{"a profile edited by its coordinator", func(t testing.TB, app *tests.TestApp, h http.Handler) {
			expectStatus(t, Send(t, h, Coord, "PATCH", "/api/collections/profiles/records/"+Profile(t, MenteeOne),
				`{"languages":["fr","ti"]}`), 200)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			h := Handler(t, app)
			devices := synced(t, h, everyone...)
			c.change(t, app, h)
			for _, d := range devices {
				d.pullAll()
				d.sameAsREST()
			}
		})
	}
}

// A coordinator moved to another branch: their copy swaps one branch for the other.
func TestCoordinatorMovedSwapsTheWholeBranch(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	expectStatus(t, Send(t, h, Superuser, "POST", "/api/collections/users/records", `{"id":"coordnewcomer01",
		"email":"newcomer@test.example.org","password":"long-enough-1","passwordConfirm":"long-enough-1",
		"name":"Nadia","role":"coordinator","branch":"`+BranchBrussels+`"}`), 200)
	newcomer := Login(t, app, "coordnewcomer01")
	d := synced(t, h, newcomer)[newcomer]
	if len(d.ids("meetings")) != 3 {
		t.Fatalf("a Brussels coordinator should hold Brussels' 3 meetings, has %v", d.ids("meetings"))
	}
	expectStatus(t, Send(t, h, Superuser, "PATCH", "/api/collections/users/records/coordnewcomer01",
		`{"branch":"`+BranchAntwerp+`"}`), 200)
	d.pullAll()
	d.sameAsREST()
	if got := d.ids("duos"); len(got) != 1 || got[0] != DuoAntwerp {
		t.Errorf("after the move the copy holds duos %v, want only %s", got, DuoAntwerp)
	}
}

func TestNothingNewIsAnEmptyPage(t *testing.T) {
	h := Handler(t, App(t))
	d := synced(t, h, DuoMentee)[DuoMentee]
	before := d.cursor
	resp := d.pullPage(100)
	if len(resp.Changes) != 0 || resp.HasMore || resp.Reset {
		t.Errorf("expected an empty page, got %+v", resp)
	}
	if resp.Cursor != before {
		t.Errorf("the cursor moved without changes")
	}
}

func TestResets(t *testing.T) {
	cases := []struct {
		name  string
		cause func(t testing.TB, app *tests.TestApp, d *device)
	}{
		{"a new epoch (a restored backup)", func(t testing.TB, app *tests.TestApp, d *device) {
			if err := sync.NewEpoch(app); err != nil {
				t.Fatal(err)
			}
		}},
		{"tombstones pruned past the cursor", func(t testing.TB, app *tests.TestApp, d *device) {
			Change(t, app, DuoMentee, "objectives", ObjectiveOne, map[string]any{"status": "achieved"})
			if _, err := sync.Prune(app, Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}},
		{"another person's cursor on this phone", func(t testing.TB, app *tests.TestApp, d *device) {
			other := newDevice(t, d.h, OtherMentee, "client-other")
			other.pullAll()
			d.cursor = other.cursor
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			h := Handler(t, app)
			d := synced(t, h, DuoMentee)[DuoMentee]
			d.store["meetings"]["stale0000000001"] = map[string]any{"id": "stale0000000001"} // a row the reset must drop
			c.cause(t, app, d)
			d.pullAll()
			if d.resets != 1 {
				t.Errorf("expected one reset, got %d", d.resets)
			}
			d.sameAsREST()
		})
	}
}

func TestPullRefusals(t *testing.T) {
	h := Handler(t, App(t))
	d := synced(t, h, DuoMentee)[DuoMentee]
	forged := d.cursor[:strings.LastIndex(d.cursor, ".")] + ".AAAAAAAAAAAAAAAAAAAAAA"
	cases := []struct {
		name, caller, query string
		status              int
		want                string
	}{
		{"anonymous", Anonymous, "", 401, ""},
		{"a superuser", Superuser, "", 403, ""},
		{"a forged cursor", DuoMentee, "?cursor=" + forged, 400, `"cursor":{"code":"duo_sync_cursor"`},
		{"garbage for a cursor", DuoMentee, "?cursor=hello", 400, `"cursor":{"code":"duo_sync_cursor"`},
		{"a limit of zero", DuoMentee, "?limit=0", 400, `"limit":{"code":"duo_sync_limit"`},
		{"a limit too high", DuoMentee, "?limit=5000", 400, `"limit":{"code":"duo_sync_limit"`},
		{"a word for a limit", DuoMentee, "?limit=all", 400, `"limit":{"code":"duo_sync_limit"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := Send(t, h, c.caller, "GET", sync.PullRoute+c.query, "")
			expectStatus(t, rec, c.status)
			if !strings.Contains(rec.Body.String(), c.want) {
				t.Errorf("body %s lacks %s", rec.Body, c.want)
			}
		})
	}
}

func expectStatus(t testing.TB, rec interface {
	Result() *http.Response
}, status int) {
	t.Helper()
	if res := rec.Result(); res.StatusCode != status {
		buf := new(strings.Builder)
		_, _ = io.Copy(buf, res.Body)
		t.Fatalf("status %d, want %d: %s", res.StatusCode, status, buf)
	}
}

// A migration that adds a field to a synced collection sends its records again: every copy
// then holds the new field, as REST shows it.
func TestAFieldAddedReachesEveryCopy(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	devices := synced(t, h, everyone...)
	meetings, err := app.FindCollectionByNameOrId("meetings")
	if err != nil {
		t.Fatal(err)
	}
	meetings.Fields.Add(&core.TextField{Name: "weather"})
	if err := app.Save(meetings); err != nil {
		t.Fatal(err)
	}
	for _, d := range devices {
		d.pullAll()
		d.sameAsREST()
	}
}

func hoursAhead(n int) string {
	return Now().Add(time.Duration(n) * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
}

// infoSessionWith plans an information session tomorrow in Brussels with people on its list
// (lines attendsync00001, 02, ... in their order).
func infoSessionWith(t testing.TB, h http.Handler, state string, people ...string) {
	expectStatus(t, Send(t, h, Coord, "POST", "/api/collections/sessions/records", `{"id":"sessionsync0001","branch":"`+
		BranchBrussels+`","kind":"info_session","starts_at":"`+hoursAhead(24)+`","ends_at":"`+hoursAhead(26)+`","capacity":10}`), 200)
	for i, p := range people {
		expectStatus(t, Send(t, h, Coord, "POST", "/api/collections/attendance/records", fmt.Sprintf(
			`{"id":"attendsync%05d","session":"sessionsync0001","person":"%s","state":"%s"}`, i+1, p, state)), 200)
	}
}
