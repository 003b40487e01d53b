package calendar

import (
	"time"

	"github.com/emersion/go-ical"
)

// vtimezone describes a time zone for the span of a feed, as RFC 5545 asks of every TZID a
// feed names: one observance from the span's start, then one at each change of offset (the
// daylight-saving changes), read from Go's own zone data, so any zone is right, not only the
// European rule.
func vtimezone(loc *time.Location, from, to time.Time) *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, loc.String())
	from = from.Truncate(24 * time.Hour)
	name, offset := from.In(loc).Zone()
	tz.Children = append(tz.Children, observance(from, loc, offset, offset, name))
	for _, change := range offsetChanges(loc, from, to) {
		before := offsetAt(change.Add(-time.Second), loc)
		name, after := change.In(loc).Zone()
		tz.Children = append(tz.Children, observance(change, loc, before, after, name))
	}
	return tz
}

// observance is one STANDARD or DAYLIGHT part: from the instant start, the zone is after
// seconds east of UTC; its DTSTART is that instant in the local time before it.
func observance(start time.Time, loc *time.Location, before, after int, name string) *ical.Component {
	kind := ical.CompTimezoneStandard
	if start.In(loc).IsDST() {
		kind = ical.CompTimezoneDaylight
	}
	c := ical.NewComponent(kind)
	local := start.UTC().Add(time.Duration(before) * time.Second)
	set(c.Props, ical.PropDateTimeStart, local.Format("20060102T150405")) // a local time, as RFC 5545 wants here
	set(c.Props, ical.PropTimezoneOffsetFrom, utcOffset(before))
	set(c.Props, ical.PropTimezoneOffsetTo, utcOffset(after))
	c.Props.SetText(ical.PropTimezoneName, name)
	return c
}

// offsetChanges lists the instants, between from and to, at which the zone's offset changes:
// found day by day, then to the second.
func offsetChanges(loc *time.Location, from, to time.Time) []time.Time {
	var changes []time.Time
	for day := from; day.Before(to); day = day.Add(24 * time.Hour) {
		next := day.Add(24 * time.Hour)
		if offsetAt(day, loc) == offsetAt(next, loc) {
			continue
		}
		lo, hi := day, next // the offset differs between lo and hi: narrow it down
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2)
			if offsetAt(mid, loc) == offsetAt(lo, loc) {
				lo = mid
			} else {
				hi = mid
			}
		}
		changes = append(changes, hi.Truncate(time.Second))
	}
	return changes
}

func offsetAt(t time.Time, loc *time.Location) int {
	_, offset := t.In(loc).Zone()
	return offset
}

// utcOffset writes seconds east of UTC as RFC 5545 does: +0100, -0330.
func utcOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	return string(sign) + twoDigits(seconds/3600) + twoDigits(seconds%3600/60)
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// set writes a property's value as it is, of the property's own type (a date, an offset, a
// number, a rule): go-ical's SetText would mark such values as text.
func set(props ical.Props, name, value string) {
	p := ical.NewProp(name)
	p.Value = value
	props.Set(p)
}
