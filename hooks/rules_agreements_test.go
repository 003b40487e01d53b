package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
)

// Signing: each person signs for themselves, once, while the duo is validated; the second
// signature starts the duo.
func TestSignatureRules(t *testing.T) {
	url := "/api/collections/agreements/records/" + Agreement(t, DuoValidated)
	now := Now().UTC().Format("2006-01-02 15:04:05Z")
	mentorSigned := func(t testing.TB, app *tests.TestApp) {
		Change(t, app, MentorValidated, "agreements", Agreement(t, DuoValidated), map[string]any{"mentor_signed_at": Now()})
	}
	RunAll(t, []Call{
		{Name: "a mentee cannot sign for the mentor", Caller: MenteeValidated, Method: "PATCH", URL: url,
			Body: `{"mentor_signed_at":"` + now + `"}`, Status: 403, Want: []string{`"mentor_signed_at":{"code":"duo_field_forbidden"`}},
		{Name: "a coordinator cannot sign for anyone", Caller: Coord, Method: "PATCH", URL: url,
			Body: `{"mentee_signed_at":"` + now + `"}`, Status: 403, Want: []string{`"mentee_signed_at":{"code":"duo_field_forbidden"`}},
		{Name: "another duo's mentee cannot sign", Caller: OtherMentee, Method: "PATCH", URL: url,
			Body: `{"mentee_signed_at":"` + now + `"}`, Status: 404},
		{Name: "the mentor signs, and the duo waits for the mentee", Caller: MentorValidated, Method: "PATCH", URL: url,
			Body: `{"mentor_signed_at":"` + now + `"}`, Status: 200,
			Check: func(t testing.TB, app *tests.TestApp) {
				expectField(t, Find(t, app, "duos", DuoValidated), "status", "validated")
				expectField(t, expectEvent(t, app, DuoValidated, "signed", "", "", MentorValidated), "detail", "mentor")
			}},
		{Name: "a signature is not dated in the future", Caller: MentorValidated, Method: "PATCH", URL: url,
			Body:   `{"mentor_signed_at":"` + Now().Add(24*time.Hour).UTC().Format("2006-01-02 15:04:05Z") + `"}`,
			Status: 400, Want: []string{`"mentor_signed_at":{"code":"duo_signature_time"`}},
		{Name: "a signature is not dated before the agreement", Caller: MentorValidated, Method: "PATCH", URL: url,
			Body: `{"mentor_signed_at":"2020-01-01 10:00:00Z"}`, Status: 400, Want: []string{`"mentor_signed_at":{"code":"duo_signature_time"`}},
		{Name: "a signature is not withdrawn", Caller: MentorValidated, Method: "PATCH", URL: url, Setup: mentorSigned,
			Body: `{"mentor_signed_at":""}`, Status: 400, Want: []string{`"mentor_signed_at":{"code":"duo_signature_final"`}},
		{Name: "a signature is not redated", Caller: MentorValidated, Method: "PATCH", URL: url, Setup: mentorSigned,
			Body: `{"mentor_signed_at":"` + now + `"}`, Status: 400, Want: []string{`"mentor_signed_at":{"code":"duo_signature_final"`}},
		{Name: "a superuser cannot withdraw a signature either", Caller: Superuser, Method: "PATCH",
			URL: "/api/collections/agreements/records/" + Agreement(t, DuoOne), Body: `{"mentee_signed_at":""}`,
			Status: 400, Want: []string{`"mentee_signed_at":{"code":"duo_signature_final"`}},
		{Name: "the second signature starts the duo for six months", Caller: MenteeValidated, Method: "PATCH", URL: url,
			Setup: mentorSigned, Body: `{"mentee_signed_at":"` + now + `"}`, Status: 200,
			Check: func(t testing.TB, app *tests.TestApp) {
				duo := Find(t, app, "duos", DuoValidated)
				expectField(t, duo, "status", "active")
				start := lifecycle.LocalDate(Now(), lifecycle.BranchLocation(app, BranchBrussels))
				expectField(t, duo, "started_on", start.String())
				expectField(t, duo, "ends_on", lifecycle.AddMonths(start, 6).String())
				expectEvent(t, app, DuoValidated, "status_changed", "validated", "active", MenteeValidated)
			}},
		{Name: "the commitments freeze with the first signature", Caller: Coord, Method: "PATCH", URL: url, Setup: mentorSigned,
			Body: `{"commitments":"Other terms"}`, Status: 400, Want: []string{`"commitments":{"code":"duo_commitments_frozen"`}},
		{Name: "before anyone signs, the coordinator adapts the commitments", Caller: Coord, Method: "PATCH", URL: url,
			Body: `{"commitments":"Adapted terms"}`, Status: 200, Want: []string{`"commitments":"Adapted terms"`}},
		{Name: "a stopped duo's agreement is not signed", Caller: MentorValidated, Method: "PATCH", URL: url,
			Setup: func(t testing.TB, app *tests.TestApp) {
				Change(t, app, CoordBrussels, "duos", DuoValidated, map[string]any{"status": "stopped", "stop_reason": "moved", "stop_category": "moved"})
			},
			Body: `{"mentor_signed_at":"` + now + `"}`, Status: 400, Want: []string{`"mentor_signed_at":{"code":"duo_not_signable"`}},
	})
}

// A mentee already active in one duo signs the agreement of a second: the signature is
// refused and the second duo stays validated.
func TestOneActiveDuoPerMentee(t *testing.T) {
	app := NewApp(t)
	second := "seconddu0000001"
	Make(t, app, CoordBrussels, "duos", second, map[string]any{"branch": BranchBrussels, "mentor": FreeMentor, "mentee": MenteeOne})
	Change(t, app, CoordBrussels, "duos", second, map[string]any{"status": "validated"})
	agreement, err := app.FindFirstRecordByData("agreements", "duo", second)
	if err != nil {
		t.Fatal(err)
	}
	Change(t, app, FreeMentor, "agreements", agreement.Id, map[string]any{"mentor_signed_at": Now()})
	scenario := tests.ApiScenario{
		Name:   "the second signature is refused",
		Method: "PATCH", URL: "/api/collections/agreements/records/" + agreement.Id,
		Body:           strings.NewReader(`{"mentee_signed_at":"` + Now().UTC().Format("2006-01-02 15:04:05Z") + `"}`),
		Headers:        Auth(t, MenteeOne),
		ExpectedStatus: 400, ExpectedContent: []string{`"mentee_signed_at":{"code":"duo_mentee_already_active"`},
		TestAppFactory: func(testing.TB) *tests.TestApp { return app },
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, _ *http.Response) {
			expectField(t, Find(t, app, "duos", second), "status", "validated")
			expectField(t, Find(t, app, "agreements", agreement.Id), "mentee_signed_at", "")
		},
	}
	scenario.Test(t)
}
