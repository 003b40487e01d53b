package hooks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
)

func duoURL(id string) string { return "/api/collections/duos/records/" + id }

const duosURL = "/api/collections/duos/records"

// lastEvent is the newest history event of a duo.
func lastEvent(t testing.TB, app core.App, duoID string) *core.Record {
	t.Helper()
	event := &core.Record{}
	err := app.RecordQuery("duo_events").AndWhere(dbx.HashExp{"duo": duoID}).OrderBy("rowid DESC").Limit(1).One(event)
	if err != nil {
		t.Fatalf("no event for duo %s: %v", duoID, err)
	}
	return event
}

func expectEvent(t testing.TB, app core.App, duoID, kind, from, to, actor string) *core.Record {
	t.Helper()
	e := lastEvent(t, app, duoID)
	got := []string{e.GetString("kind"), e.GetString("from_status"), e.GetString("to_status"), e.GetString("actor")}
	want := []string{kind, from, to, actor}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("last event of %s: got %v, want %v", duoID, got, want)
	}
	return e
}

func expectField(t testing.TB, r *core.Record, field, want string) {
	t.Helper()
	if got := r.GetString(field); got != want {
		t.Errorf("%s.%s = %q, want %q", r.Collection().Name, field, got, want)
	}
}

func date(t time.Time) string { return t.Format(time.DateOnly) + " 00:00:00.000Z" }

// Each rule of a duo's life, tried by someone who should not get through.
func TestDuoLifecycleRules(t *testing.T) {
	fresh := func(extra string) string {
		return `{"branch":"` + BranchBrussels + `","mentor":"` + FreeMentor + `","mentee":"` + FreeMentee + `"` + extra + `}`
	}
	duoOne := Find(t, App(t), "duos", DuoOne)
	started := duoOne.GetDateTime("started_on").Time()
	earlier := lifecycle.AddDays(duoOne.GetDateTime("started_on"), -7) // a week earlier, for six months
	RunAll(t, []Call{
		{Name: "a new duo cannot start active", Caller: Coord, Method: "POST", URL: duosURL, Body: fresh(`,"status":"active"`),
			Status: 400, Want: []string{`"status":{"code":"duo_new_status"`}},
		{Name: "a coordinator cannot give a new duo its dates", Caller: Coord, Method: "POST", URL: duosURL,
			Body: fresh(`,"started_on":"` + Day(0) + `"`), Status: 403, Want: []string{`"started_on":{"code":"duo_field_forbidden"`}},
		{Name: "nor can a superuser before the signatures", Caller: Superuser, Method: "POST", URL: duosURL,
			Body: fresh(`,"started_on":"` + Day(0) + `"`), Status: 400, Want: []string{`"started_on":{"code":"duo_dates_not_yet"`}},
		{Name: "the mentor must be a mentor", Caller: Coord, Method: "POST", URL: duosURL,
			Body:   `{"branch":"` + BranchBrussels + `","mentor":"` + MenteeOne + `","mentee":"` + FreeMentee + `"}`,
			Status: 400, Want: []string{`"mentor":{"code":"duo_wrong_role"`}},
		{Name: "a coordinator cannot reach a mentor of another branch", Caller: Coord, Method: "POST", URL: duosURL,
			Body:   `{"branch":"` + BranchBrussels + `","mentor":"` + MentorAntwerp + `","mentee":"` + FreeMentee + `"}`,
			Status: 400, Want: []string{`"mentor":{"code":"validation_missing_rel_records"`}},
		{Name: "nor can a superuser pair people of two branches", Caller: Superuser, Method: "POST", URL: duosURL,
			Body:   `{"branch":"` + BranchBrussels + `","mentor":"` + MentorAntwerp + `","mentee":"` + FreeMentee + `"}`,
			Status: 400, Want: []string{`"mentor":{"code":"duo_other_branch"`}},
		{Name: "the supervising coordinator is of the duo's branch", Caller: Superuser, Method: "POST", URL: duosURL,
			Body: fresh(`,"coordinator":"` + CoordAntwerp + `"`), Status: 400, Want: []string{`"coordinator":{"code":"duo_other_branch"`}},
		{Name: "a coordinator validates a proposed duo and its agreement is written", Caller: Coord, Method: "PATCH",
			URL: duoURL(DuoProposed), Body: `{"status":"validated"}`, Status: 200, Want: []string{`"status":"validated"`},
			Check: func(t testing.TB, app *tests.TestApp) {
				agreement, err := app.FindFirstRecordByData("agreements", "duo", DuoProposed)
				if err != nil || !strings.Contains(agreement.GetString("commitments"), "Convention de mentorat") {
					t.Errorf("expected a French agreement for the validated duo, got %v %v", agreement, err)
				}
				expectEvent(t, app, DuoProposed, "status_changed", "proposed", "validated", CoordBrussels)
			}},
		{Name: "a coordinator declines a proposed duo", Caller: Coord, Method: "PATCH", URL: duoURL(DuoProposed),
			Body: `{"status":"declined"}`, Status: 200,
			Check: func(t testing.TB, app *tests.TestApp) {
				expectEvent(t, app, DuoProposed, "status_changed", "proposed", "declined", CoordBrussels)
			}},
		{Name: "a declined duo is not validated later", Caller: Coord, Method: "PATCH", URL: duoURL(DuoProposed),
			Body: `{"status":"validated"}`, Status: 403, Want: []string{`"status":{"code":"duo_value_forbidden"`},
			Setup: func(t testing.TB, app *tests.TestApp) {
				Change(t, app, CoordBrussels, "duos", DuoProposed, map[string]any{"status": "declined"})
			}},
		{Name: "not even by a superuser", Caller: Superuser, Method: "PATCH", URL: duoURL(DuoProposed),
			Body: `{"status":"validated"}`, Status: 400, Want: []string{`"status":{"code":"duo_transition"`},
			Setup: func(t testing.TB, app *tests.TestApp) {
				Change(t, app, CoordBrussels, "duos", DuoProposed, map[string]any{"status": "declined"})
			}},
		{Name: "a coordinator cannot activate a duo", Caller: Coord, Method: "PATCH", URL: duoURL(DuoValidated),
			Body: `{"status":"active"}`, Status: 403, Want: []string{`"status":{"code":"duo_value_forbidden"`}},
		{Name: "a superuser cannot activate a duo whose agreement is unsigned", Caller: Superuser, Method: "PATCH",
			URL: duoURL(DuoValidated), Body: `{"status":"active"}`, Status: 400, Want: []string{`"status":{"code":"duo_not_signed_by_both"`}},
		{Name: "a coordinator cannot complete a duo before its end", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"status":"completed"}`, Status: 403, Want: []string{`"status":{"code":"duo_value_forbidden"`}},
		{Name: "a stop needs its category only: the words to the duo are optional", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"status":"stopped","stop_category":"health"}`, Status: 200, Want: []string{`"stop_reason":""`}},
		{Name: "a stopped duo's period ends that day, and its history holds the category, not words", Caller: Coord, Method: "PATCH",
			URL: duoURL(DuoOne), Body: `{"status":"stopped","stop_reason":"Bonne chance, Amina !","stop_category":"job"}`, Status: 200,
			Want: []string{`"ends_on":"` + date(Today()) + `"`},
			Check: func(t testing.TB, app *tests.TestApp) {
				e := expectEvent(t, app, DuoOne, "status_changed", "active", "stopped", CoordBrussels)
				expectField(t, e, "detail", "job")
			}},
		{Name: "the words to the duo are short", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"status":"stopped","stop_category":"job","stop_reason":"` + strings.Repeat("a", 301) + `"}`, Status: 400,
			Want: []string{`"stop_reason":{"code":"validation_max_text_constraint"`}},
		{Name: "stopping a duo needs a category of reason", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"status":"stopped","stop_reason":"Amina found a job"}`, Status: 400,
			Want: []string{`"stop_category":{"code":"duo_stop_category_required"`}},
		{Name: "a category that is not one of the list", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"status":"stopped","stop_reason":"Amina found a job","stop_category":"bored"}`, Status: 400,
			Want: []string{`"stop_category":{"code":"validation_invalid_value"`}},
		{Name: "a running duo has no stop category", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"stop_category":"job"}`, Status: 400, Want: []string{`"stop_category":{"code":"duo_stop_category_unused"`}},
		{Name: "a duo stopped before categories existed may still be saved without one", Caller: Coord, Method: "PATCH",
			URL: duoURL(DuoOne), Body: `{"meeting_place":"Muntpunt"}`, Status: 200,
			Setup: func(t testing.TB, app *tests.TestApp) {
				if _, err := app.DB().Update("duos", dbx.Params{"status": "stopped", "stop_reason": "moved"}, dbx.HashExp{"id": DuoOne}).Execute(); err != nil {
					t.Fatal(err)
				}
			}},
		{Name: "a running duo has no stop reason", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"stop_reason":"just because"}`, Status: 400, Want: []string{`"stop_reason":{"code":"duo_stop_reason_unused"`}},
		{Name: "a validated duo may stop before it starts, without dates", Caller: Coord, Method: "PATCH", URL: duoURL(DuoValidated),
			Body: `{"status":"stopped","stop_reason":"The mentee moved away","stop_category":"moved"}`, Status: 200, Want: []string{`"started_on":""`}},
		{Name: "a mentor cannot change the status", Caller: DuoMentor, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"status":"stopped","stop_reason":"tired","stop_category":"other"}`, Status: 403, Want: []string{`"status":{"code":"duo_field_forbidden"`}},
		{Name: "a mentee cannot change the supervising coordinator", Caller: DuoMentee, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"coordinator":"` + CoordBrussels + `x"}`, Status: 400, Want: []string{`"coordinator":{"code":"duo_invalid_id"`}},
		{Name: "the meeting time is HH:MM", Caller: DuoMentor, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"meeting_time":"25:00"}`, Status: 400, Want: []string{`"meeting_time":{"code":"validation_invalid_format"`}},
		{Name: "the meeting weekday is 1 to 7", Caller: DuoMentor, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"meeting_weekday":8}`, Status: 400, Want: []string{`"meeting_weekday":{"code":"validation_max_number_constraint"`}},
		{Name: "a coordinator cannot change the period", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"started_on":"` + Day(-90) + `"}`, Status: 403, Want: []string{`"started_on":{"code":"duo_field_forbidden"`}},
		{Name: "a superuser corrects the period, and the history says so", Caller: Superuser, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"started_on":"` + earlier.Time().Format(time.DateOnly) + `","ends_on":"` +
				lifecycle.AddMonths(earlier, lifecycle.PeriodMonths).Time().Format(time.DateOnly) + `"}`, Status: 200,
			Check: func(t testing.TB, app *tests.TestApp) {
				e := expectEvent(t, app, DuoOne, "dates_corrected", "", "", "")
				// dates only, for each reader to write in their words: the new period, then the former
				expectField(t, e, "detail", earlier.Time().Format(time.DateOnly)+" → "+
					lifecycle.AddMonths(earlier, lifecycle.PeriodMonths).Time().Format(time.DateOnly)+" ("+
					duoOne.GetDateTime("started_on").Time().Format(time.DateOnly)+" → "+duoOne.GetDateTime("ends_on").Time().Format(time.DateOnly)+")")
			}},
		{Name: "a period lasts at most six months", Caller: Superuser, Method: "PATCH", URL: duoURL(DuoOne),
			Body:   `{"ends_on":"` + lifecycle.AddMonths(duoOne.GetDateTime("started_on"), 7).Time().Format(time.DateOnly) + `"}`,
			Status: 400, Want: []string{`"ends_on":{"code":"duo_period_range"`}},
		{Name: "a period does not end before it starts", Caller: Superuser, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"ends_on":"` + started.AddDate(0, 0, -1).Format(time.DateOnly) + `"}`, Status: 400,
			Want: []string{`"ends_on":{"code":"duo_period_range"`}},
		{Name: "a coordinator cannot re-pair an active duo", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"mentor":"` + FreeMentor + `"}`, Status: 403, Want: []string{`"mentor":{"code":"duo_field_forbidden"`}},
		{Name: "nor can a superuser", Caller: Superuser, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"mentor":"` + FreeMentor + `"}`, Status: 400, Want: []string{`"mentor":{"code":"duo_immutable"`}},
		{Name: "a proposed duo can be re-matched", Caller: Coord, Method: "PATCH", URL: duoURL(DuoProposed),
			Body: `{"mentor":"` + FreeMentor + `"}`, Status: 200, Want: []string{`"mentor":"` + FreeMentor + `"`}},
		{Name: "a duo never changes branch", Caller: Superuser, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"branch":"` + BranchAntwerp + `"}`, Status: 400, Want: []string{`"branch":{"code":"duo_immutable"`}},
		{Name: "a coordinator cannot move a duo to another branch", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"branch":"` + BranchAntwerp + `"}`, Status: 400, Want: []string{`"branch":{"code":"validation_missing_rel_records"`}},
	})
}
