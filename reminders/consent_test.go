package reminders_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/reminders"
)

// withdrawFollowups records, as the server, that the mentee withdrew her consent to being
// asked the follow-ups.
func withdrawFollowups(t *testing.T, w *world) {
	w.sql(t, `INSERT INTO consents (id, person, purpose, state, text_version, recorded_via, withdrawn_at, created, updated)
		VALUES ('consentfollow01', {:p}, 'followup_contact', 'withdrawn', '2026-01', 'app', '2026-10-01 10:00:00.000Z', '', '')`,
		dbx.Params{"p": MenteeOne})
}

// A mentee who withdrew her consent to the follow-ups is not asked them: none opens for her,
// and a prompt already waiting to be sent is dropped. Her mentor's own final is untouched.
func TestWithdrawnFollowupConsentStopsTheFollowups(t *testing.T) {
	t.Run("none opens", func(t *testing.T) {
		w := newWorld(t, brussels("2026-09-01 12:00"))
		completedAt(t, w)
		answer(t, w, MentorOne, "final")
		answer(t, w, MenteeOne, "final")
		withdrawFollowups(t, w)
		w.at(t, brussels("2027-03-03 10:02"), reminders.Evaluations)
		w.at(t, brussels("2027-09-03 10:02"), reminders.Evaluations)
		if n := countEvaluations(t, w, "followup_6m") + countEvaluations(t, w, "followup_12m"); n != 0 {
			t.Fatalf("%d follow-ups opened", n)
		}
		for _, s := range w.outbox(t, DuoOne) {
			if s.User == MenteeOne && s.Text == "evaluation_due.followup_prompt" {
				t.Errorf("prompted: %+v", s)
			}
		}
	})
	t.Run("a waiting prompt is dropped, and none follows", func(t *testing.T) {
		w := newWorld(t, brussels("2026-09-01 12:00"))
		completedAt(t, w)
		answer(t, w, MentorOne, "final")
		answer(t, w, MenteeOne, "final")
		w.at(t, brussels("2027-03-03 10:02"), reminders.Evaluations) // planned, not sent yet
		if countEvaluations(t, w, "followup_6m") != 1 {
			t.Fatal("the follow-up did not open")
		}
		withdrawFollowups(t, w)
		w.clock.T = brussels("2027-03-03 10:03")
		w.dispatch(t)
		key := "evaluation_due:" + DuoOne + ":" + MenteeOne + ":followup_6m-d0"
		if got := w.statuses(t, DuoOne)[key]; got[1] != "the person withdrew their consent to the follow-ups" {
			t.Errorf("the waiting prompt: %v (all: %v)", got, w.statuses(t, DuoOne))
		}
		before := len(w.outbox(t, DuoOne))
		w.at(t, brussels("2027-03-06 10:02"), reminders.Evaluations)
		if got := w.outbox(t, DuoOne); len(got) != before {
			t.Errorf("reminded after the withdrawal: %v", keys(got))
		}
	})
}

// An erased mentee is asked nothing more, and nobody is reminded about her answers: no
// follow-up opens for her pseudonym, her unanswered final is chased with no one.
func TestAnErasedPersonIsAskedNothing(t *testing.T) {
	w := newWorld(t, brussels("2026-09-01 12:00"))
	completedAt(t, w)
	answer(t, w, MentorOne, "final")
	before := len(w.outbox(t, DuoOne))
	pseudonym, err := erasure.Erase(w.app, MenteeOne, "request", access.System(), w.clock.T)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []string{"2026-09-10 10:02", "2026-09-20 10:02", "2027-03-03 10:02", "2027-09-03 10:02"} {
		w.at(t, brussels(at), reminders.Evaluations)
	}
	var followups int
	_ = w.app.DB().NewQuery("SELECT COUNT(*) FROM evaluations WHERE respondent = {:p} AND kind != 'final'").
		Bind(dbx.Params{"p": pseudonym}).Row(&followups)
	if followups != 0 {
		t.Errorf("%d follow-ups opened for the pseudonym", followups)
	}
	if got := w.outbox(t, DuoOne); len(got) != before {
		t.Errorf("reminders after her erasure: %v", keys(got[before:]))
	}
}
