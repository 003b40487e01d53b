package reminders_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/reminders"
)

// The sweep's branch, in Paris, and its only coordinator.
const (
	sweepBranch = "branchsweep0001"
	sweepCoord  = "coordsweep00001"
	sweepZone   = "Europe/Paris"
)

// sweepDays is the sweep's calendar: every day of 2027 and 2028 (29 February 2028, four DST
// changes, every month end).
var sweepFirst = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

const sweepDays = 731

// sweepDuo is one duo of the sweep: ends on day i, meets on a weekday that turns with i, and
// its people live in the branch's zone or in one of their own.
type sweepDuo struct {
	id, validated, mentor, mentee, mentorZone, menteeZone string
	start, end                                            time.Time
	weekday                                               int // 1 Monday .. 7 Sunday
	validatedAt                                           time.Time
}

func sweepDuos() []sweepDuo {
	mentorZones := []string{"", "Europe/Lisbon"}
	menteeZones := []string{"", "Europe/Amsterdam", "Europe/Lisbon"}
	paris := location(sweepZone)
	out := make([]sweepDuo, sweepDays)
	for i := range out {
		end := sweepFirst.AddDate(0, 0, i)
		v := end.AddDate(0, 0, -200)
		out[i] = sweepDuo{
			id: fmt.Sprintf("swduo%010d", i), validated: fmt.Sprintf("swval%010d", i),
			mentor: fmt.Sprintf("swmtr%010d", i), mentee: fmt.Sprintf("swmte%010d", i),
			mentorZone: mentorZones[i%2], menteeZone: menteeZones[i%3],
			start: end.AddDate(0, 0, -181), end: end, weekday: 1 + i%7,
			// 00:30 in Paris: still the day before in Lisbon.
			validatedAt: time.Date(v.Year(), v.Month(), v.Day(), 0, 30, 0, 0, paris),
		}
	}
	return out
}

func (d sweepDuo) zoneOf(person string) string {
	zone := d.mentorZone
	if person == d.mentee {
		zone = d.menteeZone
	}
	if zone == "" {
		return sweepZone
	}
	return zone
}

// seedSweep writes the sweep's branch, people and duos with plain SQL: each duo active from
// 181 days before its end (six months at the least), with no meeting logged, and a second duo of the same two people,
// validated 200 days before that end, whose agreement nobody signs.
func seedSweep(t *testing.T, app core.App, duos []sweepDuo) {
	t.Helper()
	err := app.RunInTransaction(func(tx core.App) error {
		exec := func(sql string, params dbx.Params) error {
			_, err := tx.DB().NewQuery(sql).Bind(params).Execute()
			return err
		}
		person := func(id, role, zone string) error {
			return exec(`INSERT INTO users (id, email, tokenKey, password, verified, name, role, branch, locale, timezone, created, updated)
				VALUES ({:id}, {:id} || '@sweep.example.org', {:id}, 'x', 1, 'Sweep ' || {:id}, {:role}, {:branch}, 'fr', {:zone}, '', '')`,
				dbx.Params{"id": id, "role": role, "branch": sweepBranch, "zone": zone})
		}
		if err := exec(`INSERT INTO branches (id, name, city, country, timezone, locale, created, updated)
			VALUES ({:id}, 'Paris', 'Paris', 'FR', {:zone}, 'fr', '', '')`, dbx.Params{"id": sweepBranch, "zone": sweepZone}); err != nil {
			return err
		}
		if err := person(sweepCoord, "coordinator", ""); err != nil {
			return err
		}
		for _, d := range duos {
			if err := person(d.mentor, "mentor", d.mentorZone); err != nil {
				return err
			}
			if err := person(d.mentee, "mentee", d.menteeZone); err != nil {
				return err
			}
			for _, duo := range []struct{ id, status, start, end string }{
				{d.id, "active", dbDay(d.start), dbDay(d.end)}, {d.validated, "validated", "", ""}} {
				if err := exec(`INSERT INTO duos (id, branch, mentor, mentee, coordinator, status, started_on, ends_on,
					meeting_weekday, meeting_time, created, updated)
					VALUES ({:id}, {:branch}, {:mentor}, {:mentee}, '', {:status}, {:start}, {:end}, {:weekday}, '09:00', '', '')`,
					dbx.Params{"id": duo.id, "branch": sweepBranch, "mentor": d.mentor, "mentee": d.mentee, "status": duo.status,
						"start": duo.start, "end": duo.end, "weekday": d.weekday}); err != nil {
					return err
				}
			}
			if err := exec(`INSERT INTO agreements (id, duo, commitments, created, updated) VALUES ({:id}, {:duo}, '', '', '')`,
				dbx.Params{"id": "a" + d.validated[1:], "duo": d.validated}); err != nil {
				return err
			}
			at, _ := types.ParseDateTime(d.validatedAt)
			if err := exec(`INSERT INTO duo_events (id, duo, kind, from_status, to_status, actor_kind, at, created, updated)
				VALUES ({:id}, {:duo}, 'status_changed', 'proposed', 'validated', 'system', {:at}, '', '')`,
				dbx.Params{"id": "e" + d.validated[1:], "duo": d.validated, "at": at.String()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func dbDay(d time.Time) string { dt, _ := types.ParseDateTime(d); return dt.String() }

// atHour is an hour of a date on the wall clock of zone.
func atHour(date time.Time, hour int, zone string) time.Time {
	return time.Date(date.Year(), date.Month(), date.Day(), hour, 0, 0, 0, location(zone))
}

var locations = map[string]*time.Location{}

func location(zone string) *time.Location {
	if loc, ok := locations[zone]; ok {
		return loc
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		panic(err)
	}
	locations[zone] = loc
	return loc
}

// addMonths is the programme's month arithmetic, written here on its own: the same day, or
// the month's last day when it has no such day.
func addMonths(d time.Time, months int) time.Time {
	first := time.Date(d.Year(), d.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	return first.AddDate(0, 0, min(d.Day(), first.AddDate(0, 1, -1).Day())-1)
}

// expectedPushes is, for every duo of the sweep, each push the programme promises (dedupe key
// -> due time), worked out from the rules' own words rather than from their code.
func expectedPushes(duos []sweepDuo) map[string]time.Time {
	want := map[string]time.Time{}
	add := func(kind, duo, user, period string, at time.Time) {
		want[kind+":"+duo+":"+user+":"+period] = at
	}
	for _, d := range duos {
		for m := d.start; !m.After(d.end); m = m.AddDate(0, 0, 1) {
			if int(m.Weekday()+6)%7+1 != d.weekday {
				continue
			}
			// The day before the weekly meeting at 18:00, both of them.
			for _, p := range []string{d.mentor, d.mentee} {
				add("meeting_reminder", d.id, p, m.Format(time.DateOnly), atHour(m.AddDate(0, 0, -1), 18, d.zoneOf(p)))
			}
			// Two days after a meeting nobody logged, at 10:00, the mentor, while the duo runs.
			if nudge := m.AddDate(0, 0, 2); nudge.Before(d.end) {
				add("meeting_nudge", d.id, d.mentor, m.Format(time.DateOnly), atHour(nudge, 10, d.zoneOf(d.mentor)))
			}
		}
		// Evaluations: at the end, then 6 and 12 months later (the mentee's follow-ups).
		for _, kind := range []struct {
			name   string
			months int
		}{{"final", 0}, {"followup_6m", 6}, {"followup_12m", 12}} {
			opens := addMonths(d.end, kind.months)
			respondents := []string{d.mentee}
			if kind.months == 0 {
				respondents = append(respondents, d.mentor)
			}
			for _, p := range respondents {
				for _, step := range []int{0, 3, 7} {
					add("evaluation_due", d.id, p, fmt.Sprintf("%s-d%d", kind.name, step), atHour(opens.AddDate(0, 0, step), 10, d.zoneOf(p)))
				}
				// 14 days unanswered: the coordinator (keyed by evaluation id, matched below).
				add("evaluation_overdue", d.id, sweepCoord, kind.name+"/"+p, atHour(opens.AddDate(0, 0, 14), 10, sweepZone))
			}
		}
		// The unsigned agreement: 3 and 7 days after the validation's date where each lives.
		for _, p := range []string{d.mentor, d.mentee} {
			local := d.validatedAt.In(location(d.zoneOf(p)))
			day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
			for _, step := range []int{3, 7} {
				add("agreement_reminder", d.validated, p, fmt.Sprintf("d%d", step), atHour(day.AddDate(0, 0, step), 10, d.zoneOf(p)))
			}
		}
	}
	return want
}

// The planners on every day of two years: duos ending on each day (month ends, 29 February,
// both DST changes of 2027 and 2028), people in three zones. The clock steps twice a day
// like the real five-minute planner would, as far as what it sees goes: just after midnight
// in Paris (duos ending that day are completed) and late in the evening (every push of the
// day is due). Every promised push is planned exactly once, at its hour on its person's wall
// clock; nothing else is planned for these duos; the Monday digest counts the right duos.
func TestPlannersSweepTwoYears(t *testing.T) {
	duos := sweepDuos()
	w := newWorld(t, sweepFirst.AddDate(0, -7, 0))
	seedSweep(t, w.app, duos)
	lastDay := addMonths(duos[len(duos)-1].end, 12).AddDate(0, 0, 20)
	for day := sweepFirst.AddDate(0, -7, 0); !day.After(lastDay); day = day.AddDate(0, 0, 1) {
		w.at(t, day.Add(-time.Hour), reminders.Evaluations) // 23:00 UTC the day before
		for _, rule := range reminders.Rules {
			w.at(t, day.Add(21*time.Hour+30*time.Minute), rule)
		}
	}

	want := expectedPushes(duos)
	got := sweepOutbox(t, w)
	for key, due := range want {
		at, ok := got[key]
		switch {
		case !ok:
			t.Errorf("never planned: %s (due %v)", key, due)
		case !at.Equal(due):
			t.Errorf("%s: due %v, want %v", key, at.UTC(), due.UTC())
		}
	}
	for _, key := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[key]; !ok {
			t.Errorf("planned but not promised: %s at %v", key, got[key].UTC())
		}
	}
	checkDigests(t, w, duos, sweepFirst.AddDate(0, -7, 0), lastDay)
	t.Logf("%d pushes planned for %d duos ending on %d days", len(got), 2*len(duos), sweepDays)
}

// sweepOutbox is what the planners wrote for the sweep's duos and coordinator: dedupe key ->
// due time, a coordinator's overdue warning keyed by the evaluation's kind and respondent.
func sweepOutbox(t *testing.T, w *world) map[string]time.Time {
	t.Helper()
	var rows []struct {
		Key string `db:"k"`
		Due string `db:"due_at"`
	}
	err := w.app.DB().NewQuery(`SELECT CASE WHEN n.kind = 'evaluation_overdue'
			THEN n.kind || ':' || n.duo || ':' || n.user || ':' || e.kind || '/' || e.respondent ELSE n.dedupe_key END AS k,
		n.due_at FROM notifications n LEFT JOIN evaluations e ON n.kind = 'evaluation_overdue' AND e.id = substr(n.dedupe_key, -15)
		WHERE n.duo LIKE 'sw%'`).All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]time.Time, len(rows))
	for _, r := range rows {
		if _, twice := out[r.Key]; twice {
			t.Errorf("planned twice: %s", r.Key)
		}
		dt, _ := types.ParseDateTime(r.Due)
		out[r.Key] = dt.Time()
	}
	return out
}

// checkDigests: every Monday at 09:00 in Paris the coordinator hears how many running duos
// started three weeks ago or more logged no meeting since (none of the sweep's logs any).
func checkDigests(t *testing.T, w *world, duos []sweepDuo, from, to time.Time) {
	t.Helper()
	var rows []struct {
		Key     string `db:"dedupe_key"`
		Due     string `db:"due_at"`
		Payload string `db:"payload"`
	}
	if err := w.app.DB().NewQuery(`SELECT dedupe_key, due_at, payload FROM notifications
		WHERE kind = 'weekly_digest' AND user = {:coord}`).Bind(dbx.Params{"coord": sweepCoord}).All(&rows); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		dt, _ := types.ParseDateTime(r.Due)
		got[r.Key] = dt.Time().UTC().Format(time.RFC3339) + " " + r.Payload
	}
	want := map[string]string{}
	for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
		if day.Weekday() != time.Monday {
			continue
		}
		quiet := 0
		for _, d := range duos {
			if !d.start.After(day.AddDate(0, 0, -21)) && d.end.After(day) {
				quiet++
			}
		}
		if quiet == 0 {
			continue
		}
		text := "weekly_digest.many"
		if quiet == 1 {
			text = "weekly_digest.one"
		}
		want["weekly_digest::"+sweepCoord+":"+day.Format(time.DateOnly)] = atHour(day, 9, sweepZone).UTC().Format(time.RFC3339) +
			fmt.Sprintf(` {"text":%q,"params":{"count":"%d"},"target":{"filter":"quiet","screen":"duos"}}`, text, quiet)
	}
	for key, v := range want {
		if got[key] != v {
			t.Errorf("digest %s:\n got  %s\n want %s", key, got[key], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d digests, want %d", len(got), len(want))
	}
	t.Logf("%d weekly digests", len(want))
}
