package reminders

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Ladders are steps a number of days after an anchor date (a validation, the end of a duo),
// each at ladderHour on the recipient's wall clock.

// latestStep finds the last step of a ladder (days after anchor, at ladderHour in zone)
// that falls in (from, to]: after downtime one push says it, not one per missed step.
func latestStep(steps []int, anchor time.Time, zone string, from, to time.Time) (int, time.Time, bool) {
	for i := len(steps) - 1; i >= 0; i-- {
		at := atLocal(anchor.AddDate(0, 0, steps[i]), ladderHour, zone)
		if at.After(from) && !at.After(to) {
			return steps[i], at, true
		}
	}
	return 0, time.Time{}, false
}

// ladderDays are the first and last calendar days on which ladderHour falls in (from, to] in
// some zone people live in; ok is false when it falls in none, as in most five-minute runs.
func ladderDays(app core.App, from, to time.Time) (first, last time.Time, ok bool, err error) {
	names, err := zones(app)
	if err != nil {
		return first, last, false, err
	}
	for _, zone := range names {
		for _, at := range firings(daily(zone, ladderHour), from, to) {
			day := localDate(at, zone)
			if !ok || day.Before(first) {
				first = day
			}
			if !ok || day.After(last) {
				last = day
			}
			ok = true
		}
	}
	return first, last, ok, nil
}

// anchorRanges are SQL conditions, one per step, keeping the rows whose anchor column (a
// date or a time) puts that step of a ladder on a day from first to last, the anchor being
// months after the column: a planner reads only the ladders it may advance. Each range keeps
// a day of margin for time zones, and three more for the lengths of months; also is ANDed to
// each, so that an index on (also's column, column) serves every range.
func anchorRanges(column, also string, steps []int, months int, first, last time.Time, params dbx.Params, prefix string) []string {
	margin := 1
	if months != 0 {
		margin += 3
	}
	var ranges []string
	for i, step := range steps {
		key := fmt.Sprintf("%s%d", prefix, i)
		params[key+"_from"] = dbDate(addMonths(first.AddDate(0, 0, -step-margin), -months))
		params[key+"_to"] = dbDate(addMonths(last.AddDate(0, 0, -step+margin+1), -months))
		ranges = append(ranges, fmt.Sprintf("(%s AND %s >= {:%s_from} AND %s < {:%s_to})", also, column, key, column, key))
	}
	return ranges
}
