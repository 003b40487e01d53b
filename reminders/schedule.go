package reminders

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/duoforajob/duo/lifecycle"
)

// schedules holds each parsed robfig schedule by spec; a spec names its zone (CRON_TZ), so
// the same weekly rule is one schedule per time zone, shared by everyone living in it.
var schedules sync.Map

// weekly is the schedule "every <weekday> at <hour>:00 in zone", weekday as Go's (Sunday 0).
// robfig evaluates it on the zone's wall clock, so 18:00 stays 18:00 across DST changes.
func weekly(zone string, weekday time.Weekday, hour int) cron.Schedule {
	return schedule(zone, hour, strconv.Itoa(int(weekday)))
}

// daily is the schedule "every day at <hour>:00 in zone".
func daily(zone string, hour int) cron.Schedule { return schedule(zone, hour, "*") }

func schedule(zone string, hour int, weekdays string) cron.Schedule {
	spec := fmt.Sprintf("CRON_TZ=%s 0 %d * * %s", lifecycle.Zone(zone).String(), hour, weekdays)
	if s, ok := schedules.Load(spec); ok {
		return s.(cron.Schedule)
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		panic(fmt.Sprintf("reminders: schedule %q: %v", spec, err)) // built from a loaded zone: cannot fail
	}
	actual, _ := schedules.LoadOrStore(spec, s)
	return actual.(cron.Schedule)
}

// firings lists the times a schedule fires in the window (from, to].
func firings(s cron.Schedule, from, to time.Time) []time.Time {
	var out []time.Time
	for t := s.Next(from); !t.IsZero() && !t.After(to); t = s.Next(t) {
		out = append(out, t)
	}
	return out
}

// window is a planning window that works out each schedule's firings once: thousands of
// people share a zone and a weekday.
type window struct {
	from, to time.Time
	memo     map[cron.Schedule][]time.Time
}

func newWindow(from, to time.Time) *window {
	return &window{from: from, to: to, memo: map[cron.Schedule][]time.Time{}}
}

func (w *window) firings(s cron.Schedule) []time.Time {
	out, ok := w.memo[s]
	if !ok {
		out = firings(s, w.from, w.to)
		w.memo[s] = out
	}
	return out
}

// atLocal is a calendar date (stored as 00:00Z) at hour:00 on the wall clock of zone.
func atLocal(date time.Time, hour int, zone string) time.Time {
	y, m, d := date.UTC().Date()
	return time.Date(y, m, d, hour, 0, 0, 0, lifecycle.Zone(zone))
}

// localDate is the calendar date of t in zone, as dates are stored (00:00Z).
func localDate(t time.Time, zone string) time.Time {
	return lifecycle.LocalDate(t, lifecycle.Zone(zone)).Time()
}

// cronWeekday turns a duo's meeting_weekday (1 Monday .. 7 Sunday) into Go's, moved by days.
func cronWeekday(meetingWeekday, days int) time.Weekday {
	return time.Weekday(((meetingWeekday+days)%7 + 7) % 7)
}

// isoDate is a date as it appears in dedupe keys and deep links.
func isoDate(t time.Time) string { return t.UTC().Format(time.DateOnly) }
