package hooks_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/duoforajob/duo/hooks"
	"github.com/duoforajob/duo/i18n"
	. "github.com/duoforajob/duo/internal/testkit"
)

func TestEvaluationFormRoute(t *testing.T) {
	url := hooks.EvaluationFormRoute
	calls := Matrix(t, "the mentee's final form", "GET", url+"?kind=final&side=mentee", "", Expect{
		Anonymous: 401, DuoMentee: 200, DuoMentor: 200, OtherMentee: 200, Coord: 200, OtherCoord: 200, Superuser: 200})
	calls = append(calls,
		Call{Name: "a mentee's own form, in her language", Caller: DuoMentee, Method: "GET", URL: url + "?kind=final", Status: 200,
			Want:    []string{`"side":"mentee"`, `"field":"outcome"`, `"field":"autonomy"`, `"text":"Un stage"`},
			NotWant: []string{`"field":"felt_useful"`}},
		Call{Name: "a mentor's own form", Caller: DuoMentor, Method: "GET", URL: url + "?kind=final", Status: 200,
			Want:    []string{`"side":"mentor"`, `"field":"felt_useful"`, `"field":"would_mentor_again","type":"yes_no"`},
			NotWant: []string{`"field":"outcome"`, `"field":"autonomy"`}},
		Call{Name: "a coordinator names the side", Caller: Coord, Method: "GET", URL: url + "?kind=final", Status: 400,
			Want: []string{`"side":{"code":"validation_invalid_value"`}},
		Call{Name: "follow-ups are the mentee's", Caller: Coord, Method: "GET", URL: url + "?kind=followup_6m&side=mentor", Status: 400,
			Want: []string{`"kind":{"code":"duo_followup_mentee_only"`}},
		Call{Name: "an unknown kind is named", Caller: DuoMentee, Method: "GET", URL: url + "?kind=weekly", Status: 400,
			Want: []string{`"kind":{"code":"validation_invalid_value"`}},
	)
	RunAll(t, calls)
}

// Every form in every language has words for each question and answer, asks only for fields
// the evaluations collection has, and leaves none of the respondents' fields unasked.
func TestEvaluationFormsAreWholeInEveryLanguage(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	evaluations, _ := app.FindCollectionByNameOrId("evaluations")
	asked := map[string]bool{}
	for _, lang := range i18n.Locales {
		for _, form := range []string{"kind=final&side=mentor", "kind=final&side=mentee", "kind=followup_6m&side=mentee", "kind=followup_12m&side=mentee"} {
			res := SendWith(t, h, Coord, "GET", hooks.EvaluationFormRoute+"?"+form, "", map[string]string{"Accept-Language": lang})
			var body struct {
				Title     string
				Scale     []struct{ Text string }
				Questions []struct {
					Field, Text string
					Options     []struct{ Value, Text string }
				}
			}
			if res.Code != 200 || json.Unmarshal(res.Body.Bytes(), &body) != nil {
				t.Fatalf("%s %s: %d %s", lang, form, res.Code, res.Body)
			}
			if body.Title == "" || len(body.Scale) != 5 || slices.ContainsFunc(body.Scale, func(s struct{ Text string }) bool { return s.Text == "" }) {
				t.Errorf("%s %s: title or scale without words", lang, form)
			}
			for _, q := range body.Questions {
				asked[q.Field] = true
				if q.Text == "" || evaluations.Fields.GetByName(q.Field) == nil {
					t.Errorf("%s %s: %s has no words or no field", lang, form, q.Field)
				}
				for _, o := range q.Options {
					if o.Text == "" {
						t.Errorf("%s %s: %s %s has no words", lang, form, q.Field, o.Value)
					}
				}
			}
		}
	}
	for _, f := range []string{"expectations_met", "objectives_achieved", "satisfaction", "outcome", "would_mentor_again",
		"comments", "autonomy", "network", "felt_useful", "coaching_skills"} {
		if !asked[f] {
			t.Errorf("no form asks for %s", f)
		}
	}
}
