package impact_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

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

func TestCSVRoute(t *testing.T) {
	url := impact.CSVRoute + "?by=quarter"
	calls := Matrix(t, "the impact CSV", "GET", url, "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 200, OtherCoord: 200, Superuser: 200})
	calls = append(calls,
		Call{Name: "another branch's CSV is not found", Caller: OtherCoord, Method: "GET", URL: url + "&branch=" + BranchBrussels, Status: 404},
		Call{Name: "a wrong cohort is named", Caller: Coord, Method: "GET", URL: url + "&from=2025-3", Status: 400,
			Want: []string{`"from":{"code":"validation_invalid_value"`}},
		Call{Name: "it leaves the branch: even the coordinator's own small cells are suppressed", Caller: Coord, Method: "GET", URL: url,
			Status: 200, Want: []string{"branch,cohort,measure,numerator,denominator,unknown,pending,value,low,high,suppressed\n",
				",positive_exit_12m,,,,,,,,true\n", "total,total,mentor_coaching_skills,,,,,,,,true\n"}},
	)
	RunAll(t, calls)
}

// The CSV holds the JSON table's figures, line for line, where cells are large enough.
func TestCSVHoldsTheTablesFigures(t *testing.T) {
	w := newWorld(t)
	h := Handler(t, w.app)
	a := impact.Cohort(mustDT(time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -26, 0)).String(), impact.ByMonth)
	res := Send(t, h, Superuser, "GET", impact.CSVRoute+"?by=month&branch="+branch+"&from="+a+"&to="+a, "")
	lines := strings.Split(strings.TrimSpace(res.Body.String()), "\n")
	if res.Code != 200 || len(lines) < 1+3*len(impact.Measures) || res.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("%d, %d lines, %q", res.Code, len(lines), res.Header().Get("Content-Type"))
	}
	found := 0
	for _, l := range lines {
		if strings.HasSuffix(l, ",positive_exit_12m,8,12,3,0,0.6667,0.3906,0.8619,false") {
			found++
		}
	}
	if found != 2 { // the cohort and the total
		t.Errorf("no line for cohort A's 8 of 12:\n%s", res.Body)
	}
}
