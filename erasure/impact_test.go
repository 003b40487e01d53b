package erasure_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/demo"
	"github.com/duoforajob/duo/erasure"
	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
)

// historyWorld is two branches with years of synthetic duos (stops, unanswered evaluations,
// unmatched mentees, consented origins), beside the fixtures and her world.
func historyWorld(t testing.TB, app core.App, duos int) {
	t.Helper()
	var branches []string
	for b := range 2 {
		id := fmt.Sprintf("erasebranch%04d", b)
		if _, err := app.DB().NewQuery(`INSERT INTO branches (id, name, city, country, timezone, locale, created, updated)
			VALUES ({:id}, {:id}, 'City', 'BE', 'Europe/Brussels', 'fr', '', '')`).Bind(dbx.Params{"id": id}).Execute(); err != nil {
			t.Fatal(err)
		}
		branches = append(branches, id)
	}
	if err := demo.History(app, branches, duos, demo.Published, Now(), 11); err != nil {
		t.Fatal(err)
	}
}

// closedPeople lists up to n mentors and mentees whose duos are all closed (or who never had
// one): the people a coordinator or the retention job may erase.
func closedPeople(t testing.TB, app core.App, n int) []string {
	var ids []string
	err := app.DB().NewQuery(`SELECT u.id FROM users u WHERE u.role IN ('mentee', 'mentor') AND u.erased_at = ''
		AND NOT EXISTS (SELECT 1 FROM duos d WHERE (d.mentor = u.id OR d.mentee = u.id) AND d.status IN ('proposed', 'validated', 'active'))
		ORDER BY u.id LIMIT {:n}`).Bind(dbx.Params{"n": n}).Column(&ids)
	if err != nil || len(ids) < n {
		t.Fatalf("only %d closed people: %v", len(ids), err)
	}
	return ids
}

func figures(t testing.TB, app core.App) string {
	var out []byte
	for _, q := range []impact.Query{{By: impact.ByQuarter}, {By: impact.ByMonth}, {By: impact.ByBranch},
		{By: impact.ByQuarter, Branch: BranchBrussels}} {
		for _, compute := range []func(core.App, impact.Query, time.Time) (*impact.Report, error){impact.Compute, impact.Publish} {
			report, err := compute(app, q, Now()) // exact, and as published (a pseudonym keeps the key)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(report)
			out = append(out, b...)
		}
	}
	return string(out)
}

// The impact figures before and after erasures are the same, to the last count, median and
// interval, by quarter, month and branch: mentors and mentees with stops, answers, origins,
// follow-ups and several duos each are erased, and people never matched.
func TestErasuresLeaveTheImpactFiguresAsTheyWere(t *testing.T) {
	app := App(t)
	herWorld(t, app)
	historyWorld(t, app, 240)
	before := figures(t, app)
	people := append(closedPeople(t, app, 60), MenteeCompleted, MentorClosed, FreeMentee)
	for _, p := range people {
		if _, err := erasure.Erase(app, p, "request", access.System(), Now()); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if after := figures(t, app); after != before {
		t.Errorf("the figures changed:\nbefore %s\nafter  %s", before, after)
	}
	var left int
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM users WHERE id IN ({:a}, {:b})").
		Bind(dbx.Params{"a": people[0], "b": MenteeCompleted}).Row(&left)
	if left != 0 {
		t.Errorf("%d erased people are still there", left)
	}
}

// The funnel (impact.md, "The funnel") before and after erasures is the same: the people
// erased had come to an information session (some after missing one), to an intake interview
// and, the mentors, to a training (with its date on their profile).
func TestErasuresLeaveTheFunnelAsItWas(t *testing.T) {
	app := App(t)
	herWorld(t, app)
	historyWorld(t, app, 240)
	people := append(closedPeople(t, app, 40), MentorClosed)
	exec := func(sql string, p dbx.Params) {
		t.Helper()
		if _, err := app.DB().NewQuery(sql).Bind(p).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	for i, kind := range []string{"info_session", "info_session", "intake", "training"} {
		for _, b := range []string{BranchBrussels, "erasebranch0000", "erasebranch0001"} {
			at := Now().AddDate(0, -3+i, 0).UTC().Format("2006-01-02 15:04:05.000Z")
			exec(`INSERT INTO sessions (id, branch, kind, starts_at, ends_at, status, created, updated)
				VALUES ({:id}, {:b}, {:kind}, {:at}, {:at}, '', '', '')`, dbx.Params{"id": fmt.Sprintf("erasefnl%d%s", i, b[len(b)-6:]),
				"b": b, "kind": kind, "at": at})
		}
	}
	for n, p := range people {
		var b, role string
		if err := app.DB().NewQuery("SELECT branch, role FROM users WHERE id = {:p}").Bind(dbx.Params{"p": p}).Row(&b, &role); err != nil {
			t.Fatal(err)
		}
		states := []string{"absent", "attended", "attended", "attended"}
		if n%3 == 0 {
			states[0] = "excused"
		}
		for i, state := range states {
			if i == 3 && role != "mentor" {
				continue
			}
			exec(`INSERT INTO attendance (id, session, person, state, created, updated) VALUES ({:id}, {:s}, {:p}, {:state}, '', '')`,
				dbx.Params{"id": fmt.Sprintf("erasefnla%02d%d", n, i), "s": fmt.Sprintf("erasefnl%d%s", i, b[len(b)-6:]), "p": p, "state": state})
		}
	}
	exec(`UPDATE profiles SET training_completed_on = '2024-03-01 00:00:00.000Z' WHERE user IN (SELECT id FROM users WHERE role = 'mentor')`, nil)
	before := figures(t, app)
	if !strings.Contains(before, `"info_attended:mentee":{"n":`) {
		t.Fatalf("no funnel in the figures: %.300s", before)
	}
	for _, p := range people {
		if _, err := erasure.Erase(app, p, "request", access.System(), Now()); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if after := figures(t, app); after != before {
		t.Errorf("the funnel changed:\nbefore %s\nafter  %s", before, after)
	}
}

func BenchmarkErase(b *testing.B) {
	app := NewApp(b)
	defer app.Cleanup()
	historyWorld(b, app, 3000)
	people := closedPeople(b, app, b.N)
	b.ResetTimer()
	for _, p := range people {
		if _, err := erasure.Erase(app, p, "request", access.System(), Now()); err != nil {
			b.Fatal(err)
		}
	}
}
