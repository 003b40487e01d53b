package hooks_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
)

// Evaluations: the respondent's, complete when submitted, final once submitted.
func TestEvaluationRules(t *testing.T) {
	list := "/api/collections/evaluations/records"
	mentee := list + "/" + Evaluation(t, DuoCompleted, MenteeCompleted)
	mentor := list + "/" + Evaluation(t, DuoCompleted, MentorCompleted)
	now := Now().UTC().Format("2006-01-02 15:04:05Z")
	answers := `"expectations_met":4,"objectives_achieved":3,"satisfaction":5`
	submitted := func(t testing.TB, app *tests.TestApp) {
		Change(t, app, MenteeCompleted, "evaluations", Evaluation(t, DuoCompleted, MenteeCompleted), map[string]any{
			"expectations_met": 4, "objectives_achieved": 3, "satisfaction": 5, "outcome": "internship", "submitted_at": Now()})
	}
	RunAll(t, []Call{
		{Name: "an incomplete evaluation is not submitted", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body: `{"satisfaction":4,"submitted_at":"` + now + `"}`, Status: 400,
			Want: []string{`"expectations_met":{"code":"validation_required"`, `"outcome":{"code":"validation_required"`}},
		{Name: "a complete evaluation is submitted", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body: `{` + answers + `,"outcome":"internship","submitted_at":"` + now + `"}`, Status: 200},
		{Name: "a mentor's evaluation needs no outcome", Caller: MentorCompleted, Method: "PATCH", URL: mentor,
			Body: `{` + answers + `,"would_mentor_again":true,"submitted_at":"` + now + `"}`, Status: 200},
		{Name: "a submitted evaluation does not change", Caller: MenteeCompleted, Method: "PATCH", URL: mentee, Setup: submitted,
			Body: `{"comments":"on second thought"}`, Status: 400, Want: []string{`"comments":{"code":"duo_evaluation_submitted"`}},
		{Name: "not even by a superuser", Caller: Superuser, Method: "PATCH", URL: mentee, Setup: submitted,
			Body: `{"satisfaction":1}`, Status: 400, Want: []string{`"satisfaction":{"code":"duo_evaluation_submitted"`}},
		{Name: "a mentee does not answer the mentors' question", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body: `{"would_mentor_again":true}`, Status: 400, Want: []string{`"would_mentor_again":{"code":"duo_mentor_only_question"`}},
		{Name: "a mentee says how much more autonomous and connected, with the rest", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body: `{` + answers + `,"autonomy":5,"network":3,"outcome":"internship","submitted_at":"` + now + `"}`, Status: 200,
			Want: []string{`"autonomy":5`, `"network":3`}},
		{Name: "a mentor says whether they felt useful and learned to coach", Caller: MentorCompleted, Method: "PATCH", URL: mentor,
			Body: `{` + answers + `,"felt_useful":5,"coaching_skills":4,"submitted_at":"` + now + `"}`, Status: 200},
		{Name: "those questions are optional", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body: `{` + answers + `,"outcome":"none","submitted_at":"` + now + `"}`, Status: 200, Want: []string{`"autonomy":0`}},
		{Name: "a mentor does not answer the mentees' questions", Caller: MentorCompleted, Method: "PATCH", URL: mentor,
			Body: `{"autonomy":4}`, Status: 400, Want: []string{`"autonomy":{"code":"duo_mentee_only_question"`}},
		{Name: "a mentee does not answer whether they felt useful as a mentor", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body: `{"felt_useful":4}`, Status: 400, Want: []string{`"felt_useful":{"code":"duo_mentor_only_question"`}},
		{Name: "the new scores go from 1 to 5 too", Caller: MentorCompleted, Method: "PATCH", URL: mentor,
			Body: `{"coaching_skills":6}`, Status: 400, Want: []string{`"coaching_skills":{"code":"validation_max_number_constraint"`}},
		{Name: "scores go from 1 to 5", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body: `{"satisfaction":6}`, Status: 400, Want: []string{`"satisfaction":{"code":"validation_max_number_constraint"`}},
		{Name: "the outcome is one of the known ones", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body: `{"outcome":"lottery"}`, Status: 400, Want: []string{`"outcome":{"code":"validation_invalid_value"`}},
		{Name: "a submission is not dated in the future", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body:   `{` + answers + `,"outcome":"none","submitted_at":"` + Now().Add(48*time.Hour).UTC().Format("2006-01-02 15:04:05Z") + `"}`,
			Status: 400, Want: []string{`"submitted_at":{"code":"duo_submit_time"`}},
		{Name: "the respondent does not change the kind", Caller: MenteeCompleted, Method: "PATCH", URL: mentee,
			Body: `{"kind":"followup_6m"}`, Status: 403, Want: []string{`"kind":{"code":"duo_field_forbidden"`}},
		{Name: "a superuser does not hand an evaluation to someone else", Caller: Superuser, Method: "PATCH", URL: mentee,
			Body: `{"respondent":"` + MenteeOne + `"}`, Status: 400, Want: []string{`"respondent":{"code":"duo_immutable"`}},
		{Name: "follow-ups are the mentee's", Caller: Superuser, Method: "POST", URL: list,
			Body: `{"duo":"` + DuoCompleted + `","respondent":"` + MentorCompleted + `","kind":"followup_6m"}`, Status: 400,
			Want: []string{`"kind":{"code":"duo_followup_mentee_only"`}},
		{Name: "an evaluation belongs to the duo's people", Caller: Superuser, Method: "POST", URL: list,
			Body: `{"duo":"` + DuoCompleted + `","respondent":"` + MenteeOne + `","kind":"final"}`, Status: 400,
			Want: []string{`"respondent":{"code":"duo_not_respondent"`}},
		{Name: "one final evaluation per person and duo", Caller: Superuser, Method: "POST", URL: list,
			Body: `{"duo":"` + DuoCompleted + `","respondent":"` + MenteeCompleted + `","kind":"final"}`, Status: 400,
			Want: []string{`"code":"validation_not_unique"`}},
	})
}

// Accounts: nobody gives themselves a role or a branch; roles and branches stay consistent
// with the duos.
func TestAccountRules(t *testing.T) {
	users := "/api/collections/users/records"
	self := users + "/" + MenteeOne
	newAccount := `{"email":"nour@test.example.org","password":"long-enough-1","passwordConfirm":"long-enough-1",` +
		`"name":"Nour","role":"mentee","branch":"` + BranchBrussels + `"}`
	RunAll(t, []Call{
		{Name: "sign-up is closed", Caller: Anonymous, Method: "POST", URL: users, Body: newAccount, Status: 400},
		{Name: "a person does not give themselves a role", Caller: DuoMentee, Method: "PATCH", URL: self,
			Body: `{"role":"coordinator"}`, Status: 403, Want: []string{`"role":{"code":"duo_field_forbidden"`}},
		{Name: "a person does not move themselves to another branch", Caller: DuoMentee, Method: "PATCH", URL: self,
			Body: `{"branch":"` + BranchAntwerp + `"}`, Status: 400, Want: []string{`"branch":{"code":"validation_missing_rel_records"`}},
		{Name: "a coordinator does not change their own role", Caller: Coord, Method: "PATCH", URL: users + "/" + CoordBrussels,
			Body: `{"role":"mentor"}`, Status: 403, Want: []string{`"role":{"code":"duo_field_forbidden"`}},
		{Name: "a coordinator does not make coordinators", Caller: Coord, Method: "PATCH", URL: users + "/" + FreeMentee,
			Body: `{"role":"coordinator"}`, Status: 403, Want: []string{`"role":{"code":"duo_value_forbidden"`}},
		{Name: "a coordinator turns a mentee without duo into a mentor", Caller: Coord, Method: "PATCH", URL: users + "/" + FreeMentee,
			Body: `{"role":"mentor"}`, Status: 200, Want: []string{`"role":"mentor"`}},
		{Name: "a role does not change under a duo", Caller: Coord, Method: "PATCH", URL: self,
			Body: `{"role":"mentor"}`, Status: 400, Want: []string{`"role":{"code":"duo_role_has_duos"`}},
		{Name: "nobody leaves a branch with an open duo", Caller: Superuser, Method: "PATCH", URL: self,
			Body: `{"branch":"` + BranchAntwerp + `"}`, Status: 400, Want: []string{`"branch":{"code":"duo_branch_open_duos"`}},
		{Name: "a superuser moves a person without duo", Caller: Superuser, Method: "PATCH", URL: users + "/" + FreeMentee,
			Body: `{"branch":"` + BranchAntwerp + `"}`, Status: 200},
		{Name: "a time zone is an IANA name", Caller: DuoMentee, Method: "PATCH", URL: self,
			Body: `{"timezone":"Mars/Olympus"}`, Status: 400, Want: []string{`"timezone":{"code":"duo_timezone"`}},
		{Name: "a person sets their time zone", Caller: DuoMentee, Method: "PATCH", URL: self,
			Body: `{"timezone":"Europe/Paris","locale":"nl"}`, Status: 200, Want: []string{`"timezone":"Europe/Paris"`}},
		{Name: "duo speaks three languages", Caller: DuoMentee, Method: "PATCH", URL: self,
			Body: `{"locale":"de"}`, Status: 400, Want: []string{`"locale":{"code":"validation_invalid_value"`}},
		{Name: "a person changes their password with the old one", Caller: DuoMentee, Method: "PATCH", URL: self,
			Body: `{"password":"a-new-one-123","passwordConfirm":"a-new-one-123","oldPassword":"` + Password + `"}`, Status: 200},
		{Name: "not without it", Caller: DuoMentee, Method: "PATCH", URL: self,
			Body: `{"password":"a-new-one-123","passwordConfirm":"a-new-one-123"}`, Status: 400,
			Want: []string{`"oldPassword":{"code":"validation_required"`}},
		{Name: "a mentee reads the partner's name through expand", Caller: DuoMentee, Method: "GET",
			URL: duoURL(DuoOne) + "?expand=mentor", Status: 200, Want: []string{`"name":"Marc Mentor"`},
			NotWant: []string{MentorOne + "@test.example.org"}},
		{Name: "a coordinator resets a mentor's password", Caller: Coord, Method: "PATCH", URL: users + "/" + MentorOne,
			Body: `{"password":"a-new-one-123","passwordConfirm":"a-new-one-123"}`, Status: 200},
		{Name: "a new account speaks its branch's language and has a profile", Caller: Coord, Method: "POST", URL: users,
			Body: newAccount, Status: 200, Want: []string{`"locale":"fr"`},
			Check: func(t testing.TB, app *tests.TestApp) {
				user, err := app.FindAuthRecordByEmail("users", "nour@test.example.org")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := app.FindFirstRecordByData("profiles", "user", user.Id); err != nil {
					t.Errorf("the new account has no profile: %v", err)
				}
			}},
	})
}

// Profiles: consent for origin data, training recorded by coordinators, questions per role.
func TestProfileRules(t *testing.T) {
	profile := func(user string) string { return "/api/collections/profiles/records/" + Profile(t, user) }
	withNationality := func(t testing.TB, app *tests.TestApp) {
		Change(t, app, MenteeOne, "profiles", Profile(t, MenteeOne), map[string]any{
			"nationality": "SY", "nationality_consent_on": Day(-3)})
	}
	RunAll(t, []Call{
		{Name: "a mentor does not certify their own training", Caller: DuoMentor, Method: "PATCH", URL: profile(MentorOne),
			Body: `{"training_completed_on":"` + Day(-3) + `"}`, Status: 403, Want: []string{`"training_completed_on":{"code":"duo_field_forbidden"`}},
		{Name: "a coordinator records a mentor's training", Caller: Coord, Method: "PATCH", URL: profile(MentorOne),
			Body: `{"training_completed_on":"` + Day(-3) + `"}`, Status: 200},
		{Name: "a training is not completed tomorrow", Caller: Coord, Method: "PATCH", URL: profile(MentorOne),
			Body: `{"training_completed_on":"` + Day(2) + `"}`, Status: 400, Want: []string{`"training_completed_on":{"code":"duo_date_in_future"`}},
		{Name: "mentees follow no mentor training", Caller: Coord, Method: "PATCH", URL: profile(MenteeOne),
			Body: `{"training_completed_on":"` + Day(-3) + `"}`, Status: 400, Want: []string{`"training_completed_on":{"code":"duo_mentors_only"`}},
		{Name: "barriers are a mentee's answer", Caller: DuoMentor, Method: "PATCH", URL: profile(MentorOne),
			Body: `{"barriers":["language"]}`, Status: 400, Want: []string{`"barriers":{"code":"duo_mentees_only"`}},
		{Name: "a mentee names their barriers", Caller: DuoMentee, Method: "PATCH", URL: profile(MenteeOne),
			Body: `{"barriers":["language","network"]}`, Status: 200},
		{Name: "a nationality needs the date of consent", Caller: DuoMentee, Method: "PATCH", URL: profile(MenteeOne),
			Body: `{"nationality":"SY"}`, Status: 400, Want: []string{`"nationality_consent_on":{"code":"duo_consent_required"`}},
		{Name: "consent is not given tomorrow", Caller: DuoMentee, Method: "PATCH", URL: profile(MenteeOne),
			Body: `{"nationality":"SY","nationality_consent_on":"` + Day(2) + `"}`, Status: 400,
			Want: []string{`"nationality_consent_on":{"code":"duo_consent_date"`}},
		{Name: "a nationality with its consent is kept", Caller: DuoMentee, Method: "PATCH", URL: profile(MenteeOne),
			Body: `{"birth_country":"SY","birth_country_consent_on":"` + Day(0) + `"}`, Status: 200},
		{Name: "a country is an ISO code", Caller: DuoMentee, Method: "PATCH", URL: profile(MenteeOne),
			Body: `{"nationality":"Syria","nationality_consent_on":"` + Day(0) + `"}`, Status: 400,
			Want: []string{`"nationality":{"code":"validation_max_text_constraint"`}},
		{Name: "withdrawing the nationality withdraws its consent", Caller: DuoMentee, Method: "PATCH", URL: profile(MenteeOne),
			Setup: withNationality, Body: `{"nationality":""}`, Status: 200, Want: []string{`"nationality_consent_on":""`}},
		{Name: "a birth year is plausible", Caller: DuoMentee, Method: "PATCH", URL: profile(MenteeOne),
			Body: `{"birth_year":2020}`, Status: 400, Want: []string{`"birth_year":{"code":"duo_birth_year"`}},
		{Name: "languages are ISO codes from the list", Caller: DuoMentee, Method: "PATCH", URL: profile(MenteeOne),
			Body: `{"languages":["fr","klingon"]}`, Status: 400, Want: []string{`"languages":{"code":"validation_invalid_value"`}},
		{Name: "a profile stays with its person", Caller: Coord, Method: "PATCH", URL: profile(MenteeOne),
			Body: `{"user":"` + FreeMentee + `"}`, Status: 403, Want: []string{`"user":{"code":"duo_field_forbidden"`}},
	})
}
