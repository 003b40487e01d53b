package signup_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/hooks"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sessions"
	"github.com/duoforajob/duo/signup"
)

func TestMain(m *testing.M) { Run(m) }

// Fixed ids of the sessions every world has.
const (
	infoSession   = "joininfo0000001" // Brussels, in three days, two seats
	onlineSession = "joinonline00001" // Antwerp, in five days, online, no seat limit
	cancelled     = "joincancelled01"
	pastSession   = "joinpast0000001"
	training      = "jointraining001"
	registration  = "registration001" // a confirmed registrant of infoSession (withRegistrant)
	registrantEml = "lea.dupont@example.org"
)

// world is one test app with duo's hooks on a clock the test moves, served in-process.
type world struct {
	t     testing.TB
	app   *tests.TestApp
	h     http.Handler
	clock *Clock
}

func newWorld(t testing.TB) *world {
	clock := &Clock{T: Now()}
	app := AppWith(t, hooks.Options{Now: clock.Now})
	w := &world{t: t, app: app, clock: clock}
	withSessions(t, app)
	w.h = Handler(t, app)
	return w
}

// stamp is a moment hours from now, as a record stores it.
func stamp(hours int) string {
	return Now().Add(time.Duration(hours) * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
}

// withSessions gives both branches information sessions: open, online, cancelled, past, and
// a training, which the sign-up never shows.
func withSessions(t testing.TB, app core.App) {
	Make(t, app, Coord, "sessions", infoSession, map[string]any{"branch": BranchBrussels, "kind": sessions.InfoSession,
		"starts_at": stamp(72), "ends_at": stamp(74), "place": "Rue Haute 12, 1000 Bruxelles", "capacity": 2, "language": "fr"})
	Make(t, app, OtherCoord, "sessions", onlineSession, map[string]any{"branch": BranchAntwerp, "kind": sessions.InfoSession,
		"starts_at": stamp(120), "ends_at": stamp(121), "link": "https://meet.example.org/duo-info", "language": "nl"})
	Make(t, app, Coord, "sessions", cancelled, map[string]any{"branch": BranchBrussels, "kind": sessions.InfoSession,
		"starts_at": stamp(96), "ends_at": stamp(98), "place": "Rue Haute 12"})
	Change(t, app, Coord, "sessions", cancelled, map[string]any{"status": sessions.Cancelled})
	Make(t, app, Coord, "sessions", training, map[string]any{"branch": BranchBrussels, "kind": sessions.Training,
		"starts_at": stamp(50), "ends_at": stamp(52), "place": "Salle B"})
	past := Find(t, app, "sessions", infoSession).Collection()
	r := core.NewRecord(past)
	r.Id = pastSession
	r.Load(map[string]any{"branch": BranchBrussels, "kind": sessions.InfoSession, "starts_at": stamp(-48), "ends_at": stamp(-46),
		"place": "Rue Haute 12", "status": sessions.Planned})
	if err := app.SaveNoValidate(r); err != nil {
		t.Fatal(err)
	}
}

// withRegistrant adds a confirmed registrant of the information session, on its list.
func withRegistrant(t testing.TB, app core.App) {
	addRegistrant(t, app, registration, infoSession, registrantEml, "mentee", true)
}

func addRegistrant(t testing.TB, app core.App, id, session, email, role string, confirmed bool) {
	t.Helper()
	s := Find(t, app, "sessions", session)
	c, err := app.FindCollectionByNameOrId("registrations")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Id = id
	r.Load(map[string]any{"branch": s.GetString("branch"), "session": session, "first_name": "Léa", "last_name": "Dupont",
		"email": email, "role": role, "language": "fr", "consent_contact": true, "mailed_at": Now(), "token_hash": id})
	if confirmed {
		r.Set("confirmed_at", Now())
	}
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if confirmed {
		Make(t, app, "", "attendance", "", map[string]any{"session": session, "registration": id, "state": sessions.Registered})
	}
}

// form is a valid sign-up for the information session; changes replace fields (nil deletes).
func form(changes map[string]any) string {
	body := map[string]any{"session": infoSession, "first_name": "Léa", "last_name": "Dupont", "email": registrantEml,
		"phone": "+32 470 12 34 56", "role": "mentee", "language": "fr", "consent_contact": true, "website": ""}
	for k, v := range changes {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	raw, _ := json.Marshal(body)
	return string(raw)
}

// send makes a request as caller and, for a registration, waits for its mail to leave.
func (w *world) send(caller, method, url, body string) *httptest.ResponseRecorder {
	w.t.Helper()
	rec := Send(w.t, w.h, caller, method, url, body)
	signup.Flush(w.app)
	return rec
}

func (w *world) join(body string) *httptest.ResponseRecorder {
	return w.send(Anonymous, "POST", signup.JoinRoute, body)
}

var tokenInLink = regexp.MustCompile(`#token=([A-Za-z0-9_-]+)`)

// lastToken is the token of the last confirmation mail.
func (w *world) lastToken() string {
	w.t.Helper()
	if w.app.TestMailer.TotalSend() == 0 {
		w.t.Fatal("no mail was sent")
	}
	m := tokenInLink.FindStringSubmatch(w.app.TestMailer.LastMessage().Text)
	if m == nil {
		w.t.Fatalf("no link in the mail: %s", w.app.TestMailer.LastMessage().Text)
	}
	return m[1]
}

func tokenBody(token string) string { return fmt.Sprintf(`{"token":%q}`, token) }

// count counts the records of a collection that match a filter.
func (w *world) count(collection, filter string) int {
	w.t.Helper()
	records, err := w.app.FindRecordsByFilter(collection, filter, "", 0, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	return len(records)
}

// expect fails the test unless the answer has that status and holds every fragment.
func expect(t testing.TB, rec *httptest.ResponseRecorder, status int, fragments ...string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d: %s", rec.Code, status, rec.Body)
	}
	for _, f := range fragments {
		if !strings.Contains(rec.Body.String(), f) {
			t.Errorf("answer lacks %s: %s", f, rec.Body)
		}
	}
}
