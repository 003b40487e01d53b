// Package lifecycle enforces the programme's rules: duo states, signatures, periods, the
// meeting log, objectives, evaluations, and the duo_events history.
package lifecycle

import (
	"sync"
	"time"
	_ "time/tzdata" // zone names must resolve in a scratch container too

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/internal/txmemo"
)

// Programme constants (seed 001: two hours a week, at most six months).
const (
	PeriodMonths     = 6
	LogGraceDays     = 30              // meetings may still be logged this long after the end
	ClockSkew        = 5 * time.Minute // tolerated for client-stamped times (signatures, submissions)
	DefaultTimezone  = "Europe/Brussels"
	ObjectiveHorizon = 12 // months after the duo's creation an objective may be due
)

// Dates without a time of day (started_on, ends_on, held_on, due_on, ...) are stored as the
// calendar date at 00:00:00Z: "2026-11-22 00:00:00.000Z" means 22 November wherever the
// branch is. The calendar date of "now" is taken in the branch's time zone.

// BranchLocation is the time zone of a branch, Brussels if it cannot be read. It is read on
// most saves, so it costs one single-column query and no zone parsing.
func BranchLocation(app core.App, branchID string) *time.Location {
	name, err := txmemo.Get(app, BranchZoneKey(branchID), func() (string, error) {
		var name string
		err := app.DB().NewQuery("SELECT timezone FROM branches WHERE id = {:id}").
			Bind(map[string]any{"id": branchID}).Row(&name)
		return name, err
	})
	if err != nil {
		return Zone(DefaultTimezone)
	}
	return Zone(name)
}

// BranchZoneKey names a branch's time zone in the transaction memo, forgotten when the branch
// is saved.
func BranchZoneKey(branchID string) string { return "branch.timezone." + branchID }

var zones sync.Map // IANA name -> *time.Location; zone data never changes while running

// Zone is the time zone of an IANA name, Brussels for an unknown or empty one; zones are
// loaded once.
func Zone(name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		if name == DefaultTimezone {
			return time.UTC
		}
		return Zone(DefaultTimezone)
	}
	zones.Store(name, loc)
	return loc
}

// LocalDate is the calendar date of t in loc, as a stored date.
func LocalDate(t time.Time, loc *time.Location) types.DateTime {
	y, m, d := t.In(loc).Date()
	return dateOf(y, m, d)
}

// DateOnly drops the time of day of a stored date-time, keeping its UTC calendar date.
func DateOnly(dt types.DateTime) types.DateTime {
	if dt.IsZero() {
		return dt
	}
	y, m, d := dt.Time().UTC().Date()
	return dateOf(y, m, d)
}

// AddMonths moves a date by whole months, clamping to the month's last day: six months after
// 31 August is 28 (or 29) February, never 3 March, so a period never exceeds six months.
func AddMonths(dt types.DateTime, months int) types.DateTime {
	t := dt.Time().UTC()
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, months, 0)
	lastDay := first.AddDate(0, 1, -1).Day()
	day := min(t.Day(), lastDay)
	return dateOf(first.Year(), first.Month(), day)
}

// AddDays moves a date by whole days.
func AddDays(dt types.DateTime, days int) types.DateTime {
	y, m, d := dt.Time().UTC().AddDate(0, 0, days).Date()
	return dateOf(y, m, d)
}

func dateOf(y int, m time.Month, d int) types.DateTime {
	dt, _ := types.ParseDateTime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
	return dt
}
