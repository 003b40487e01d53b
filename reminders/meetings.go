package reminders

import (
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/notify"
)

// Hours of the meeting rules, on each person's wall clock.
const (
	meetingReminderHour = 18 // the day before the weekly meeting
	nudgeHour           = 10 // two days after a meeting nobody logged
	nudgeAfterDays      = 2
)

// MeetingReminders: the day before the duo's weekly meeting, at 18:00 local, a reminder to
// both; it expires when the meeting begins.
var MeetingReminders = Rule{ID: "duo_meeting_reminders", Plan: planMeetingReminders}

// MeetingNudges: two days after an expected weekly meeting with no meeting logged around it,
// at 10:00 local, a nudge to the mentor.
var MeetingNudges = Rule{ID: "duo_meeting_nudges", Plan: planMeetingNudges}

func planMeetingReminders(app core.App, from, to time.Time) ([]notify.Notification, error) {
	duos, err := activeDuosFiring(app, from, to, -1, meetingReminderHour)
	if err != nil {
		return nil, err
	}
	var out []notify.Notification
	w := newWindow(from, to)
	for _, d := range duos {
		start, end := d.period()
		for _, s := range []side{d.mentorSide(), d.menteeSide()} {
			for _, at := range w.firings(weekly(s.zone, cronWeekday(d.Weekday, -1), meetingReminderHour)) {
				meeting := localDate(at, s.zone).AddDate(0, 0, 1)
				begins, ok := meetingStart(meeting, d.Time, d.BranchZone)
				if !ok || !within(meeting, start, end) || !to.Before(begins) {
					continue
				}
				out = append(out, notify.Notification{User: s.user, Kind: notify.KindMeetingReminder, Duo: d.ID,
					Period: isoDate(meeting), Params: map[string]string{"partner": s.partner, "time": d.Time},
					Target: map[string]string{"screen": "duo", "duo": d.ID, "date": isoDate(meeting)},
					Due:    at, Expires: begins})
			}
		}
	}
	return out, nil
}

func planMeetingNudges(app core.App, from, to time.Time) ([]notify.Notification, error) {
	duos, err := activeDuosFiring(app, from, to, nudgeAfterDays, nudgeHour)
	if err != nil {
		return nil, err
	}
	var candidates []expectedMeeting
	w := newWindow(from, to)
	for i := range duos {
		d := &duos[i]
		start, end := d.period()
		for _, at := range w.firings(weekly(d.MentorZone, cronWeekday(d.Weekday, nudgeAfterDays), nudgeHour)) {
			expected := localDate(at, d.MentorZone).AddDate(0, 0, -nudgeAfterDays)
			if within(expected, start, end) {
				candidates = append(candidates, expectedMeeting{d, at, expected})
			}
		}
	}
	logged, err := loggedAround(app, candidates)
	if err != nil {
		return nil, err
	}
	var out []notify.Notification
	for _, c := range candidates {
		if logged[c.key()] {
			continue
		}
		out = append(out, notify.Notification{User: c.duo.Mentor, Kind: notify.KindMeetingNudge, Duo: c.duo.ID,
			Period: isoDate(c.date),
			Params: map[string]string{"partner": notify.FirstName(c.duo.MenteeName),
				"weekday": strings.ToLower(c.date.Weekday().String()), "date": c.date.Format("02/01")},
			Target: map[string]string{"screen": "meeting_new", "duo": c.duo.ID, "date": isoDate(c.date)},
			Due:    c.at, Expires: c.at.Add(5 * 24 * time.Hour)})
	}
	return out, nil
}

// expectedMeeting is a weekly meeting a nudge asks about.
type expectedMeeting struct {
	duo      *duoRow
	at, date time.Time
}

func (e expectedMeeting) key() string { return e.duo.ID + "@" + isoDate(e.date) }

// loggedAround finds which expected meetings have a meeting logged around them (from three
// days before up to the nudge: a meeting moved a little still counts), a query per date and
// 500 duos.
func loggedAround(app core.App, expected []expectedMeeting) (map[string]bool, error) {
	byDate := map[time.Time][]any{}
	for _, e := range expected {
		byDate[e.date] = append(byDate[e.date], e.duo.ID)
	}
	logged := map[string]bool{}
	for date, ids := range byDate {
		for start := 0; start < len(ids); start += 500 {
			var found []string
			err := app.DB().Select("duo").Distinct(true).From("meetings").Where(dbx.And(
				dbx.In("duo", ids[start:min(start+500, len(ids))]...),
				dbx.NewExp("held_on >= {:first} AND held_on <= {:last}", dbx.Params{
					"first": dbDate(date.AddDate(0, 0, -3)), "last": dbDate(date.AddDate(0, 0, nudgeAfterDays))}),
			)).Column(&found)
			if err != nil {
				return nil, err
			}
			for _, id := range found {
				logged[id+"@"+isoDate(date)] = true
			}
		}
	}
	return logged, nil
}

// activeDuosFiring reads the active duos with a weekly meeting whose rule (days after the
// meeting's weekday, at hour) fires in the window in some zone; most runs of a five-minute
// planner find no such weekday and read no duo at all.
func activeDuosFiring(app core.App, from, to time.Time, days, hour int) ([]duoRow, error) {
	names, err := zones(app)
	if err != nil {
		return nil, err
	}
	var weekdays []string
	for w := 1; w <= 7; w++ {
		for _, zone := range names {
			if len(firings(weekly(zone, cronWeekday(w, days), hour), from, to)) > 0 {
				weekdays = append(weekdays, strconv.Itoa(w))
				break
			}
		}
	}
	if len(weekdays) == 0 {
		return nil, nil
	}
	return loadDuos(app, "d.status = 'active' AND d.meeting_time != '' AND d.meeting_weekday IN ("+
		strings.Join(weekdays, ", ")+")", nil)
}

// meetingStart is when a meeting on date at "HH:MM" begins in the branch's zone.
func meetingStart(date time.Time, hhmm, zone string) (time.Time, bool) {
	h, m, ok := strings.Cut(hhmm, ":")
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil {
		return time.Time{}, false
	}
	y, mo, d := date.Date()
	return time.Date(y, mo, d, hour, minute, 0, 0, lifecycle.Zone(zone)), true
}
