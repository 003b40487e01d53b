package hooks_test

import (
	"errors"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/hooks"
	. "github.com/duoforajob/duo/internal/testkit"
)

// sixMonthsAfter is the programme's period, worked out here on its own: the same day six
// months later, or that month's last day when it has no such day (31 August -> 28 or 29
// February).
func sixMonthsAfter(d time.Time) time.Time {
	firstOfMonth := time.Date(d.Year(), d.Month()+6, 1, 0, 0, 0, 0, time.UTC)
	lastDay := firstOfMonth.AddDate(0, 1, -1).Day()
	return firstOfMonth.AddDate(0, 0, min(d.Day(), lastDay)-1)
}

// dateSweep checks the date rules of one record kind on a fixed app and clock.
type dateSweep struct {
	t     *testing.T
	app   core.App
	clock *Clock
}

// expect validates a record as every save would (duo's rules on the app's clock) and wants
// no error, or the code on the field.
func (s dateSweep) expect(r *core.Record, field, code string) {
	s.t.Helper()
	err := s.app.Validate(r)
	if code == "" {
		if err != nil {
			s.t.Fatalf("%v, %s %v: %v", s.clock.T, r.Collection().Name, r.PublicExport(), err)
		}
		return
	}
	var errs validation.Errors
	var fieldErr validation.Error
	if !errors.As(err, &errs) || !errors.As(errs[field], &fieldErr) || fieldErr.Code() != code {
		s.t.Fatalf("%v, %s %v: got %v, want %s on %s", s.clock.T, r.Collection().Name, r.PublicExport(), err, code, field)
	}
}

func (s dateSweep) setDuo(status string, start, end time.Time) {
	s.t.Helper()
	_, err := s.app.DB().Update("duos", dbx.Params{"status": status, "started_on": stored(start), "ends_on": stored(end)},
		dbx.HashExp{"id": DuoOne}).Execute()
	if err != nil {
		s.t.Fatal(err)
	}
}

func stored(d time.Time) string {
	dt, _ := types.ParseDateTime(d)
	return dt.String()
}

// The rules that read the calendar, on every day of two years (month ends, 29 February 2028
// and four DST changes among them), at 00:30 in Brussels: the date there is already one day
// ahead of the date in UTC, which is where "today" goes wrong.
func TestDateRulesSweepTwoYears(t *testing.T) {
	clock := &Clock{}
	s := dateSweep{t: t, app: AppWith(t, hooks.Options{Now: clock.Now}), clock: clock}
	meetings, _ := s.app.FindCachedCollectionByNameOrId("meetings")
	meeting := func(held time.Time) *core.Record {
		m := core.NewRecord(meetings)
		m.Load(map[string]any{"duo": DuoOne, "held_on": stored(held), "minutes": 60, "mode": "video"})
		return m
	}
	profile := Find(t, s.app, "profiles", Profile(t, MenteeOne))
	first := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for today := first; today.Before(first.AddDate(2, 0, 0)); today = today.AddDate(0, 0, 1) {
		clock.T = Brussels(today.Format(time.DateOnly) + " 00:30")
		day := func(n int) time.Time { return today.AddDate(0, 0, n) }

		// A period starting today lasts six months, not a day more, and never ends before it starts.
		duo := Find(t, s.app, "duos", DuoOne)
		duo.Set("started_on", stored(today))
		duo.Set("ends_on", stored(sixMonthsAfter(today)))
		s.expect(duo, "", "")
		duo.Set("ends_on", stored(sixMonthsAfter(today).AddDate(0, 0, 1)))
		s.expect(duo, "ends_on", "duo_period_range")
		duo.Set("ends_on", stored(day(-1)))
		s.expect(duo, "ends_on", "duo_period_range")

		// An active duo logs today's meeting, not tomorrow's.
		s.setDuo("active", day(-100), sixMonthsAfter(day(-100)))
		s.expect(meeting(today), "", "")
		s.expect(meeting(day(1)), "held_on", "duo_date_in_future")
		// A completed duo logs up to its end, for 30 days after it.
		s.setDuo("completed", day(-90), day(-30))
		s.expect(meeting(day(-30)), "", "")
		s.expect(meeting(day(-29)), "held_on", "duo_date_after_end")
		s.setDuo("completed", day(-91), day(-31))
		s.expect(meeting(day(-31)), "duo", "duo_log_closed")

		// Consent is given today or before, never tomorrow.
		profile.Set("nationality", "SY")
		profile.Set("nationality_consent_on", stored(today))
		s.expect(profile, "", "")
		profile.Set("nationality_consent_on", stored(day(1)))
		s.expect(profile, "nationality_consent_on", "duo_consent_date")
	}
}
