package erasure_test

import (
	"encoding/json"
	"fmt"
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
