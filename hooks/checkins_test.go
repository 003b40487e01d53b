package hooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/sessions"
)

// signBoth starts the validated duo: both sign its agreement.
func signBoth(t testing.TB, h http.Handler) {
	t.Helper()
	agreement := "/api/collections/agreements/records/" + Agreement(t, DuoValidated)
	stamp := `"` + Now().UTC().Format("2006-01-02 15:04:05Z") + `"`
	for caller, field := range map[string]string{MentorValidated: "mentor_signed_at", MenteeValidated: "mentee_signed_at"} {
		if res := Send(t, h, caller, "PATCH", agreement, `{"`+field+`":`+stamp+`}`); res.Code != 200 {
			t.Fatalf("%s signing: %d %s", caller, res.Code, res.Body)
		}
	}
}

func checkinsOf(t testing.TB, app core.App, duo string) []*core.Record {
	t.Helper()
	list, err := app.FindAllRecords("sessions", dbx.HashExp{"duo": duo, "kind": sessions.Checkin})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// withPlan sets the Brussels branch's check-in plan, as an administrator does.
func withPlan(plan string) func(testing.TB, *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		Change(t, app, "", "branches", BranchBrussels, map[string]any{"checkin_after_months": plan})
	}
}

// When a duo starts, the check-ins its branch plans are planned: a month and three months in,
// on its weekly day (Tuesday), at its weekly hour in Brussels, at its place, hosted by its
// coordinator, seen by both of its people.
func TestAStartPlansTheBranchsCheckins(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	withPlan("3,1")(t, app)
	signBoth(t, h)
	duo := Find(t, app, "duos", DuoValidated)
	if duo.GetString("status") != lifecycle.Active {
		t.Fatalf("the duo is %s", duo.GetString("status"))
	}
	started := duo.GetDateTime("started_on").Time()
	checkins := checkinsOf(t, app, DuoValidated)
	if len(checkins) != 2 {
		t.Fatalf("%d check-ins planned, want 2", len(checkins))
	}
	brussels := lifecycle.Zone("Europe/Brussels")
	for i, months := range []int{1, 3} {
		s := checkins[i]
		local := s.GetDateTime("starts_at").Time().In(brussels)
		earliest := started.AddDate(0, months, -3) // the month's day, or its last day
		if local.Weekday() != time.Tuesday || local.Format("15:04") != "18:30" || local.Before(earliest) ||
			local.After(earliest.AddDate(0, 0, 10)) {
			t.Errorf("check-in %d months in starts %s, started %s", months, local, started.Format(time.DateOnly))
		}
		if got := s.GetDateTime("ends_at").Time().Sub(s.GetDateTime("starts_at").Time()); got != time.Hour {
			t.Errorf("it lasts %s", got)
		}
		if s.GetString("host") != CoordBrussels || s.GetString("place") != "Café" || s.GetString("status") != sessions.Planned {
			t.Errorf("host %q, place %q, status %q", s.GetString("host"), s.GetString("place"), s.GetString("status"))
		}
	}
	for _, caller := range []string{MentorValidated, MenteeValidated} {
		res := Send(t, h, caller, "GET", sessionsURL+"/"+checkins[0].Id, "")
		if res.Code != 200 {
			t.Errorf("%s cannot read the check-in: %d", caller, res.Code)
		}
	}
}

func TestCheckinPlans(t *testing.T) {
	cases := []struct {
		name, plan string
		want       int
	}{
		{"no plan, no check-in", "", 0},
		{"one a month for the first three months", "1,2,3", 3},
		{"a month named twice is planned once", "2,2", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			withPlan(c.plan)(t, app)
			signBoth(t, Handler(t, app))
			if got := len(checkinsOf(t, app, DuoValidated)); got != c.want {
				t.Errorf("%d check-ins, want %d", got, c.want)
			}
		})
	}
}

// A plan is months 1 to 6, separated by commas: anything else is refused, naming the field.
func TestACheckinPlanIsValidated(t *testing.T) {
	for _, plan := range []string{"0", "7", "1;3", "1,,3", "one"} {
		RunAll(t, []Call{{Name: "plan " + plan, Caller: Superuser, Method: "PATCH",
			URL: "/api/collections/branches/records/" + BranchBrussels, Body: `{"checkin_after_months":"` + plan + `"}`,
			Status: 400, Want: []string{`"checkin_after_months":{"code":"validation_invalid_format"`}}})
	}
}

// A duo that stops has no check-in to come: each is cancelled (its people's calendars say so).
func TestAStopCancelsTheCheckinsToCome(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	withPlan("1,3")(t, app)
	signBoth(t, h)
	res := Send(t, h, Coord, "PATCH", duoURL(DuoValidated), `{"status":"stopped","stop_category":"moved"}`)
	if res.Code != 200 {
		t.Fatalf("stopping: %d %s", res.Code, res.Body)
	}
	for _, s := range checkinsOf(t, app, DuoValidated) {
		if s.GetString("status") != sessions.Cancelled || s.GetInt("sequence") != 1 || s.GetDateTime("cancelled_at").IsZero() {
			t.Errorf("check-in %s: status %q, sequence %d", s.Id, s.GetString("status"), s.GetInt("sequence"))
		}
	}
}

// Where a check-in falls: the same day n months later (the month's last day when it has no
// such day), moved to the duo's weekly day of that week, at its weekly hour in the branch's
// zone (10:00 without one); a weekend day becomes the Monday after; none past the period.
func TestCheckinStart(t *testing.T) {
	duos := core.NewBaseCollection("duos")
	duos.Fields.Add(&core.DateField{Name: "started_on"}, &core.DateField{Name: "ends_on"},
		&core.NumberField{Name: "meeting_weekday"}, &core.TextField{Name: "meeting_time"})
	brussels := lifecycle.Zone("Europe/Brussels")
	cases := []struct {
		name, started, ends string
		weekday             int
		at                  string
		months              int
		want                string // local "2006-01-02 15:04", or "" for none
	}{
		{"a month in, on the weekly day", "2027-01-05", "2027-07-05", 2, "18:30", 1, "2027-02-09 18:30"},
		{"31 January plus a month is the end of February", "2027-01-31", "2027-07-31", 0, "", 1, "2027-03-01 10:00"},
		{"in a leap year, 29 February", "2028-01-31", "2028-07-31", 0, "09:15", 1, "2028-02-29 09:15"},
		{"a Saturday becomes Monday", "2027-01-06", "2027-07-06", 0, "", 1, "2027-02-08 10:00"},
		{"across the spring change, the same local hour", "2027-03-02", "2027-09-02", 2, "18:30", 1, "2027-04-06 18:30"},
		{"past the period's end, none", "2027-01-05", "2027-07-05", 2, "18:30", 6, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := core.NewRecord(duos)
			d.Set("started_on", c.started+" 00:00:00.000Z")
			d.Set("ends_on", c.ends+" 00:00:00.000Z")
			d.Set("meeting_weekday", c.weekday)
			d.Set("meeting_time", c.at)
			start, ok := sessions.CheckinStart(d, c.months, brussels)
			got := ""
			if ok {
				got = start.In(brussels).Format("2006-01-02 15:04")
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
