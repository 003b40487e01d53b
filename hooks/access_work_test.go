package hooks_test

import (
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/pocketbase/pocketbase/tests"
)

// Agreements are read by the duo and its coordinators, signed by each person for themselves,
// created by the server.
func TestAgreementAccess(t *testing.T) {
	list := "/api/collections/agreements/records?perPage=100"
	one := "/api/collections/agreements/records/" + Agreement(t, DuoOne)
	calls := []Call{
		{Name: "anonymous lists none", Caller: Anonymous, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "mentee lists their duo's", Caller: DuoMentee, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, DuoOne}},
		{Name: "mentor lists their duo's", Caller: DuoMentor, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, DuoOne}},
		{Name: "another duo's mentee lists only theirs", Caller: OtherMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, DuoTwo}, NotWant: []string{DuoOne}},
		{Name: "coordinator lists the branch's five", Caller: Coord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":5`}},
		{Name: "other coordinator lists their one", Caller: OtherCoord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, DuoAntwerp}},
		{Name: "superuser lists all", Caller: Superuser, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":6`}},
	}
	calls = append(calls, Matrix(t, "view duo one's agreement", "GET", one, "", Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 200, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "create an agreement for a proposed duo", "POST", list, `{"duo":"`+DuoProposed+`"}`, Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 400})...)
	// Signed by both: nobody may touch the commitments any more, superusers included.
	calls = append(calls, Matrix(t, "rewrite a signed agreement's commitments", "PATCH", one, `{"commitments":"Nothing"}`, Expect{
		Anonymous: 404, DuoMentee: 403, DuoMentor: 403, OtherMentee: 404, Coord: 400, OtherCoord: 404, Superuser: 400})...)
	// Signed and started: the agreement is the duo's record, kept from superusers too.
	calls = append(calls, Matrix(t, "delete duo one's agreement", "DELETE", one, "", Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 400})...)
	calls = append(calls,
		Call{Name: "a superuser cannot delete a completed duo's signed agreement", Caller: Superuser, Method: "DELETE",
			URL: "/api/collections/agreements/records/" + Agreement(t, DuoCompleted), Status: 400,
			Want: []string{"The signed agreement of a duo that started is kept with its history."}},
		Call{Name: "a superuser deletes the unsigned agreement of a validated duo", Caller: Superuser, Method: "DELETE",
			URL: "/api/collections/agreements/records/" + Agreement(t, DuoValidated), Status: 204},
		Call{Name: "nor by deleting its duo, which is kept with its agreement", Caller: Superuser, Method: "DELETE",
			URL: "/api/collections/duos/records/" + DuoClosed, Status: 403,
			Check: func(t testing.TB, app *tests.TestApp) {
				if _, err := app.FindRecordById("agreements", Agreement(t, DuoClosed)); err != nil {
					t.Error("the agreement went with a refused delete")
				}
			}},
	)
	RunAll(t, calls)
}

// Objectives are worked on by the duo and its coordinators.
func TestObjectiveAccess(t *testing.T) {
	list := "/api/collections/objectives/records?perPage=100"
	one := "/api/collections/objectives/records/" + ObjectiveOne
	calls := []Call{
		{Name: "anonymous lists none", Caller: Anonymous, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "mentee lists their duo's", Caller: DuoMentee, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, ObjectiveOne}},
		{Name: "mentor lists their duo's", Caller: DuoMentor, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, ObjectiveOne}},
		{Name: "another duo's mentee lists only theirs", Caller: OtherMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, ObjectiveTwo}},
		{Name: "coordinator lists the branch's three", Caller: Coord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":3`}},
		{Name: "other coordinator lists none of Brussels", Caller: OtherCoord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "superuser lists all", Caller: Superuser, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":3`}},
	}
	calls = append(calls, Matrix(t, "view an objective of duo one", "GET", one, "", Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 200, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "create an objective for duo one", "POST", list, `{"duo":"`+DuoOne+`","title":"Practise interviews"}`, Expect{
		Anonymous: 400, DuoMentee: 200, DuoMentor: 200, OtherMentee: 400, Coord: 200, OtherCoord: 400, Superuser: 200})...)
	calls = append(calls, Matrix(t, "move an objective of duo one forward", "PATCH", one, `{"status":"in_progress"}`, Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 200, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "delete an objective of duo one", "DELETE", one, "", Expect{
		Anonymous: 404, DuoMentee: 204, DuoMentor: 204, OtherMentee: 404, Coord: 204, OtherCoord: 404, Superuser: 204})...)
	RunAll(t, calls)
}

// Meetings are logged by the duo's mentor, confirmed by its mentee, read by its coordinators.
func TestMeetingAccess(t *testing.T) {
	list := "/api/collections/meetings/records?perPage=100"
	one := "/api/collections/meetings/records/" + MeetingOne
	newMeeting := `{"duo":"` + DuoOne + `","held_on":"` + Day(-1) + `","minutes":90,"mode":"video"}`
	calls := []Call{
		{Name: "anonymous lists none", Caller: Anonymous, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "mentee lists their duo's", Caller: DuoMentee, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, MeetingOne}},
		{Name: "mentor lists their duo's", Caller: DuoMentor, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, MeetingOne}},
		{Name: "another duo's mentee lists only theirs", Caller: OtherMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, MeetingTwo}},
		{Name: "coordinator lists the branch's three", Caller: Coord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":3`}},
		{Name: "other coordinator lists none of Brussels", Caller: OtherCoord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "superuser lists all", Caller: Superuser, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":3`}},
		{Name: "the mentee confirms a meeting", Caller: DuoMentee, Method: "PATCH", URL: one, Body: `{"mentee_confirmed":true}`,
			Status: 200, Want: []string{`"mentee_confirmed":true`}},
		{Name: "the mentor cannot confirm for the mentee", Caller: DuoMentor, Method: "PATCH", URL: one, Body: `{"mentee_confirmed":true}`,
			Status: 403, Want: []string{`"mentee_confirmed":{`, `"code":"duo_field_forbidden"`}},
	}
	calls = append(calls, Matrix(t, "view a meeting of duo one", "GET", one, "", Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 200, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "log a meeting for duo one", "POST", list, newMeeting, Expect{
		Anonymous: 400, DuoMentee: 400, DuoMentor: 200, OtherMentee: 400, Coord: 400, OtherCoord: 400, Superuser: 200})...)
	calls = append(calls, Matrix(t, "change the notes of a meeting", "PATCH", one, `{"notes":"Also the cover letter"}`, Expect{
		Anonymous: 404, DuoMentee: 403, DuoMentor: 200, OtherMentee: 404, Coord: 404, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "delete a meeting of duo one", "DELETE", one, "", Expect{
		Anonymous: 404, DuoMentee: 404, DuoMentor: 204, OtherMentee: 404, Coord: 404, OtherCoord: 404, Superuser: 204})...)
	RunAll(t, calls)
}

// Evaluations are read by their respondent and the branch's coordinators, answered by the
// respondent, created by the server.
func TestEvaluationAccess(t *testing.T) {
	list := "/api/collections/evaluations/records?perPage=100"
	menteeFinal := "/api/collections/evaluations/records/" + Evaluation(t, DuoCompleted, MenteeCompleted)
	calls := []Call{
		{Name: "anonymous lists none", Caller: Anonymous, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "a mentee without evaluation lists none", Caller: DuoMentee, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "the respondent lists their own only", Caller: MenteeCompleted, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, `"respondent":"` + MenteeCompleted + `"`}},
		{Name: "the partner does not list the respondent's", Caller: MentorCompleted, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`}, NotWant: []string{`"respondent":"` + MenteeCompleted + `"`}},
		{Name: "coordinator lists the branch's four", Caller: Coord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":4`}},
		{Name: "other coordinator lists none", Caller: OtherCoord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "superuser lists all", Caller: Superuser, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":4`}},
	}
	calls = append(calls, Matrix(t, "view the mentee's final evaluation", "GET", menteeFinal, "", Expect{
		Anonymous: 404, DuoMentee: 404, DuoMentor: 404, OtherMentee: 404, MenteeCompleted: 200, MentorCompleted: 404,
		Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "create a follow-up evaluation", "POST", list,
		`{"duo":"`+DuoCompleted+`","respondent":"`+MenteeCompleted+`","kind":"followup_6m"}`, Expect{
			Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, MenteeCompleted: 403, Coord: 403,
			OtherCoord: 403, Superuser: 200})...)
	calls = append(calls, Matrix(t, "answer the mentee's final evaluation", "PATCH", menteeFinal, `{"satisfaction":4}`, Expect{
		Anonymous: 404, DuoMentee: 404, DuoMentor: 404, OtherMentee: 404, MenteeCompleted: 200, MentorCompleted: 404,
		Coord: 404, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "delete the mentee's final evaluation", "DELETE", menteeFinal, "", Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, MenteeCompleted: 403, Coord: 403,
		OtherCoord: 403, Superuser: 204})...)
	RunAll(t, calls)
}

// The duo history is read like the duo and written by the server alone, superusers included.
func TestDuoEventAccess(t *testing.T) {
	list := "/api/collections/duo_events/records?perPage=100"
	first := Event(t, DuoOne)
	one := "/api/collections/duo_events/records/" + first
	calls := []Call{
		{Name: "anonymous lists none", Caller: Anonymous, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "mentee lists their duo's history", Caller: DuoMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{first}, NotWant: []string{DuoTwo}},
		{Name: "mentor lists their duo's history", Caller: DuoMentor, Method: "GET", URL: list, Status: 200,
			Want: []string{first}, NotWant: []string{DuoTwo}},
		{Name: "another duo's mentee does not list duo one's", Caller: OtherMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{DuoTwo}, NotWant: []string{first}},
		{Name: "coordinator lists the branch's", Caller: Coord, Method: "GET", URL: list, Status: 200,
			Want: []string{first}, NotWant: []string{DuoAntwerp}},
		{Name: "other coordinator lists only theirs", Caller: OtherCoord, Method: "GET", URL: list, Status: 200,
			Want: []string{DuoAntwerp}, NotWant: []string{first}},
		{Name: "superuser lists all", Caller: Superuser, Method: "GET", URL: list, Status: 200, Want: []string{first, DuoAntwerp}},
	}
	calls = append(calls, Matrix(t, "view an event of duo one", "GET", one, "", Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 200, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "write an event", "POST", list,
		`{"duo":"`+DuoOne+`","kind":"created","actor_kind":"system","at":"2026-01-01"}`, Expect{
			Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 403})...)
	calls = append(calls, Matrix(t, "rewrite an event", "PATCH", one, `{"detail":"nothing happened"}`, Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 400})...)
	calls = append(calls, Matrix(t, "erase an event", "DELETE", one, "", Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 403})...)
	RunAll(t, calls)
}
