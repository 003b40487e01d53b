package hooks_test

import (
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// Who may list, view, create, update and delete branches.
func TestBranchAccess(t *testing.T) {
	list := "/api/collections/branches/records"
	brussels := list + "/" + BranchBrussels
	calls := []Call{
		{Name: "anonymous lists nothing", Caller: Anonymous, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "mentee lists their branch", Caller: DuoMentee, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, BranchBrussels}},
		{Name: "mentor lists their branch", Caller: DuoMentor, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, BranchBrussels}},
		{Name: "coordinator lists their branch", Caller: Coord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, BranchBrussels}},
		{Name: "other coordinator lists theirs", Caller: OtherCoord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":1`, BranchAntwerp}},
		{Name: "superuser lists all", Caller: Superuser, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":2`}},
	}
	calls = append(calls, Matrix(t, "view Brussels", "GET", brussels, "", Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 200, OtherMentee: 200, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "create a branch", "POST", list,
		`{"name":"Liège","city":"Liège","country":"BE","timezone":"Europe/Brussels","locale":"fr"}`, Expect{
			Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})...)
	calls = append(calls, Matrix(t, "rename Brussels", "PATCH", brussels, `{"name":"Brussel"}`, Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})...)
	calls = append(calls, Matrix(t, "delete Brussels (people still belong to it)", "DELETE", brussels, "", Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 400})...)
	RunAll(t, calls)
}

// Who may list, view, create, update and delete accounts: sign-up is closed, partners see
// each other's names, coordinators manage the mentors and mentees of their branch.
func TestUserAccess(t *testing.T) {
	list := "/api/collections/users/records?perPage=100"
	mentor := "/api/collections/users/records/" + MentorOne
	free := "/api/collections/users/records/" + FreeMentee
	newMentee := `{"email":"new@test.example.org","password":"long-enough-1","passwordConfirm":"long-enough-1",` +
		`"name":"Nour","role":"mentee","branch":"` + BranchBrussels + `"}`
	calls := []Call{
		{Name: "anonymous lists nobody", Caller: Anonymous, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "mentee lists self, mentor and the branch's coordinator", Caller: DuoMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":3`, MentorOne, CoordBrussels}},
		{Name: "mentor lists self, mentee and the branch's coordinator", Caller: DuoMentor, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":3`, MenteeOne, CoordBrussels}},
		{Name: "another duo's mentee does not list duo one's people", Caller: OtherMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":3`, MentorTwo}, NotWant: []string{MentorOne, MenteeOne}},
		{Name: "coordinator lists the branch's fifteen people", Caller: Coord, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":15`}, NotWant: []string{MentorAntwerp}},
		{Name: "other coordinator lists their branch's three", Caller: OtherCoord, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":3`}, NotWant: []string{MentorOne}},
		{Name: "superuser lists everybody", Caller: Superuser, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":18`}},
		{Name: "a partner does not see the other's email", Caller: DuoMentee, Method: "GET", URL: mentor, Status: 200,
			Want: []string{`"name":"Marc Mentor"`}, NotWant: []string{MentorOne + "@test.example.org"}},
		{Name: "the coordinator sees a managed person's email", Caller: Coord, Method: "GET", URL: mentor, Status: 200,
			Want: []string{MentorOne + "@test.example.org"}},
		{Name: "a coordinator cannot create a coordinator", Caller: Coord, Method: "POST", URL: list,
			Body:   `{"email":"c@test.example.org","password":"long-enough-1","passwordConfirm":"long-enough-1","name":"C","role":"coordinator","branch":"` + BranchBrussels + `"}`,
			Status: 400},
		{Name: "a person renames themselves", Caller: DuoMentee, Method: "PATCH", URL: "/api/collections/users/records/" + MenteeOne,
			Body: `{"name":"Amina E."}`, Status: 200, Want: []string{`"name":"Amina E."`}},
		{Name: "a coordinator cannot delete a person who has duos", Caller: Coord, Method: "DELETE",
			URL: "/api/collections/users/records/" + MenteeOne, Status: 403},
	}
	calls = append(calls, Matrix(t, "view the duo's mentor", "GET", mentor, "", Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 200, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "create a mentee in Brussels", "POST", list, newMentee, Expect{
		Anonymous: 400, DuoMentee: 400, DuoMentor: 400, OtherMentee: 400, Coord: 200, OtherCoord: 400, Superuser: 200})...)
	calls = append(calls, Matrix(t, "rename a mentee without duo", "PATCH", free, `{"name":"Kathleen M."}`, Expect{
		Anonymous: 404, DuoMentee: 404, DuoMentor: 404, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "delete a mentee without duo (she is erased instead)", "DELETE", free, "", Expect{
		Anonymous: 404, DuoMentee: 404, DuoMentor: 404, OtherMentee: 404, Coord: 403, OtherCoord: 404, Superuser: 403})...)
	RunAll(t, calls)
}

// Profiles are read by the person and their branch's coordinators only, never by a partner.
func TestProfileAccess(t *testing.T) {
	list := "/api/collections/profiles/records?perPage=100"
	own := "/api/collections/profiles/records/" + Profile(t, MenteeOne)
	calls := []Call{
		{Name: "anonymous lists none", Caller: Anonymous, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "mentee lists their own", Caller: DuoMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, `"user":"` + MenteeOne + `"`}},
		{Name: "mentor lists their own, not the mentee's", Caller: DuoMentor, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, `"user":"` + MentorOne + `"`}},
		{Name: "coordinator lists the branch's fifteen", Caller: Coord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":15`}},
		{Name: "other coordinator lists their branch's three", Caller: OtherCoord, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":3`}},
		{Name: "superuser lists all", Caller: Superuser, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":18`}},
	}
	calls = append(calls, Matrix(t, "view the mentee's profile", "GET", own, "", Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 404, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "create a second profile for the mentee", "POST", list, `{"user":"`+MenteeOne+`"}`, Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 400})...)
	calls = append(calls, Matrix(t, "update the mentee's languages", "PATCH", own, `{"languages":["fr","ar"]}`, Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 404, OtherMentee: 404, Coord: 200, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "delete the mentee's profile (it goes with her erasure)", "DELETE", own, "", Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 403})...)
	RunAll(t, calls)
}
