package impact_test

import (
	"encoding/json"
	"fmt"
	"strings"
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
		Call{Name: "every branch at once hides cells under ten, and says its figures are perturbed", Caller: Superuser,
			Method: "GET", URL: url + "?by=branch", Status: 200,
			Want: []string{`"suppressed":true`, `"perturbation":{"method":"cell key","maxNoise":2,"variance":1.2109375}`}},
		Call{Name: "a coordinator's own figures are exact, and say so", Caller: Coord, Method: "GET", URL: url + "?by=branch",
			Status: 200, Want: []string{`"perturbation":null`}},
	)
	RunAll(t, calls)
}

// In the all-branches view, a group whose (perturbed) duos are fewer than ten shows neither
// its size nor any figure, and no rate is over fewer than ten; the seeded branches' few duos
// are shown in their branch's own view.
func TestSmallCellsLeaveNoFigureOutsideTheirBranch(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	var all, own struct{ Groups []impact.Group }
	res := Send(t, h, Superuser, "GET", impact.TableRoute+"?by=branch", "")
	if res.Code != 200 || json.Unmarshal(res.Body.Bytes(), &all) != nil {
		t.Fatalf("%d %s", res.Code, res.Body)
	}
	for _, g := range all.Groups {
		if g.Branch != "" && (!g.Suppressed || g.Started != 0) {
			t.Errorf("group %q of the seeded few duos: %+v", g.Branch, g)
		}
		for id, r := range g.Measures {
			if r.Suppressed && (r.Value != nil || r.Denominator != 0 || r.Numerator != 0 || r.Unknown != 0) ||
				!r.Suppressed && r.Denominator < impact.MinCell {
				t.Errorf("%s %s shows %+v", g.Branch, id, r)
			}
		}
		for id, c := range g.Counts {
			if c.N < impact.MinCell {
				t.Errorf("%s %s shows %d", g.Branch, id, c.N)
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

// The CSV holds the JSON table's figures outside the branch, line for line.
func TestCSVHoldsTheTablesFigures(t *testing.T) {
	w := newWorld(t)
	h := Handler(t, w.app)
	var table struct{ Groups []impact.Group }
	res := Send(t, h, Superuser, "GET", impact.TableRoute+"?by=month", "")
	if err := json.Unmarshal(res.Body.Bytes(), &table); err != nil {
		t.Fatal(err)
	}
	res = Send(t, h, Superuser, "GET", impact.CSVRoute+"?by=month", "")
	if res.Code != 200 || res.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("%d, %q", res.Code, res.Header().Get("Content-Type"))
	}
	csv := res.Body.String()
	shown := 0
	for _, g := range table.Groups {
		cohort := g.Cohort
		if cohort == "" {
			cohort = "total"
		}
		for id, r := range g.Measures {
			if r.Suppressed {
				continue
			}
			shown++
			line := fmt.Sprintf(",%s,%s,%d,%d,%d,%d,%.4f,%.4f,%.4f,false\n", cohort, id, r.Numerator, r.Denominator, r.Unknown,
				r.Pending, *r.Value, *r.Low, *r.High)
			if !strings.Contains(csv, line) {
				t.Errorf("no line %q in the CSV", line)
			}
		}
	}
	if shown < len(impact.Measures) {
		t.Errorf("only %d rates shown:\n%s", shown, csv)
	}
}

// What the route serves outside a branch is the published table itself, for every grouping
// and range: the attack on Publish (attack_test.go) is an attack on the route. A
// coordinator's CSV is the same file a superuser gets for her branch.
func TestTheRouteServesThePublishedTable(t *testing.T) {
	w := newWorld(t)
	h := Handler(t, w.app)
	for _, q := range []impact.Query{{By: impact.ByMonth}, {By: impact.ByQuarter, From: "2024-Q3"},
		{By: impact.ByBranch, To: "2025-Q2"}, {By: impact.ByMonth, From: "2024-06", To: "2025-01"}} {
		url := fmt.Sprintf("%s?by=%s&from=%s&to=%s", impact.TableRoute, q.By, q.From, q.To)
		var served struct {
			Groups []impact.Group `json:"groups"`
			Costs  []impact.Cost  `json:"costs"`
		}
		if res := Send(t, h, Superuser, "GET", url, ""); res.Code != 200 || json.Unmarshal(res.Body.Bytes(), &served) != nil {
			t.Fatalf("%s: %d %s", url, res.Code, res.Body)
		}
		published, err := impact.Publish(w.app, q, Now())
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(served)
		want, _ := json.Marshal(struct {
			Groups []impact.Group `json:"groups"`
			Costs  []impact.Cost  `json:"costs"`
		}{published.Groups, published.Costs})
		if string(got) != string(want) {
			t.Errorf("%s serves\n%s\nnot the published\n%s", url, got, want)
		}
	}
	own := Send(t, h, Coord, "GET", impact.CSVRoute+"?by=month", "")
	asked := Send(t, h, Superuser, "GET", impact.CSVRoute+"?by=month&branch="+BranchBrussels, "")
	if own.Code != 200 || own.Body.String() != asked.Body.String() {
		t.Errorf("the coordinator's CSV (%d) differs from her branch's:\n%s\n%s", own.Code, own.Body, asked.Body)
	}
}
