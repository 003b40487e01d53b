package hooks_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
)

// What a branch spent is the administrators' alone: nobody else lists, reads or writes it.
func TestBranchCostAccess(t *testing.T) {
	list := "/api/collections/branch_costs/records"
	body := `{"branch":"` + BranchBrussels + `","year":2026,"amount_eur":180000,"funder":"Actiris"}`
	calls := Matrix(t, "listing branch costs", "GET", list, "", Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})
	calls = append(calls, Matrix(t, "recording a branch's costs", "POST", list, body, Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})...)
	calls = append(calls,
		Call{Name: "a negative amount is refused, naming the field", Caller: Superuser, Method: "POST", URL: list,
			Body: `{"branch":"` + BranchBrussels + `","year":2026,"amount_eur":-1,"funder":"Actiris"}`, Status: 400,
			Want: []string{`"amount_eur":{"code":"validation_min_number_constraint"`}},
		Call{Name: "one line per branch, year and funder", Caller: Superuser, Method: "POST", URL: list, Body: body, Status: 400,
			Setup: func(t testing.TB, app *tests.TestApp) {
				Make(t, app, "", "branch_costs", "", map[string]any{"branch": BranchBrussels, "year": 2026, "amount_eur": 1000, "funder": "Actiris"})
			}, Want: []string{`"validation_not_unique"`}},
	)
	RunAll(t, calls)
}
