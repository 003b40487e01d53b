package reminders_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/hooks"
	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/reminders"
)

func TestMain(m *testing.M) { testkit.Run(m) }

var brussels = testkit.Brussels

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// world is the seeded app with duo's rules and planners on a test clock.
type world struct {
	app     *tests.TestApp
	clock   *testkit.Clock
	planner *reminders.Planner
}

func newWorld(t *testing.T, at time.Time) *world {
	t.Helper()
	c := &testkit.Clock{T: at}
	app := testkit.AppWith(t, hooks.Options{Now: c.Now})
	return &world{app: app, clock: c, planner: reminders.NewPlanner(app, c.Now)}
}

// at moves the clock and runs a rule; it returns how many notifications were new.
func (w *world) at(t *testing.T, when time.Time, rule reminders.Rule) int {
	t.Helper()
	w.clock.T = when
	n, err := w.planner.Run(rule)
	if err != nil {
		t.Fatalf("%s at %v: %v", rule.ID, when, err)
	}
	return n
}

// period sets an active duo's period, as a superuser correcting dates would.
func (w *world) period(t *testing.T, duo, start, end string) {
	t.Helper()
	testkit.Change(t, w.app, "", "duos", duo, map[string]any{"started_on": start, "ends_on": end})
}

// sql runs a statement that sets up a state the rules' clock cannot reach (the record's
// created date is the real one): an answered evaluation, a signature.
func (w *world) sql(t *testing.T, stmt string, params dbx.Params) {
	t.Helper()
	if _, err := w.app.DB().NewQuery(stmt).Bind(params).Execute(); err != nil {
		t.Fatal(err)
	}
}

// sent is one outbox row as a test compares it.
type sent struct {
	User, Key, Due, Expires, Text string
	Params                        map[string]string
}

// outbox lists the notifications about a duo (or, for "", about no duo), oldest key first.
func (w *world) outbox(t *testing.T, duo string) []sent {
	t.Helper()
	var rows []struct {
		User    string `db:"user"`
		Key     string `db:"dedupe_key"`
		Due     string `db:"due_at"`
		Expires string `db:"expires_at"`
		Payload string `db:"payload"`
	}
	if err := w.app.DB().NewQuery(`SELECT user, dedupe_key, due_at, expires_at, payload FROM notifications
		WHERE duo = {:duo} ORDER BY due_at, dedupe_key`).Bind(dbx.Params{"duo": duo}).All(&rows); err != nil {
		t.Fatal(err)
	}
	out := make([]sent, len(rows))
	for i, r := range rows {
		var p struct {
			Text   string            `json:"text"`
			Params map[string]string `json:"params"`
		}
		_ = json.Unmarshal([]byte(r.Payload), &p)
		out[i] = sent{User: r.User, Key: r.Key, Due: r.Due, Expires: r.Expires, Text: p.Text, Params: p.Params}
	}
	return out
}

// stamp is a time as the outbox stores it.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }

// ranUntil notes that a rule has planned up to t, as an earlier run would have.
func (w *world) ranUntil(t *testing.T, rule reminders.Rule, until time.Time) {
	t.Helper()
	w.sql(t, "INSERT INTO _duo_reminder_runs (rule, planned_until) VALUES ({:rule}, {:t})",
		dbx.Params{"rule": rule.ID, "t": until.UTC().Format("2006-01-02T15:04:05.000000000Z")})
}
