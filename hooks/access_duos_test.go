package hooks_test

import (
	"net/http"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// Who may list, view, create, update and delete duos.
func TestDuoAccess(t *testing.T) {
	list := "/api/collections/duos/records?perPage=100"
	one := "/api/collections/duos/records/" + DuoOne
	newDuo := `{"branch":"` + BranchBrussels + `","mentor":"` + FreeMentor + `","mentee":"` + FreeMentee + `"}`
	RunAll(t, []Call{
		{Name: "anonymous lists nothing", Caller: Anonymous, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "mentee lists only their duo", Caller: DuoMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, `"id":"` + DuoOne + `"`}},
		{Name: "mentor lists only their duo", Caller: DuoMentor, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, `"id":"` + DuoOne + `"`}},
		{Name: "another duo's mentee lists only theirs", Caller: OtherMentee, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, `"id":"` + DuoTwo + `"`}},
		{Name: "coordinator lists the branch's six duos", Caller: Coord, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":6`}, NotWant: []string{DuoAntwerp}},
		{Name: "other branch's coordinator lists only theirs", Caller: OtherCoord, Method: "GET", URL: list, Status: 200,
			Want: []string{`"totalItems":1`, DuoAntwerp}},
		{Name: "superuser lists all", Caller: Superuser, Method: "GET", URL: list, Status: 200, Want: []string{`"totalItems":7`}},

		{Name: "anonymous cannot view", Caller: Anonymous, Method: "GET", URL: one, Status: 404},
		{Name: "mentee views their duo", Caller: DuoMentee, Method: "GET", URL: one, Status: 200, Want: []string{DuoOne}},
		{Name: "mentor views their duo", Caller: DuoMentor, Method: "GET", URL: one, Status: 200, Want: []string{DuoOne}},
		{Name: "another duo's mentee cannot view", Caller: OtherMentee, Method: "GET", URL: one, Status: 404},
		{Name: "coordinator views", Caller: Coord, Method: "GET", URL: one, Status: 200, Want: []string{DuoOne}},
		{Name: "other branch's coordinator cannot view", Caller: OtherCoord, Method: "GET", URL: one, Status: 404},
		{Name: "superuser views", Caller: Superuser, Method: "GET", URL: one, Status: 200, Want: []string{DuoOne}},

		{Name: "anonymous cannot create", Caller: Anonymous, Method: "POST", URL: list, Body: newDuo, Status: 400},
		{Name: "mentee cannot create", Caller: DuoMentee, Method: "POST", URL: list, Body: newDuo, Status: 400},
		{Name: "mentor cannot create", Caller: DuoMentor, Method: "POST", URL: list, Body: newDuo, Status: 400},
		{Name: "coordinator creates, proposed, supervised by them", Caller: Coord, Method: "POST", URL: list, Body: newDuo,
			Status: 200, Want: []string{`"status":"proposed"`, `"coordinator":"` + CoordBrussels + `"`}},
		{Name: "other branch's coordinator cannot create", Caller: OtherCoord, Method: "POST", URL: list, Body: newDuo,
			Status: 400, Want: []string{`"branch":{`, `"mentor":{`}},
		{Name: "superuser creates", Caller: Superuser, Method: "POST", URL: list, Body: newDuo, Status: 200},

		{Name: "anonymous cannot update", Caller: Anonymous, Method: "PATCH", URL: one, Body: `{"meeting_place":"Parc"}`, Status: 404},
		{Name: "mentee updates the meeting place", Caller: DuoMentee, Method: "PATCH", URL: one, Body: `{"meeting_place":"Parc"}`,
			Status: 200, Want: []string{`"meeting_place":"Parc"`}},
		{Name: "mentor updates the meeting place", Caller: DuoMentor, Method: "PATCH", URL: one, Body: `{"meeting_place":"Parc"}`, Status: 200},
		{Name: "another duo's mentee cannot update", Caller: OtherMentee, Method: "PATCH", URL: one, Body: `{"meeting_place":"Parc"}`, Status: 404},
		{Name: "coordinator updates", Caller: Coord, Method: "PATCH", URL: one, Body: `{"meeting_place":"Parc"}`, Status: 200},
		{Name: "other branch's coordinator cannot update", Caller: OtherCoord, Method: "PATCH", URL: one, Body: `{"meeting_place":"Parc"}`, Status: 404},
		{Name: "superuser updates", Caller: Superuser, Method: "PATCH", URL: one, Body: `{"meeting_place":"Parc"}`, Status: 200},

		{Name: "anonymous cannot delete", Caller: Anonymous, Method: "DELETE", URL: one, Status: 403},
		{Name: "mentee cannot delete", Caller: DuoMentee, Method: "DELETE", URL: one, Status: 403},
		{Name: "mentor cannot delete", Caller: DuoMentor, Method: "DELETE", URL: one, Status: 403},
		{Name: "another duo's mentee cannot delete", Caller: OtherMentee, Method: "DELETE", URL: one, Status: 403},
		{Name: "coordinator cannot delete (declines or stops instead)", Caller: Coord, Method: "DELETE", URL: one, Status: 403},
		{Name: "other branch's coordinator cannot delete", Caller: OtherCoord, Method: "DELETE", URL: one, Status: 403},
		{Name: "nor does a superuser: its agreement and history are kept", Caller: Superuser, Method: "DELETE", URL: one, Status: http.StatusForbidden,
			Want: []string{"never deleted"}},
	})
}
