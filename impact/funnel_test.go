package impact_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
)

// The funnel's branch and another, both in Brussels' zone.
const (
	funnelBranch = "branchfunnel001"
	otherBranch  = "branchfunnel002"
)

// funnelWorld writes people, sessions, attendance and duos with plain SQL.
type funnelWorld struct {
	t   testing.TB
	app core.App
	n   int
	loc *time.Location
	now time.Time
}

func newFunnelWorld(t testing.TB, app core.App) *funnelWorld {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	w := &funnelWorld{t: t, app: app, loc: loc, now: Now()}
	for _, b := range []string{funnelBranch, otherBranch} {
		w.exec(`INSERT INTO branches (id, name, city, country, timezone, locale, created, updated)
			VALUES ({:id}, {:id}, 'Bruxelles', 'BE', 'Europe/Brussels', 'fr', '', '')`, dbx.Params{"id": b})
	}
	return w
}

func (w *funnelWorld) exec(sql string, p dbx.Params) {
	w.t.Helper()
	if _, err := w.app.DB().NewQuery(sql).Bind(p).Execute(); err != nil {
		w.t.Fatal(err)
	}
}

// id is a new record id of 15 characters, its kind's letter after "fnl".
func (w *funnelWorld) id(kind string) string { w.n++; return fmt.Sprintf("fnl%s%011d", kind, w.n) }

func (w *funnelWorld) person(b, role string, intake time.Time) string {
	id := w.id("u")
	w.exec(`INSERT INTO users (id, email, tokenKey, password, verified, name, role, branch, created, updated, cell_key)
		VALUES ({:id}, {:id} || '@funnel.example.org', {:id}, 'x', 1, {:id}, {:role}, {:branch}, {:at}, '', {:key})`,
		dbx.Params{"id": id, "role": role, "branch": b, "at": mustDT(intake).String(), "key": keyOf(id)})
	return id
}

func (w *funnelWorld) session(b, kind string, at time.Time, status string) string {
	id := w.id("s")
	w.exec(`INSERT INTO sessions (id, branch, kind, starts_at, ends_at, status, created, updated)
		VALUES ({:id}, {:branch}, {:kind}, {:at}, {:end}, {:status}, '', '')`,
		dbx.Params{"id": id, "branch": b, "kind": kind, "at": mustDT(at).String(), "end": mustDT(at.Add(time.Hour)).String(), "status": status})
	return id
}

func (w *funnelWorld) attend(session, person, state string) {
	w.exec(`INSERT INTO attendance (id, session, person, state, created, updated) VALUES ({:id}, {:s}, {:p}, {:state}, '', '')`,
		dbx.Params{"id": w.id("a"), "s": session, "p": person, "state": state})
}

// registrant signs up for an information session (confirmed), with one line on its list.
func (w *funnelWorld) registrant(b, role, session, state string) string {
	id := w.id("r")
	w.exec(`INSERT INTO registrations (id, branch, session, first_name, last_name, email, role, language, consent_contact,
		confirmed_at, created, updated, cell_key)
		VALUES ({:id}, {:b}, {:s}, 'Ada', 'Prospect', {:id} || '@join.example.org', {:role}, 'fr', 1, {:at}, '', '', {:key})`,
		dbx.Params{"id": id, "b": b, "s": session, "role": role, "at": mustDT(w.now).String(), "key": keyOf(id)})
	w.exec(`INSERT INTO attendance (id, session, registration, state, created, updated) VALUES ({:id}, {:s}, {:r}, {:state}, '', '')`,
		dbx.Params{"id": w.id("a"), "s": session, "r": id, "state": state})
	return id
}

// convert turns a registrant into a person as the sign-up does: the registration names the
// person, and its lines become theirs (all of them, or keepLine: one left behind, as a line
// the person already had on that session would leave it).
func (w *funnelWorld) convert(registration, person string, keepLine bool) {
	w.exec(`UPDATE registrations SET person = {:p}, converted_at = {:at} WHERE id = {:r}`,
		dbx.Params{"p": person, "r": registration, "at": mustDT(w.now).String()})
	if !keepLine {
		w.exec(`UPDATE attendance SET person = {:p}, registration = '' WHERE registration = {:r}`, dbx.Params{"p": person, "r": registration})
	}
}

func (w *funnelWorld) trainedOn(person string, on time.Time) {
	w.exec(`INSERT INTO profiles (id, user, training_completed_on, created, updated) VALUES ({:id}, {:u}, {:on}, '', '')`,
		dbx.Params{"id": w.id("p"), "u": person, "on": day(on)})
}

// duo proposes a duo of mentor and mentee on a day; started, if not zero, is the day it started.
func (w *funnelWorld) duo(b, mentor, mentee string, proposed, started time.Time) {
	id, status, on := w.id("d"), "proposed", ""
	if !started.IsZero() {
		status, on = "active", day(started)
	}
	w.exec(`INSERT INTO duos (id, branch, mentor, mentee, status, started_on, created, updated, cell_key)
		VALUES ({:id}, {:branch}, {:mentor}, {:mentee}, {:status}, {:on}, {:created}, '', {:key})`,
		dbx.Params{"id": id, "branch": b, "mentor": mentor, "mentee": mentee, "status": status, "on": on,
			"created": mustDT(proposed).String(), "key": keyOf(id)})
}

// local is a wall-clock time of the branch, months from this month's first day.
func (w *funnelWorld) local(months, dayOf, hour, minute int) time.Time {
	today := w.now.In(w.loc)
	return time.Date(today.Year(), today.Month()+time.Month(months), dayOf, hour, minute, 0, 0, w.loc)
}

// funnel is the branch's exact funnel by month, by cohort ("" the total).
func (w *funnelWorld) funnel(b string) map[string]impact.FunnelGroup {
	w.t.Helper()
	r, err := impact.Compute(w.app, impact.Query{Branch: b, By: impact.ByMonth}, w.now)
	if err != nil {
		w.t.Fatal(err)
	}
	out := map[string]impact.FunnelGroup{}
	for _, f := range r.Funnel {
		out[f.Cohort] = f
	}
	return out
}

// Each step and rate on worlds small enough to count by hand: the total of the branch's
// funnel, and (where the case says) the month of its cohort, three months ago.
func TestEachStepOfTheFunnel(t *testing.T) {
	type rate struct{ num, den int }
	cases := []struct {
		name  string
		build func(w *funnelWorld)
		steps map[string]int  // of the total; the steps not named are 0
		rates map[string]rate // of the total
		month map[string]int  // of the cohort three months ago, if named
	}{
		{"two information sessions count once", func(w *funnelWorld) {
			p := w.person(funnelBranch, "mentee", w.local(-2, 3, 10, 0))
			w.attend(w.session(funnelBranch, "info_session", w.local(-3, 5, 18, 0), ""), p, "attended")
			w.attend(w.session(funnelBranch, "info_session", w.local(-3, 20, 18, 0), ""), p, "attended")
		}, map[string]int{"info_registered:mentee": 1, "info_attended:mentee": 1, "intake:mentee": 1},
			map[string]rate{"mentee_info_show_up": {1, 1}, "mentee_info_to_intake": {1, 1}, "mentee_intake_to_match": {0, 1}},
			map[string]int{"info_attended:mentee": 1, "intake:mentee": 1}},
		{"a cancelled information session does not count", func(w *funnelWorld) {
			p := w.person(funnelBranch, "mentee", w.local(-2, 3, 10, 0))
			w.attend(w.session(funnelBranch, "info_session", w.local(-3, 5, 18, 0), "cancelled"), p, "attended")
		}, map[string]int{"intake:mentee": 1}, nil, map[string]int{"intake:mentee": 0}},
		{"absent is expected, not attended", func(w *funnelWorld) {
			p := w.person(funnelBranch, "mentor", w.local(-2, 3, 10, 0))
			w.attend(w.session(funnelBranch, "info_session", w.local(-3, 5, 18, 0), ""), p, "absent")
		}, map[string]int{"info_registered:mentor": 1, "intake:mentor": 1},
			map[string]rate{"mentor_info_show_up": {0, 1}, "mentor_info_to_intake": {0, 0}}, map[string]int{"info_registered:mentor": 1}},
		{"excused is not expected", func(w *funnelWorld) {
			p := w.person(funnelBranch, "mentor", w.local(-2, 3, 10, 0))
			w.attend(w.session(funnelBranch, "info_session", w.local(-3, 5, 18, 0), ""), p, "excused")
		}, map[string]int{"intake:mentor": 1}, nil, nil},
		{"an untrained mentor", func(w *funnelWorld) {
			w.person(funnelBranch, "mentor", w.local(-3, 3, 10, 0))
		}, map[string]int{"intake:mentor": 1}, map[string]rate{"mentor_trained": {0, 1}}, map[string]int{"intake:mentor": 1}},
		{"a training attended trains", func(w *funnelWorld) {
			p := w.person(funnelBranch, "mentor", w.local(-3, 3, 10, 0))
			w.attend(w.session(funnelBranch, "training", w.local(-3, 9, 9, 30), ""), p, "attended")
		}, map[string]int{"intake:mentor": 1, "trained:mentor": 1}, map[string]rate{"mentor_trained": {1, 1}}, nil},
		{"a training date on the profile trains", func(w *funnelWorld) {
			p := w.person(funnelBranch, "mentor", w.local(-3, 3, 10, 0))
			w.trainedOn(p, w.local(-3, 9, 12, 0))
		}, map[string]int{"intake:mentor": 1, "trained:mentor": 1}, nil, nil},
		{"a cancelled training, or one missed, does not train", func(w *funnelWorld) {
			p := w.person(funnelBranch, "mentor", w.local(-3, 3, 10, 0))
			w.attend(w.session(funnelBranch, "training", w.local(-3, 9, 9, 30), "cancelled"), p, "attended")
			w.attend(w.session(funnelBranch, "training", w.local(-3, 19, 9, 30), ""), p, "absent")
		}, map[string]int{"intake:mentor": 1}, map[string]rate{"mentor_trained": {0, 1}}, nil},
		{"on an intake interview's list: taken in once they came", func(w *funnelWorld) {
			waiting := w.person(funnelBranch, "mentee", w.local(-3, 2, 10, 0))
			came := w.person(funnelBranch, "mentee", w.local(-3, 2, 10, 0))
			info := w.session(funnelBranch, "info_session", w.local(-3, 5, 18, 0), "")
			w.attend(info, waiting, "attended")
			w.attend(info, came, "attended")
			w.attend(w.session(funnelBranch, "intake", w.local(-3, 12, 14, 0), ""), waiting, "absent")
			w.attend(w.session(funnelBranch, "intake", w.local(-2, 1, 14, 0), ""), came, "attended")
		}, map[string]int{"info_registered:mentee": 2, "info_attended:mentee": 2, "intake:mentee": 1},
			map[string]rate{"mentee_info_to_intake": {1, 2}}, map[string]int{"info_attended:mentee": 2, "intake:mentee": 1}},
		{"matched, then signed", func(w *funnelWorld) {
			mentor, mentee := w.person(funnelBranch, "mentor", w.local(-3, 2, 10, 0)), w.person(funnelBranch, "mentee", w.local(-3, 2, 10, 0))
			other := w.person(funnelBranch, "mentee", w.local(-3, 2, 10, 0))
			w.duo(funnelBranch, mentor, mentee, w.local(-3, 10, 10, 0), w.local(-2, 1, 10, 0))
			w.duo(funnelBranch, mentor, other, w.local(-3, 8, 10, 0), time.Time{}) // proposed, declined or waiting
		}, map[string]int{"intake:mentor": 1, "intake:mentee": 2, "matched:mentor": 1, "matched:mentee": 2, "signed:mentor": 1, "signed:mentee": 1},
			map[string]rate{"mentee_intake_to_match": {2, 2}, "mentee_match_to_signed": {1, 2}, "mentor_match_to_signed": {1, 1}}, nil},
		{"a registrant who came and was never converted is in the first steps", func(w *funnelWorld) {
			info := w.session(funnelBranch, "info_session", w.local(-3, 5, 18, 0), "")
			w.registrant(funnelBranch, "mentee", info, "attended")
			w.registrant(funnelBranch, "mentee", info, "absent")
			w.registrant(funnelBranch, "mentor", info, "excused")
			w.registrant(funnelBranch, "mentee", w.session(funnelBranch, "info_session", w.local(1, 5, 18, 0), ""), "registered")
		}, map[string]int{"info_registered:mentee": 2, "info_attended:mentee": 1},
			map[string]rate{"mentee_info_show_up": {1, 2}, "mentee_info_to_intake": {0, 1}},
			map[string]int{"info_registered:mentee": 2, "info_attended:mentee": 1}},
		{"a registrant at an intake interview is taken in", func(w *funnelWorld) {
			info := w.session(funnelBranch, "info_session", w.local(-3, 5, 18, 0), "")
			r := w.registrant(funnelBranch, "mentor", info, "attended")
			w.exec(`INSERT INTO attendance (id, session, registration, state, created, updated) VALUES ({:id}, {:s}, {:r}, 'attended', '', '')`,
				dbx.Params{"id": w.id("a"), "s": w.session(funnelBranch, "intake", w.local(-3, 12, 14, 0), ""), "r": r})
		}, map[string]int{"info_registered:mentor": 1, "info_attended:mentor": 1, "intake:mentor": 1},
			map[string]rate{"mentor_info_to_intake": {1, 1}, "mentor_trained": {0, 1}}, nil},
		{"a converted registrant counts once, as the person", func(w *funnelWorld) {
			info := w.session(funnelBranch, "info_session", w.local(-3, 5, 18, 0), "")
			moved, left := w.registrant(funnelBranch, "mentee", info, "attended"), w.registrant(funnelBranch, "mentee", info, "attended")
			one, two := w.person(funnelBranch, "mentee", w.local(-3, 20, 10, 0)), w.person(funnelBranch, "mentee", w.local(-3, 20, 10, 0))
			w.convert(moved, one, false)
			w.attend(info, two, "attended") // the person's own line stays, the registrant's is left behind
			w.convert(left, two, true)
		}, map[string]int{"info_registered:mentee": 2, "info_attended:mentee": 2, "intake:mentee": 2},
			map[string]rate{"mentee_info_show_up": {2, 2}, "mentee_info_to_intake": {2, 2}}, nil},
		{"another branch's people are not in this branch", func(w *funnelWorld) {
			p := w.person(otherBranch, "mentee", w.local(-3, 2, 10, 0))
			w.attend(w.session(otherBranch, "info_session", w.local(-3, 5, 18, 0), ""), p, "attended")
			w.registrant(otherBranch, "mentor", w.session(otherBranch, "info_session", w.local(-3, 5, 18, 0), ""), "attended")
			q := w.person(otherBranch, "mentor", w.local(-3, 2, 10, 0))
			w.duo(otherBranch, q, p, w.local(-3, 10, 10, 0), w.local(-2, 1, 10, 0))
		}, map[string]int{}, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newFunnelWorld(t, App(t))
			c.build(w)
			got := w.funnel(funnelBranch)
			for _, id := range impact.FunnelStepIDs() {
				if n := got[""].Steps[id].N; n != c.steps[id] {
					t.Errorf("%s: %d, want %d", id, n, c.steps[id])
				}
			}
			for id, want := range c.rates {
				if r := got[""].Rates[id]; r.Numerator != want.num || r.Denominator != want.den {
					t.Errorf("%s: %d/%d, want %d/%d", id, r.Numerator, r.Denominator, want.num, want.den)
				}
			}
			month := w.local(-3, 1, 12, 0).Format("2006-01")
			for id, want := range c.month {
				if n := got[month].Steps[id].N; n != want {
					t.Errorf("%s in %s: %d, want %d", id, month, n, want)
				}
			}
		})
	}
}

// A cohort is a month of the branch's calendar: an information session at 23:30 on a month's
// last day is that month's, one at 00:30 on the first the next month's, whatever the UTC
// date; so is a day of a change of summer time (the suite runs again at the Makefile's hard
// dates, which move these months onto 29 February and the nights of the changes).
func TestFunnelCohortsAreMonthsOfTheBranch(t *testing.T) {
	w := newFunnelWorld(t, App(t))
	lastEvening := w.local(-1, 1, 0, 0).Add(-30 * time.Minute) // the last day of two months ago, 23:30
	firstNight := w.local(-1, 1, 0, 30)
	changeNight := lastSundayOf(w.now.In(w.loc).Year()-1, time.March, w.loc).Add(150 * time.Minute) // 03:30 summer time
	cases := []struct {
		at    time.Time
		month string
	}{
		{lastEvening, lastEvening.Format("2006-01")},
		{firstNight, firstNight.Format("2006-01")},
		{changeNight, changeNight.Format("2006-01")},
		{w.now, w.now.In(w.loc).Format("2006-01")}, // taken in now, in the branch's today
	}
	if lastEvening.Format("2006-01") == firstNight.Format("2006-01") {
		t.Fatalf("%v and %v are one month", lastEvening, firstNight)
	}
	for _, c := range cases {
		p := w.person(funnelBranch, "mentee", w.now)
		if !c.at.Equal(w.now) {
			w.attend(w.session(funnelBranch, "info_session", c.at, ""), p, "attended")
		}
	}
	got := w.funnel(funnelBranch)
	want := map[string]int{}
	for _, c := range cases {
		want[c.month]++
	}
	for month, n := range want {
		if got[month].Steps["intake:mentee"].N != n {
			t.Errorf("%s: %d entrants, want %d (%+v)", month, got[month].Steps["intake:mentee"].N, n, got[month])
		}
	}
}

// lastSundayOf is midnight of the month's last Sunday in loc (summer time begins that night
// in March, ends in October).
func lastSundayOf(year int, month time.Month, loc *time.Location) time.Time {
	d := time.Date(year, month+1, 1, 0, 0, 0, 0, loc).AddDate(0, 0, -1)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// A registrant of the sign-up gets a key when the server writes the registration, and keeps
// it through every update, as people and duos do.
func TestARegistrantHasAKeyOfItsOwn(t *testing.T) {
	app := App(t)
	w := newFunnelWorld(t, app)
	collection, err := app.FindCollectionByNameOrId("registrations")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(collection)
	r.Load(map[string]any{"branch": funnelBranch, "session": w.session(funnelBranch, "info_session", w.local(1, 5, 18, 0), ""),
		"first_name": "Ada", "last_name": "Prospect", "email": "ada@join.example.org", "role": "mentee", "language": "fr",
		"consent_contact": true})
	if err := app.SaveNoValidate(r); err != nil {
		t.Fatal(err)
	}
	key := keyOfRecord(t, app, "registrations", r.Id)
	if key < 1 || key > 255 {
		t.Fatalf("key %d", key)
	}
	r.Set("confirmed_at", w.now)
	r.Set(impact.KeyField, key%255+1)
	if err := app.SaveNoValidate(r); err != nil {
		t.Fatal(err)
	}
	if after := keyOfRecord(t, app, "registrations", r.Id); after != key {
		t.Errorf("the key went from %d to %d", key, after)
	}
}

// The console shows every step and conversion the server computes, each named in its three
// languages (pb_public/console/impact.js, its catalogs).
func TestTheConsoleShowsEveryStepOfTheFunnel(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "pb_public", "console", "impact.js"))
	if err != nil {
		t.Fatal(err)
	}
	listed := func(name string) []string {
		m := regexp.MustCompile(`const ` + name + ` = \[(.*)\];`).FindSubmatch(raw)
		if m == nil {
			t.Fatalf("impact.js has no %s", name)
		}
		var ids []string
		// Each entry is ['id'] or ['id', [roles]]: an id opens the list or follows "], ".
		for _, id := range regexp.MustCompile(`(?:^|\], )\['([a-z_]+)'`).FindAllSubmatch(m[1], -1) {
			ids = append(ids, string(id[1]))
		}
		return ids
	}
	var conversions []string
	for _, id := range impact.FunnelRateIDs() {
		if _, suffix, _ := strings.Cut(id, "_"); !slices.Contains(conversions, suffix) {
			conversions = append(conversions, suffix)
		}
	}
	for name, want := range map[string][]string{"STEPS": impact.FunnelSteps, "CONVERSIONS": conversions} {
		got := listed(name)
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
			t.Errorf("impact.js's %s are %v, the server's %v", name, got, want)
		}
		prefix := map[string]string{"STEPS": "impact.step.", "CONVERSIONS": "impact.conversion."}[name]
		for _, lang := range []string{"en", "fr", "nl"} {
			catalog, err := os.ReadFile(filepath.Join("..", "pb_public", "console", "locales", lang+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var texts map[string]string
			if err := json.Unmarshal(catalog, &texts); err != nil {
				t.Fatal(err)
			}
			for _, id := range want {
				if texts[prefix+id] == "" {
					t.Errorf("%s has no %s%s", lang, prefix, id)
				}
			}
		}
	}
}
