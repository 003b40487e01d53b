package retention_test

import (
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/demo"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/retention"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

func sql(t *testing.T, app core.App, query string, params dbx.Params) {
	t.Helper()
	if _, err := app.DB().NewQuery(query).Bind(params).Execute(); err != nil {
		t.Fatal(err)
	}
}

// retentionWorld dates what the rules count from: a mentee taken in and never matched, a
// mentor taken in on a 29 February, a duo that ended long ago, a declined proposal.
func retentionWorld(t *testing.T, app core.App) {
	sql(t, app, "UPDATE users SET created = {:c} WHERE id = {:id}", dbx.Params{"c": "2024-01-15 10:00:00.000Z", "id": FreeMentee})
	sql(t, app, "UPDATE users SET created = {:c} WHERE id = {:id}", dbx.Params{"c": "2024-02-29 12:00:00.000Z", "id": FreeMentor})
	sql(t, app, "UPDATE duos SET ends_on = {:e} WHERE id = {:id}", dbx.Params{"e": "2023-06-30 00:00:00.000Z", "id": DuoClosed})
	sql(t, app, "UPDATE duos SET status = 'declined', ends_on = '', updated = {:u} WHERE id = {:id}",
		dbx.Params{"u": "2023-09-01 08:00:00.000Z", "id": DuoValidated})
}

// People are erased 24 months after their last duo and its follow-ups ended (12 months after
// its end), or after their intake if they never had a duo; not a second earlier; never while
// a duo of theirs is open; coordinators never.
func TestWhoseRetentionIsOver(t *testing.T) {
	app := App(t)
	retentionWorld(t, app)
	cases := []struct {
		name, person, at string
		due              bool
	}{
		{"never matched, a second before 24 months", FreeMentee, "2026-01-15 09:59:59", false},
		{"never matched, 24 months after the intake", FreeMentee, "2026-01-15 10:00:00", true},
		{"taken in on 29 February, the day before", FreeMentor, "2026-02-28 23:59:59", false},
		{"taken in on 29 February, 24 months on", FreeMentor, "2026-03-01 12:00:00", true},
		{"a duo ended: during its follow-ups", MenteeClosed, "2024-06-29 00:00:00", false},
		{"a duo ended: 24 months after its follow-ups, minus a second", MenteeClosed, "2026-06-29 23:59:59", false},
		{"a duo ended: 24 months after its follow-ups", MenteeClosed, "2026-06-30 00:00:00", true},
		{"its mentor too", MentorClosed, "2026-06-30 00:00:00", true},
		{"a declined proposal counts from its last change", MenteeValidated, "2026-09-01 08:00:00", true},
		{"a declined proposal, the day before", MenteeValidated, "2026-08-31 08:00:00", false},
		{"an active duo: never", MenteeOne, "2099-01-01 00:00:00", false},
		{"a proposed duo: never", MentorProposed, "2099-01-01 00:00:00", false},
		{"a coordinator: never", Coord, "2099-01-01 00:00:00", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			due, err := retention.DuePeople(app, utc(c.at), 24, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(due, c.person); got != c.due {
				t.Errorf("%s due at %s: %v, want %v", c.person, c.at, got, c.due)
			}
		})
	}
}

// A shorter configured time erases sooner; a run erases a batch at most.
func TestRetentionTimeAndBatch(t *testing.T) {
	app := App(t)
	retentionWorld(t, app)
	due, _ := retention.DuePeople(app, utc("2025-01-15 10:00:00"), 12, 1000)
	if !slices.Contains(due, FreeMentee) || slices.Contains(due, MenteeClosed) {
		t.Errorf("12 months: %v", due)
	}
	if due, _ := retention.DuePeople(app, utc("2027-01-01 00:00:00"), 24, 2); len(due) != 2 {
		t.Errorf("a batch of 2: %v", due)
	}
}

// The daily job erases them for real, as the server, with the reason "retention".
func TestTheDailyJobErases(t *testing.T) {
	app := App(t)
	retentionWorld(t, app)
	if err := retention.Run(app, retention.Options{EraseAfterMonths: 24}, utc("2026-07-01 03:10:00")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{FreeMentee, FreeMentor, MenteeClosed, MentorClosed} {
		if _, err := app.FindRecordById("users", p); err == nil {
			t.Errorf("%s is still there", p)
		}
		if _, err := app.FindFirstRecordByFilter("data_audit", "action = 'erase' && person = {:p} && detail = 'retention' && actor_kind = 'system'",
			dbx.Params{"p": p}); err != nil {
			t.Errorf("%s: no audit entry: %v", p, err)
		}
	}
	if _, err := app.FindRecordById("users", MenteeOne); err != nil {
		t.Errorf("a mentee in an active duo was erased")
	}
	entries, _ := erasure.ReadLedger(app)
	if len(entries) != 4 {
		t.Errorf("ledger: %+v", entries)
	}
}

// Evaluation comments go months after the answer when configured, the answers staying; by
// default they stay as long as the person.
func TestCommentsGoSoonerWhenConfigured(t *testing.T) {
	evaluation := func(app core.App) *core.Record {
		e, err := app.FindFirstRecordByFilter("evaluations", "duo = {:d} && respondent = {:r}", dbx.Params{"d": DuoCompleted, "r": MentorCompleted})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	cases := []struct {
		name   string
		months int
		at     string
		kept   bool
	}{
		{"6 months, a second before", 6, "2026-07-10 09:59:59", true},
		{"6 months after the answer", 6, "2026-07-10 10:00:00", false},
		{"not configured: kept", 0, "2099-01-01 00:00:00", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			e := evaluation(app)
			sql(t, app, "UPDATE evaluations SET comments = 'he listened', submitted_at = '2026-01-10 10:00:00.000Z' WHERE id = {:id}",
				dbx.Params{"id": e.Id})
			if _, err := retention.BlankComments(app, utc(c.at), c.months); err != nil {
				t.Fatal(err)
			}
			after := evaluation(app)
			if kept := after.GetString("comments") != ""; kept != c.kept {
				t.Errorf("comments %q", after.GetString("comments"))
			}
			if after.GetString("submitted_at") == "" {
				t.Error("the answer itself went")
			}
		})
	}
}

// The daily job's search over three years of a large programme (6,000 duos).
func BenchmarkDuePeople(b *testing.B) {
	app := NewApp(b)
	defer app.Cleanup()
	if _, err := app.DB().NewQuery(`INSERT INTO branches (id, name, city, country, timezone, locale, created, updated)
		VALUES ('benchbranch0001', 'Bench', 'City', 'BE', 'Europe/Brussels', 'fr', '', '')`).Execute(); err != nil {
		b.Fatal(err)
	}
	if err := demo.History(app, []string{"benchbranch0001"}, 6000, demo.Published, Now(), 3); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := retention.DuePeople(app, Now().AddDate(3, 0, 0), 24, retention.Batch); err != nil {
			b.Fatal(err)
		}
	}
}

// A person who withdrew their consent to the programme is erased 30 days later (time to undo
// a mistake), once their duos are closed; not if they gave it again.
func TestAWithdrawnProgrammeConsentErasesAMonthLater(t *testing.T) {
	withdraw := func(t *testing.T, app core.App, person, state string) {
		sql(t, app, `INSERT INTO consents (id, person, purpose, state, text_version, recorded_via, withdrawn_at, created, updated)
			VALUES ({:id}, {:p}, 'programme', {:s}, '2026-01', 'app', '2026-05-01 10:00:00.000Z', '', '')`,
			dbx.Params{"id": "consent" + person[:8], "p": person, "s": state})
	}
	cases := []struct {
		name, person, state, at string
		due                     bool
	}{
		{"a second before 30 days", FreeMentee, "withdrawn", "2026-05-31 09:59:59", false},
		{"30 days after the withdrawal", FreeMentee, "withdrawn", "2026-05-31 10:00:00", true},
		{"given again", FreeMentee, "given", "2026-07-01 00:00:00", false},
		{"in an active duo", MenteeOne, "withdrawn", "2026-07-01 00:00:00", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			withdraw(t, app, c.person, c.state)
			due, err := retention.Withdrawn(app, utc(c.at), 100)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(due, c.person); got != c.due {
				t.Errorf("due %v, want %v", got, c.due)
			}
		})
	}
	t.Run("the daily job erases her, with that reason", func(t *testing.T) {
		app := App(t)
		withdraw(t, app, FreeMentee, "withdrawn")
		if err := retention.Run(app, retention.Options{EraseAfterMonths: 24}, utc("2026-06-01 03:10:00")); err != nil {
			t.Fatal(err)
		}
		if _, err := app.FindFirstRecordByFilter("data_audit", "action = 'erase' && person = {:p} && detail = 'consent_withdrawn'",
			dbx.Params{"p": FreeMentee}); err != nil {
			t.Errorf("not erased for her withdrawal: %v", err)
		}
	})
}
