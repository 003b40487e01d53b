package demo

import (
	"errors"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/hooks"
	"github.com/duoforajob/duo/intake"
	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/matching"
	_ "github.com/duoforajob/duo/migrations"
	"github.com/duoforajob/duo/supervision"
)

func TestSeedFillsEveryStageAndOnlyOnce(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	hooks.Bind(app, hooks.Options{Now: testkit.Now})

	logins, err := Seed(app, "demo-password-1", testkit.Now())
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	if n, _ := app.CountRecords("duos"); n < 38 || n > 42 {
		t.Errorf("%d duos, want about 40", n)
	}
	if len(logins) < 80 {
		t.Errorf("only %d logins", len(logins))
	}
	for _, status := range []string{"proposed", "validated", "declined", "active", "completed", "stopped"} {
		n, err := app.CountRecords("duos", dbxEq("status", status))
		if err != nil || n == 0 {
			t.Errorf("no %s duo in the demo (%v)", status, err)
		}
	}
	if n, _ := app.CountRecords("meetings"); n < 300 {
		t.Errorf("only %d meetings", n)
	}
	for _, kind := range []string{"info_session", "training", "intake", "first_meeting", "signing_meeting", "checkin"} {
		if n, _ := app.CountRecords("sessions", dbxEq("kind", kind)); n == 0 {
			t.Errorf("no %s session in the demo", kind)
		}
	}
	for _, state := range []string{"invited", "registered", "attended", "absent", "excused"} {
		if n, _ := app.CountRecords("attendance", dbxEq("state", state)); n == 0 {
			t.Errorf("nobody %s in the demo", state)
		}
	}
	if n, _ := app.CountRecords("sessions", dbxEq("status", "cancelled")); n == 0 {
		t.Error("no cancelled session in the demo")
	}
	for _, about := range []string{"person", "duo"} {
		if n, _ := app.CountRecords("case_notes", dbx.NewExp("[["+about+"]] != ''")); n == 0 {
			t.Errorf("no note on a %s in the coordinator's working file", about)
		}
	}
	branch, _ := app.FindFirstRecordByFilter("branches", "")
	overview, err := supervision.Build(app, branch.Id, testkit.Now())
	if err != nil {
		t.Fatal(err)
	}
	risks := map[string]int{}
	for _, duo := range overview.AtRisk {
		for _, r := range duo.Reasons {
			risks[r.Code]++
		}
	}
	for _, code := range []string{supervision.RiskNoMeeting, supervision.RiskUnconfirmed, supervision.RiskUnsigned,
		supervision.RiskEvaluationDue, supervision.RiskEnding} {
		if risks[code] < 2 {
			t.Errorf("%d duos at risk for %s, want some", risks[code], code)
		}
	}
	t.Logf("duos by stage %v; %d at risk, by reason %v", overview.ByStatus, len(overview.AtRisk), risks)
	if len(overview.AtRisk) > 20 {
		t.Errorf("%d of the duos at risk: a branch in trouble, not a busy one", len(overview.AtRisk))
	}
	states := map[string]int{}
	duos, _ := app.FindRecordsByFilter("duos", "status = 'completed'", "", 0, 0)
	for _, duo := range duos {
		list, _ := supervision.DuoEvaluations(app, duo, testkit.Now())
		for _, e := range list {
			states[e.Kind+" "+e.State]++
		}
	}
	for _, want := range []string{"final answered", "final waiting", "final overdue", "followup_6m answered", "followup_6m overdue",
		"followup_6m upcoming", "followup_12m upcoming"} {
		if states[want] == 0 {
			t.Errorf("no %s evaluation in the demo: %v", want, states)
		}
	}
	t.Logf("completed duos' evaluations by kind and state: %v", states)
	newcomers, _ := intake.Find(app, branch.Id, intake.Filter{Training: intake.TrainingPending, Status: intake.StatusWaiting, Page: 1, PerPage: 50})
	invited := 0
	for _, p := range newcomers.Items {
		if p.InvitedAt != "" {
			invited++
		}
	}
	if newcomers.TotalItems < 2 || invited != 1 {
		t.Errorf("%d mentors to train, %d invited: want the newcomers, one invited", newcomers.TotalItems, invited)
	}
	// The waiting mentee has a good match and poor ones, for the console's matching page.
	kathleen, err := app.FindFirstRecordByData("users", "email", "kathleen@demo.example.org")
	if err != nil {
		t.Fatal(err)
	}
	suggestions, err := matching.Suggest(app, kathleen.Id, 10)
	if err != nil || len(suggestions) < 3 {
		t.Fatalf("suggestions %v: %v", suggestions, err)
	}
	if best, next := suggestions[0], suggestions[1]; best.Name != "Hedwig Peeters" || best.Score < 2*next.Score || best.Score < 50 {
		t.Errorf("the demo's best match for Kathleen: %s %d, then %s %d", best.Name, best.Score, next.Name, next.Score)
	}
	for name, goodMatch := range map[string]string{"Precious Okafor": "Koenraad Aerts", "Usman Khan": "Leen Hermans",
		"Oksana Bondar": "", "Gulalai Ahmadi": ""} {
		mentee, _ := app.FindFirstRecordByData("users", "name", name)
		list, err := matching.Suggest(app, mentee.Id, 3)
		if err != nil || len(list) == 0 {
			t.Fatalf("%s: %v", name, err)
		}
		if goodMatch != "" && (list[0].Name != goodMatch || list[0].Score < 50) {
			t.Errorf("%s: best %s %d, want %s", name, list[0].Name, list[0].Score, goodMatch)
		}
		if goodMatch == "" && list[0].Score > 20 {
			t.Errorf("%s should match poorly, best %s %d", name, list[0].Name, list[0].Score)
		}
	}
	if _, err := Seed(app, "again", testkit.Now()); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a second seed should be refused, got %v", err)
	}
}

func dbxEq(field, value string) dbx.Expression { return dbx.HashExp{field: value} }
