package reminders_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/reminders"
)

// digests lists the weekly digests in the outbox.
func digests(t *testing.T, w *world) []sent {
	t.Helper()
	return w.outbox(t, "")
}

// quietDuoOne makes duo one active since 3 February with no meeting logged.
func quietDuoOne(t *testing.T, w *world) {
	t.Helper()
	w.period(t, DuoOne, "2026-02-03", "2026-08-03")
	w.sql(t, "DELETE FROM meetings WHERE duo = {:duo}", dbx.Params{"duo": DuoOne})
}

// Monday 09:00 branch time: each coordinator hears how many of their duos logged no meeting in
// 21 days; no push when there is none.
func TestWeeklyDigest(t *testing.T) {
	cases := []struct {
		name   string
		logged string // a meeting of duo one, if any
		now    time.Time
		want   []string
	}{
		{"a quiet duo is counted on Monday at 09:00", "", brussels("2026-03-30 09:02"),
			[]string{"weekly_digest::" + CoordBrussels + ":2026-03-30"}},
		{"not before 09:00", "", brussels("2026-03-30 08:58"), nil},
		{"a meeting in the last 21 days keeps a duo off it", "2026-03-20", brussels("2026-03-30 09:02"), nil},
		{"a meeting older than 21 days does not", "2026-03-03", brussels("2026-03-30 09:02"),
			[]string{"weekly_digest::" + CoordBrussels + ":2026-03-30"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, c.now)
			quietDuoOne(t, w)
			if c.logged != "" {
				Make(t, w.app, MentorOne, "meetings", "", map[string]any{"duo": DuoOne, "held_on": c.logged,
					"minutes": 120, "mode": "video"})
			}
			w.ranUntil(t, reminders.WeeklyDigest, c.now.Add(-10*time.Minute)) // the server was already running
			w.at(t, c.now, reminders.WeeklyDigest)
			got := digests(t, w)
			sameKeys(t, got, c.want...)
			for _, n := range got {
				if n.Text != "weekly_digest.one" || n.Params["count"] != "1" || n.Due != stamp(utc("2026-03-30 07:00")) {
					t.Errorf("digest %+v", n)
				}
			}
		})
	}
}

// After downtime, what fell due is caught up, back to seven days and no further.
func TestCatchUp(t *testing.T) {
	w := newWorld(t, brussels("2026-03-21 12:00"))
	w.period(t, DuoOne, "2026-03-03", "2026-09-03")
	w.at(t, w.clock.T, reminders.MeetingReminders) // planned up to Saturday noon, then down
	if n := w.at(t, brussels("2026-03-24 12:00"), reminders.MeetingReminders); n != 2 {
		t.Fatalf("back on Tuesday: %d reminders of Monday 18:00, want 2", n)
	}
	if got := w.outbox(t, DuoOne); got[0].Due != stamp(utc("2026-03-23 17:00")) {
		t.Errorf("caught-up reminder keeps its time: %+v", got[0])
	}

	w2 := newWorld(t, brussels("2026-03-08 12:00"))
	quietDuoOne(t, w2)
	w2.at(t, w2.clock.T, reminders.WeeklyDigest)                   // a first run looks back seven days: the 2nd
	w2.at(t, brussels("2026-03-18 12:00"), reminders.WeeklyDigest) // down ten days: the 9th is too old
	sameKeys(t, digests(t, w2), "weekly_digest::"+CoordBrussels+":2026-03-02", "weekly_digest::"+CoordBrussels+":2026-03-16")
}

// The same reminder is written once: a rerun of the same window, two planners (two servers)
// racing, or the evaluations rule run twice at once.
func TestNoDuplicates(t *testing.T) {
	w := newWorld(t, brussels("2026-03-23 18:02"))
	w.period(t, DuoOne, "2026-03-03", "2026-09-03")
	w.at(t, w.clock.T, reminders.MeetingReminders)
	w.sql(t, "DELETE FROM _duo_reminder_runs", nil) // as if the run had crashed before noting it
	if n := w.at(t, w.clock.T, reminders.MeetingReminders); n != 0 {
		t.Fatalf("a rerun wrote %d again", n)
	}

	w2 := newWorld(t, brussels("2026-09-03 10:02"))
	w2.period(t, DuoOne, "2026-03-03", "2026-09-03")
	results := make(chan int, 8)
	for range 8 {
		go func() {
			n, err := reminders.NewPlanner(w2.app, w2.clock.Now).Run(reminders.Evaluations)
			if err != nil {
				t.Error(err)
			}
			results <- n
		}()
	}
	total := 0
	for range 8 {
		total += <-results
	}
	if total != 2 || len(w2.outbox(t, DuoOne)) != 2 {
		t.Fatalf("eight racing planners wrote %d prompts (%d rows), want 2", total, len(w2.outbox(t, DuoOne)))
	}
	var completions int
	w2.app.DB().NewQuery("SELECT COUNT(*) FROM duo_events WHERE duo = {:duo} AND to_status = 'completed'").
		Bind(dbx.Params{"duo": DuoOne}).Row(&completions)
	if completions != 1 || countEvaluations(t, w2, "final") != 1 {
		t.Fatalf("completed %d times, %d final evaluations for the mentee", completions, countEvaluations(t, w2, "final"))
	}
}
