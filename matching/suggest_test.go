package matching_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/matching"
)

func TestMain(m *testing.M) { Run(m) }

// profiled gives the free mentee and three mentors the profiles a coordinator would fill in.
func profiled(t testing.TB, app core.App) {
	for user, fields := range map[string]map[string]any{
		FreeMentee: {"languages": []string{"fr", "ar"}, "sectors": []string{"logistics_transport"},
			"availability": []string{"mon_morning", "wed_afternoon", "fri_morning"}},
		FreeMentor: {"languages": []string{"fr", "ar", "en"}, "sectors": []string{"logistics_transport", "commerce_retail"},
			"availability": []string{"mon_morning", "wed_afternoon"}, "training_completed_on": Day(-30)},
		MentorOne: {"languages": []string{"fr"}, "sectors": []string{"logistics_transport"}, "availability": []string{"mon_morning"},
			"training_completed_on": Day(-300)},
		MentorCompleted: {"languages": []string{"nl"}},
	} {
		Change(t, app, "", "profiles", Profile(t, user), fields)
	}
}

func codes(s matching.Suggestion) []string {
	var out []string
	for _, r := range s.Reasons {
		out = append(out, r.Code)
	}
	return out
}

// The mentors of the mentee's branch, best first: what they share (languages, sector, weekly
// slots), a training done, and fewer duos already, each in the score with its reason.
func TestSuggestionsRankAndExplain(t *testing.T) {
	app := App(t)
	profiled(t, app)
	list, err := matching.Suggest(app, FreeMentee, 50)
	if err != nil {
		t.Fatal(err)
	}
	byMentor := map[string]matching.Suggestion{}
	var order []string
	for _, s := range list {
		byMentor[s.Mentor] = s
		order = append(order, s.Mentor)
	}
	cases := []struct {
		mentor string
		score  int
		codes  []string
	}{
		{FreeMentor, 20 + 25 + 10 + 10, []string{"shared_languages", "shared_sector", "shared_slots", "trained"}},
		{MentorOne, 10 + 25 + 5 + 10 - 15, []string{"shared_languages", "shared_sector", "shared_slots", "trained", "current_duos"}},
		{MentorCompleted, 0, []string{"no_shared_slot", "not_trained"}},
		{MentorProposed, -15, []string{"no_shared_slot", "not_trained", "current_duos"}},
	}
	for _, c := range cases {
		s, ok := byMentor[c.mentor]
		if !ok || s.Score != c.score || !slices.Equal(codes(s), c.codes) {
			t.Errorf("%s: got %+v, want score %d with %v", c.mentor, s, c.score, c.codes)
		}
	}
	if order[0] != FreeMentor || order[1] != MentorOne {
		t.Errorf("order %v", order)
	}
	if _, other := byMentor[MentorAntwerp]; other || len(list) != 7 {
		t.Errorf("%d suggestions: only the seven mentors of Brussels", len(list))
	}
	if langs := byMentor[FreeMentor].Reasons[0].Values; !slices.Equal(langs, []string{"ar", "fr"}) {
		t.Errorf("shared languages %v", langs)
	}
}

// Who may ask for suggestions, for whom.
func TestSuggestionsRoute(t *testing.T) {
	url := matching.SuggestionsRoute + "?mentee=" + FreeMentee
	calls := Matrix(t, "suggestions for a waiting mentee", "GET", url, "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 200, OtherCoord: 404, Superuser: 200})
	calls = append(calls,
		Call{Name: "a person who is not a mentee", Caller: Coord, Method: "GET", URL: matching.SuggestionsRoute + "?mentee=" + MentorOne, Status: 404},
		Call{Name: "no mentee", Caller: Coord, Method: "GET", URL: matching.SuggestionsRoute, Status: 404},
		Call{Name: "a limit too large", Caller: Coord, Method: "GET", URL: url + "&limit=51", Status: 400,
			Want: []string{`"limit":{"code":"validation_max_number_constraint"`}},
		Call{Name: "the first three, their reasons in the reader's language", Caller: Coord, Method: "GET", URL: url + "&limit=3",
			Status: 200, Want: []string{`"text":"Formation initiale pas encore suivie."`},
			NotWant: []string{MentorAntwerp}},
	)
	RunAll(t, calls)
}

// Suggestions for one mentee among 300 mentors with full profiles (goal: under 50 ms).
func BenchmarkSuggestionsAmong300Mentors(b *testing.B) {
	app := App(b)
	languages := []string{"fr", "nl", "en", "ar", "tr", "es", "ro", "uk"}
	sectors := []string{"logistics_transport", "ict", "healthcare", "hospitality_tourism", "commerce_retail", "construction"}
	slots := []string{"mon_morning", "tue_afternoon", "wed_morning", "thu_evening", "fri_morning", "sat_morning"}
	err := app.RunInTransaction(func(tx core.App) error {
		for i := range 300 {
			id := fmt.Sprintf("benchmentor%04d", i)
			if _, err := tx.DB().NewQuery(`INSERT INTO users (id, email, tokenKey, password, verified, name, role, branch, created, updated)
				VALUES ({:id}, {:id} || '@bench.example.org', {:id}, 'x', 1, {:id}, 'mentor', {:branch}, '', '')`).
				Bind(dbx.Params{"id": id, "branch": BranchBrussels}).Execute(); err != nil {
				return err
			}
			if _, err := tx.DB().NewQuery(`INSERT INTO profiles (id, user, languages, sectors, availability, training_completed_on, created, updated)
				VALUES ({:pid}, {:id}, {:l}, {:s}, {:a}, {:t}, '', '')`).Bind(dbx.Params{"pid": fmt.Sprintf("benchprofil%04d", i), "id": id,
				"l": fmt.Sprintf(`["%s","%s"]`, languages[i%8], languages[(i/8)%8]), "s": fmt.Sprintf(`["%s"]`, sectors[i%6]),
				"a": fmt.Sprintf(`["%s","%s"]`, slots[i%6], slots[(i/6)%6]), "t": map[bool]string{true: "2026-01-01 00:00:00.000Z"}[i%3 == 0]}).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	profiled(b, app)
	b.ResetTimer()
	for b.Loop() {
		if _, err := matching.Suggest(app, FreeMentee, matching.DefaultLimit); err != nil {
			b.Fatal(err)
		}
	}
}
