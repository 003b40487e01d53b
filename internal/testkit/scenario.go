package testkit

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// Call is one API request of a table-driven test, made by one kind of caller against a
// fresh copy of the seeded database.
type Call struct {
	Name    string
	Caller  string // a fixture user id, Superuser or Anonymous
	Method  string
	URL     string
	Body    string
	Headers map[string]string // extra headers (Accept-Language, ...)
	Status  int
	Want    []string // fragments the response must contain
	NotWant []string // fragments it must not contain
	Setup   func(t testing.TB, app *tests.TestApp)
	Check   func(t testing.TB, app *tests.TestApp) // looks at the database afterwards
}

// Run runs the call as a PocketBase API scenario.
func (c Call) Run(t *testing.T) {
	t.Helper()
	headers := map[string]string{}
	for k, v := range Auth(t, c.Caller) {
		headers[k] = v
	}
	for k, v := range c.Headers {
		headers[k] = v
	}
	scenario := tests.ApiScenario{
		Name:               c.Name,
		Method:             c.Method,
		URL:                c.URL,
		Headers:            headers,
		ExpectedStatus:     c.Status,
		ExpectedContent:    c.Want,
		NotExpectedContent: c.NotWant,
		TestAppFactory:     NewApp,
	}
	if c.Body != "" {
		scenario.Body = strings.NewReader(c.Body)
	}
	if c.Status != http.StatusNoContent && len(c.Want) == 0 && len(c.NotWant) == 0 {
		scenario.NotExpectedContent = []string{`"status":500`} // a body is expected; any will do
	}
	if c.Setup != nil {
		scenario.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { c.Setup(t, app) }
	}
	if c.Check != nil {
		scenario.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) { c.Check(t, app) }
	}
	scenario.Test(t)
}

// RunAll runs a table of calls.
func RunAll(t *testing.T, calls []Call) {
	t.Helper()
	for _, c := range calls {
		c.Run(t)
	}
}

// Make creates a record as author ("" for the system) through duo's rules, failing the test
// if the rules refuse it.
func Make(t testing.TB, app core.App, author, collection, id string, fields map[string]any) {
	t.Helper()
	if err := (&seeder{app: app, now: Now()}).create(collection, id, author, fields); err != nil {
		t.Fatalf("testkit: making %s %s: %v", collection, id, err)
	}
}

// Change updates a record as author ("" for the system), failing the test if refused.
func Change(t testing.TB, app core.App, author, collection, id string, fields map[string]any) {
	t.Helper()
	if err := (&seeder{app: app, now: Now()}).update(collection, id, author, fields); err != nil {
		t.Fatalf("testkit: changing %s %s: %v", collection, id, err)
	}
}

// Find loads a record, failing the test if it is missing.
func Find(t testing.TB, app core.App, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatalf("testkit: finding %s %s: %v", collection, id, err)
	}
	return r
}

// Today is the calendar date of today in Brussels, as stored ("2026-11-22 00:00:00.000Z").
func Today() time.Time {
	y, m, d := Now().In(brussels()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Day is a calendar date days away from today in Brussels, as "2026-11-22".
func Day(days int) string {
	return Today().AddDate(0, 0, days).Format(time.DateOnly)
}

// Callers names every kind of caller an access test must cover.
var Callers = map[string]string{
	Anonymous:   "anonymous",
	DuoMentee:   "the duo's mentee",
	DuoMentor:   "the duo's mentor",
	OtherMentee: "another duo's mentee",
	Coord:       "the branch's coordinator",
	OtherCoord:  "another branch's coordinator",
	Superuser:   "a superuser",
}

// Expect is the status each kind of caller gets for one request.
type Expect map[string]int

// Matrix expands one request into a call per kind of caller. Every kind in Callers must have
// an expectation (extra fixture callers may be added), so no caller is ever left untested.
func Matrix(t *testing.T, action, method, url, body string, expect Expect) []Call {
	t.Helper()
	for caller, label := range Callers {
		if _, ok := expect[caller]; !ok {
			t.Fatalf("testkit: %q has no expectation for %s", action, label)
		}
	}
	var calls []Call
	for _, caller := range slices.Sorted(maps.Keys(expect)) {
		status := expect[caller]
		label, ok := Callers[caller]
		if !ok {
			label = caller
		}
		calls = append(calls, Call{Name: action + " as " + label, Caller: caller, Method: method, URL: url,
			Body: body, Status: status})
	}
	return calls
}
