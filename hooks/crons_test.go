package hooks_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
)

// duo's scheduled jobs are in PocketBase's cron list, under ids starting duo_.
var duoJobs = []string{"duo_agreement_reminders", "duo_devices_prune", "duo_evaluations", "duo_join_retention", "duo_meeting_nudges",
	"duo_meeting_reminders", "duo_push_dispatch", "duo_retention", "duo_session_noshows", "duo_session_reminders", "duo_sync_prune",
	"duo_weekly_digest"}

func TestJobsAreListed(t *testing.T) {
	app := App(t)
	var ids []string
	for _, job := range app.Cron().Jobs() {
		if strings.HasPrefix(job.Id(), "duo_") {
			ids = append(ids, job.Id())
		}
	}
	slices.Sort(ids)
	if strings.Join(ids, ",") != strings.Join(duoJobs, ",") {
		t.Fatalf("jobs %v, want %v", ids, duoJobs)
	}
}

// A superuser runs any job now (dashboard or API); nobody else may.
func TestRunJobNow(t *testing.T) {
	calls := Matrix(t, "list the jobs", "GET", "/api/crons", "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})
	for _, id := range duoJobs {
		calls = append(calls, Matrix(t, "run "+id+" now", "POST", "/api/crons/"+id, "", Expect{
			Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 204})...)
	}
	RunAll(t, calls)
}

// Running the planners and the dispatcher now from the API plans and sends (to the log, when
// no Firebase credentials are set): the outbox empties.
func TestRunPlannersAndDispatchNow(t *testing.T) {
	RunAll(t, []Call{{Name: "dispatch after planning", Caller: Superuser, Method: "POST", URL: "/api/crons/duo_push_dispatch",
		Status: 204, Setup: func(t testing.TB, app *tests.TestApp) {
			if _, err := app.DB().NewQuery(`INSERT INTO notifications (id, user, kind, dedupe_key, duo, payload, due_at,
				next_attempt_at, expires_at, status, attempts, last_error, sent_at, created, updated) VALUES
				('outboxrow000001', '` + MenteeOne + `', 'weekly_digest', 'k', '', '{"text":"weekly_digest.one"}',
				'2026-01-05 09:00:00.000Z', '2026-01-05 09:00:00.000Z', '', 'pending', 0, '', '', '', '')`).Execute(); err != nil {
				t.Fatal(err)
			}
		}, Check: func(t testing.TB, app *tests.TestApp) {
			// The job runs in the background: wait until it has handled the row.
			var row *core.Record
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if row = Find(t, app, "notifications", "outboxrow000001"); row.GetString("updated") != "" {
					break
				}
			}
			// Logged and sent; or, at night in Brussels, kept for 08:00 (quiet hours).
			deferred := row.GetString("status") == "pending" &&
				row.GetDateTime("next_attempt_at").Time().In(brussels).Hour() == 8
			if row.GetString("status") != "sent" && !deferred {
				t.Errorf("status %s, next attempt %s", row.GetString("status"), row.GetString("next_attempt_at"))
			}
		}}})
}

var brussels, _ = time.LoadLocation("Europe/Brussels")
