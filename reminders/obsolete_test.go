package reminders_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
	"github.com/duoforajob/duo/reminders"
)

// dispatch sends what is due to the log, with the reminders' last look.
func (w *world) dispatch(t *testing.T) {
	t.Helper()
	d := notify.NewDispatcher(w.app, notify.LogSender{App: w.app}, w.clock.Now)
	d.Obsolete = reminders.Obsolete
	if _, err := d.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// statuses maps each dedupe key of a duo's notifications to its status and reason.
func (w *world) statuses(t *testing.T, duo string) map[string][2]string {
	t.Helper()
	var rows []struct {
		Key    string `db:"dedupe_key"`
		Status string `db:"status"`
		Reason string `db:"last_error"`
	}
	if err := w.app.DB().NewQuery("SELECT dedupe_key, status, last_error FROM notifications WHERE duo = {:duo}").
		Bind(dbx.Params{"duo": duo}).All(&rows); err != nil {
		t.Fatal(err)
	}
	out := map[string][2]string{}
	for _, r := range rows {
		out[r.Key] = [2]string{r.Status, r.Reason}
	}
	return out
}

// A reminder whose time has come is dropped if the person has meanwhile done what it asks;
// the others still go.
func TestObsoleteRemindersAreCancelled(t *testing.T) {
	cases := []struct {
		name      string
		duo       string
		setup     func(t *testing.T, w *world) // plans, then changes the world
		cancelled map[string]string            // key -> reason; every other row is sent
	}{
		{"an answered evaluation is not reminded", DuoOne, func(t *testing.T, w *world) {
			completedAt(t, w)
			w.at(t, brussels("2026-09-03 10:02"), reminders.Evaluations)
			answer(t, w, MentorOne, "final")
		}, map[string]string{"evaluation_due:" + DuoOne + ":" + MentorOne + ":final-d0": "the evaluation was answered meanwhile"}},
		{"a signed agreement is not reminded", freeDuo, func(t *testing.T, w *world) {
			w.clock.T = brussels("2026-03-02 14:00")
			validateFreeDuo(t, w)
			w.at(t, brussels("2026-03-05 10:02"), reminders.AgreementReminders)
			w.sql(t, "UPDATE agreements SET mentor_signed_at = {:at} WHERE duo = {:duo}",
				dbx.Params{"at": "2026-03-05 09:01:00.000Z", "duo": freeDuo})
		}, map[string]string{"agreement_reminder:" + freeDuo + ":" + FreeMentor + ":d3": "the agreement was signed meanwhile"}},
		{"a meeting logged after the nudge was planned", DuoOne, func(t *testing.T, w *world) {
			w.period(t, DuoOne, "2026-03-03", "2026-09-03")
			w.at(t, brussels("2026-03-12 10:02"), reminders.MeetingNudges)
			Make(t, w.app, MentorOne, "meetings", "", map[string]any{"duo": DuoOne, "held_on": "2026-03-10",
				"minutes": 90, "mode": "phone"})
		}, map[string]string{"meeting_nudge:" + DuoOne + ":" + MentorOne + ":2026-03-10": "the meeting was logged meanwhile"}},
		{"a duo stopped before its meeting", DuoOne, func(t *testing.T, w *world) {
			w.period(t, DuoOne, "2026-03-03", "2026-09-03")
			w.at(t, brussels("2026-03-23 18:02"), reminders.MeetingReminders)
			Change(t, w.app, Coord, "duos", DuoOne, map[string]any{"status": "stopped", "stop_reason": "Moved away", "stop_category": "moved"})
		}, map[string]string{
			"meeting_reminder:" + DuoOne + ":" + MentorOne + ":2026-03-24": "the duo is no longer active",
			"meeting_reminder:" + DuoOne + ":" + MenteeOne + ":2026-03-24": "the duo is no longer active",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, brussels("2026-09-01 12:00"))
			c.setup(t, w)
			w.clock.T = w.clock.T.Add(time.Minute)
			w.dispatch(t)
			got := w.statuses(t, c.duo)
			if len(got) == 0 {
				t.Fatal("nothing was planned")
			}
			for key, status := range got {
				want := [2]string{notify.StatusSent, ""}
				if reason, ok := c.cancelled[key]; ok {
					want = [2]string{notify.StatusCancelled, reason}
				}
				if status != want {
					t.Errorf("%s: %v, want %v", key, status, want)
				}
			}
		})
	}
}
