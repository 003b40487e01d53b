package reminders_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/reminders"
)

const freeDuo = "duofreepair0001"

// validateFreeDuo forms a duo of the free mentor and mentee, validated at the clock's time.
func validateFreeDuo(t *testing.T, w *world) {
	t.Helper()
	Make(t, w.app, Coord, "duos", freeDuo, map[string]any{"branch": BranchBrussels, "mentor": FreeMentor,
		"mentee": FreeMentee, "meeting_weekday": 3, "meeting_time": "10:00"})
	Change(t, w.app, Coord, "duos", freeDuo, map[string]any{"status": "validated"})
}

func keys(list []sent) []string {
	var out []string
	for _, n := range list {
		out = append(out, n.Key)
	}
	return out
}

func sameKeys(t *testing.T, got []sent, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", keys(got), want)
	}
	for i := range want {
		if got[i].Key != want[i] {
			t.Fatalf("got %v, want %v", keys(got), want)
		}
	}
}

// An agreement not signed by both: 3 and 7 days after validation, at 10:00, whoever has not
// signed is reminded.
func TestAgreementReminders(t *testing.T) {
	w := newWorld(t, brussels("2026-03-02 14:00"))
	validateFreeDuo(t, w)
	prefix := "agreement_reminder:" + freeDuo + ":"

	if n := w.at(t, brussels("2026-03-05 09:58"), reminders.AgreementReminders); n != 0 {
		t.Fatalf("%d reminders before day 3 at 10:00", n)
	}
	w.at(t, brussels("2026-03-05 10:02"), reminders.AgreementReminders)
	sameKeys(t, w.outbox(t, freeDuo), prefix+FreeMentee+":d3", prefix+FreeMentor+":d3")
	if due := w.outbox(t, freeDuo)[0].Due; due != stamp(utc("2026-03-05 09:00")) {
		t.Errorf("due %s, want 10:00 Brussels", due)
	}

	w.sql(t, "UPDATE agreements SET mentor_signed_at = {:at} WHERE duo = {:duo}",
		dbx.Params{"at": "2026-03-06 12:00:00.000Z", "duo": freeDuo})
	w.at(t, brussels("2026-03-09 10:02"), reminders.AgreementReminders)
	sameKeys(t, w.outbox(t, freeDuo), prefix+FreeMentee+":d3", prefix+FreeMentor+":d3", prefix+FreeMentee+":d7")
}

// After downtime a ladder says its latest step once, not every step it missed.
func TestAgreementCatchUpSaysTheLatestStep(t *testing.T) {
	w := newWorld(t, brussels("2026-03-02 14:00"))
	validateFreeDuo(t, w)
	w.at(t, brussels("2026-03-10 12:00"), reminders.AgreementReminders) // first run: down since the 2nd
	prefix := "agreement_reminder:" + freeDuo + ":"
	sameKeys(t, w.outbox(t, freeDuo), prefix+FreeMentee+":d7", prefix+FreeMentor+":d7")
}

// completedAt runs the evaluations rule at ends_on: duo one becomes completed and each gets
// their final evaluation.
func completedAt(t *testing.T, w *world) {
	t.Helper()
	w.period(t, DuoOne, "2026-03-03", "2026-09-03")
	w.at(t, brussels("2026-09-02 23:50"), reminders.Evaluations)
	if s := Find(t, w.app, "duos", DuoOne).GetString("status"); s != "active" {
		t.Fatalf("completed before its last day: %s", s)
	}
	w.at(t, brussels("2026-09-03 00:10"), reminders.Evaluations)
	if s := Find(t, w.app, "duos", DuoOne).GetString("status"); s != "completed" {
		t.Fatalf("status %s on ends_on, want completed", s)
	}
}

func answer(t *testing.T, w *world, respondent, kind string) {
	t.Helper()
	w.sql(t, "UPDATE evaluations SET submitted_at = {:at} WHERE duo = {:duo} AND respondent = {:r} AND kind = {:k}",
		dbx.Params{"at": stamp(w.clock.T), "duo": DuoOne, "r": respondent, "k": kind})
}

// The final evaluation: a prompt to both at 10:00 on ends_on, reminders 3 and 7 days later to
// whoever has not answered, and the coordinator told at 14 days.
func TestFinalEvaluationLadder(t *testing.T) {
	w := newWorld(t, brussels("2026-09-01 12:00"))
	completedAt(t, w)
	menteeEval := evaluationOf(t, w, MenteeOne, "final")
	due := "evaluation_due:" + DuoOne + ":"

	w.at(t, brussels("2026-09-03 10:02"), reminders.Evaluations)
	sameKeys(t, w.outbox(t, DuoOne), due+MenteeOne+":final-d0", due+MentorOne+":final-d0")
	if n := w.outbox(t, DuoOne)[0]; n.Text != "evaluation_due.prompt" || n.Due != stamp(utc("2026-09-03 08:00")) {
		t.Errorf("prompt %+v", n)
	}
	answer(t, w, MentorOne, "final")

	w.at(t, brussels("2026-09-06 10:02"), reminders.Evaluations)
	w.at(t, brussels("2026-09-10 10:02"), reminders.Evaluations)
	w.at(t, brussels("2026-09-17 10:02"), reminders.Evaluations)
	sameKeys(t, w.outbox(t, DuoOne), due+MenteeOne+":final-d0", due+MentorOne+":final-d0",
		due+MenteeOne+":final-d3", due+MenteeOne+":final-d7", "evaluation_overdue:"+DuoOne+":"+CoordBrussels+":"+menteeEval)
	got := w.outbox(t, DuoOne)
	if got[2].Text != "evaluation_due.reminder" {
		t.Errorf("reminder text %s", got[2].Text)
	}
	if told := got[4]; told.User != CoordBrussels || told.Params["respondent"] != "Amina" || told.Params["mentor"] != "Marc" {
		t.Errorf("coordinator told %+v", told)
	}
}

func evaluationOf(t *testing.T, w *world, respondent, kind string) string {
	t.Helper()
	var id string
	if err := w.app.DB().NewQuery("SELECT id FROM evaluations WHERE duo = {:duo} AND respondent = {:r} AND kind = {:k}").
		Bind(dbx.Params{"duo": DuoOne, "r": respondent, "k": kind}).Row(&id); err != nil {
		t.Fatalf("no %s evaluation of %s: %v", kind, respondent, err)
	}
	return id
}

// Six and twelve months after the end, the mentee's follow-up evaluation opens, with its own
// prompt; an answered one is not reminded.
func TestFollowupEvaluations(t *testing.T) {
	w := newWorld(t, brussels("2026-09-01 12:00"))
	completedAt(t, w)
	answer(t, w, MentorOne, "final")
	answer(t, w, MenteeOne, "final")
	due := "evaluation_due:" + DuoOne + ":" + MenteeOne + ":"

	w.at(t, brussels("2027-03-02 12:00"), reminders.Evaluations)
	if n := countEvaluations(t, w, "followup_6m"); n != 0 {
		t.Fatalf("opened a day early")
	}
	w.at(t, brussels("2027-03-03 10:02"), reminders.Evaluations)
	if n := countEvaluations(t, w, "followup_6m"); n != 1 {
		t.Fatalf("%d follow-ups at six months", n)
	}
	got := w.outbox(t, DuoOne)
	last := got[len(got)-1]
	if last.Key != due+"followup_6m-d0" || last.Text != "evaluation_due.followup_prompt" || last.Params["months"] != "6" {
		t.Fatalf("follow-up prompt %+v", last)
	}
	answer(t, w, MenteeOne, "followup_6m")
	w.at(t, brussels("2027-03-06 10:02"), reminders.Evaluations)
	if got := w.outbox(t, DuoOne); got[len(got)-1].Key != last.Key {
		t.Fatalf("an answered follow-up was reminded: %v", keys(got))
	}

	w.at(t, brussels("2027-09-03 10:02"), reminders.Evaluations)
	got = w.outbox(t, DuoOne)
	if n := countEvaluations(t, w, "followup_12m"); n != 1 || got[len(got)-1].Key != due+"followup_12m-d0" {
		t.Fatalf("twelve months: %d evaluations, outbox %v", n, keys(got))
	}
}

func countEvaluations(t *testing.T, w *world, kind string) int {
	t.Helper()
	var n int
	if err := w.app.DB().NewQuery("SELECT COUNT(*) FROM evaluations WHERE duo = {:duo} AND kind = {:k} AND respondent = {:r}").
		Bind(dbx.Params{"duo": DuoOne, "k": kind, "r": MenteeOne}).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
