package impact_test

import (
	"encoding/json"
	"testing"

	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
)

func TestTableRoute(t *testing.T) {
	url := impact.TableRoute
	calls := Matrix(t, "the impact table", "GET", url+"?by=quarter", "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 200, OtherCoord: 200, Superuser: 200})
	calls = append(calls,
		Call{Name: "another branch's table is not found", Caller: OtherCoord, Method: "GET", URL: url + "?branch=" + BranchBrussels, Status: 404},
		Call{Name: "a branch that does not exist", Caller: Superuser, Method: "GET", URL: url + "?branch=nosuchbranch000", Status: 404},
		Call{Name: "an unknown grouping is named", Caller: Coord, Method: "GET", URL: url + "?by=week", Status: 400,
			Want: []string{`"by":{"code":"validation_invalid_value"`}},
		Call{Name: "a cohort that is not a month", Caller: Coord, Method: "GET", URL: url + "?by=month&from=2025-13", Status: 400,
			Want: []string{`"from":{"code":"validation_invalid_value"`}},
		Call{Name: "a quarter where months are asked for", Caller: Coord, Method: "GET", URL: url + "?by=month&to=2025-Q1", Status: 400,
			Want: []string{`"to":{"code":"validation_invalid_value"`}},
		Call{Name: "a coordinator sees her branch's small cells: they stay in the branch", Caller: Coord, Method: "GET",
			URL: url + "?by=quarter", Status: 200, Want: []string{`"branch":"` + BranchBrussels + `"`, `"numerator":`},
			NotWant: []string{`"suppressed":true`}},
		Call{Name: "every branch at once hides cells under ten", Caller: Superuser, Method: "GET", URL: url + "?by=branch", Status: 200,
			Want: []string{`"suppressed":true`}, NotWant: []string{`"numerator":`}},
	)
	RunAll(t, calls)
}

// In the all-branches view, a group of fewer than ten duos shows neither its size nor any
// figure; the same group in its branch's own view shows both.
func TestSmallCellsLeaveNoFigureOutsideTheirBranch(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	var all, own struct{ Groups []impact.Group }
	res := Send(t, h, Superuser, "GET", impact.TableRoute+"?by=branch", "")
	if res.Code != 200 || json.Unmarshal(res.Body.Bytes(), &all) != nil {
		t.Fatalf("%d %s", res.Code, res.Body)
	}
	for _, g := range all.Groups {
		if !g.Suppressed || g.Started != 0 {
			t.Errorf("group %q of the seeded few duos: %+v", g.Branch, g)
		}
		for id, r := range g.Measures {
			if !r.Suppressed || r.Value != nil || r.Denominator != 0 || r.Numerator != 0 || r.Unknown != 0 {
				t.Errorf("%s %s shows %+v", g.Branch, id, r)
			}
		}
	}
	res = Send(t, h, Coord, "GET", impact.TableRoute+"?by=branch", "")
	if json.Unmarshal(res.Body.Bytes(), &own) != nil || len(own.Groups) == 0 || own.Groups[0].Started == 0 || own.Groups[0].Suppressed {
		t.Errorf("the branch's own view: %s", res.Body)
	}
}
