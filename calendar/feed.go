// Package calendar writes a person's calendar feed (RFC 5545): the sessions they are on, their
// duos' sessions and weekly meeting, or, for a coordinator, every session of their branch;
// behind a subscription token of its own.
package calendar

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/i18n"
	"github.com/duoforajob/duo/lifecycle"
)

// uidDomain ends every event's UID: the same session is the same event in every feed and
// at every fetch, whatever changed in it.
const uidDomain = "@duo.duoforajob.org"

// weeklyLength is how long the weekly meeting lasts in a calendar: the programme's two hours.
const weeklyLength = 2 * time.Hour

// span is how far back and ahead a feed's time zones are described.
const span = 400 * 24 * time.Hour

// sequenceEpoch: the weekly meeting's SEQUENCE counts the seconds from here to the duo's last
// change, so that it grows with every change (its day, time or place).
var sequenceEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Write answers person's feed as of now, in their language.
func Write(app core.App, person *core.Record, now time.Time) ([]byte, error) {
	locale := localeOf(app, person)
	f := &feed{app: app, locale: locale, now: now, zones: map[string]*time.Location{}}
	var err error
	if person.GetString("role") == "coordinator" {
		err = f.branchSessions(person.GetString("branch"))
	} else {
		err = f.personal(person)
	}
	if err != nil {
		return nil, err
	}
	return f.encode()
}

type feed struct {
	app    core.App
	locale string
	now    time.Time
	events []*ical.Component
	zones  map[string]*time.Location
}

// personal: the sessions on whose list the person is, their duos' sessions, and the weekly
// meeting of their duo under way.
func (f *feed) personal(person *core.Record) error {
	sessions, err := f.app.FindAllRecords("sessions", dbx.Or(
		dbx.NewExp("id IN (SELECT session FROM attendance WHERE person = {:p})", dbx.Params{"p": person.Id}),
		dbx.NewExp("duo IN (SELECT id FROM duos WHERE mentor = {:p} OR mentee = {:p})", dbx.Params{"p": person.Id})))
	if err != nil {
		return err
	}
	for _, s := range sessions {
		f.session(s)
	}
	duos, err := f.app.FindAllRecords("duos", dbx.Or(dbx.HashExp{"mentor": person.Id}, dbx.HashExp{"mentee": person.Id}),
		dbx.HashExp{"status": lifecycle.Active})
	if err != nil {
		return err
	}
	for _, d := range duos {
		f.weekly(d, person.Id)
	}
	return nil
}

// branchSessions: a coordinator's feed holds every session of their branch.
func (f *feed) branchSessions(branch string) error {
	sessions, err := f.app.FindAllRecords("sessions", dbx.HashExp{"branch": branch})
	if err != nil {
		return err
	}
	for _, s := range sessions {
		f.session(s)
	}
	return nil
}

// session is one session as an event: kept when cancelled (STATUS:CANCELLED, its SEQUENCE
// one more), so calendars take it off rather than keep a meeting that will not happen.
func (f *feed) session(s *core.Record) {
	loc := f.zone(s.GetString("branch"))
	e := ical.NewEvent()
	e.Props.SetText(ical.PropUID, s.Id+uidDomain)
	e.Props.SetDateTime(ical.PropDateTimeStamp, f.now.UTC())
	e.Props.SetDateTime(ical.PropDateTimeStart, s.GetDateTime("starts_at").Time().In(loc))
	e.Props.SetDateTime(ical.PropDateTimeEnd, s.GetDateTime("ends_at").Time().In(loc))
	set(e.Props, ical.PropSequence, strconv.Itoa(s.GetInt("sequence")))
	e.Props.SetText(ical.PropSummary, f.summary(s))
	if place := s.GetString("place"); place != "" {
		e.Props.SetText(ical.PropLocation, place)
	}
	if link := s.GetString("link"); link != "" {
		set(e.Props, ical.PropURL, link)
	}
	if s.GetString("status") == "cancelled" {
		e.SetStatus(ical.EventCancelled)
	} else {
		e.SetStatus(ical.EventConfirmed)
	}
	f.events = append(f.events, e.Component)
}

// summary names a session in the reader's language; a duo's session names its two people by
// their first names, nothing more.
func (f *feed) summary(s *core.Record) string {
	params := map[string]any{"title": s.GetString("title")}
	if duo, err := f.app.FindRecordById("duos", s.GetString("duo")); err == nil {
		params["mentor"] = f.firstName(duo.GetString("mentor"))
		params["mentee"] = f.firstName(duo.GetString("mentee"))
	}
	text, _ := i18n.Mail(f.locale, "calendar."+s.GetString("kind"), params)
	if title := s.GetString("title"); title != "" && !strings.Contains(text, title) {
		text += " · " + title
	}
	return text
}

// weekly is the duo's weekly meeting, every week from its first one to the period's end: one
// event with a rule, at the branch's local time, so calendars keep the hour across the
// daylight-saving changes.
func (f *feed) weekly(duo *core.Record, reader string) {
	weekday, at := duo.GetInt("meeting_weekday"), duo.GetString("meeting_time")
	started, ends := duo.GetDateTime("started_on").Time(), duo.GetDateTime("ends_on").Time()
	hour, minute, ok := clock(at)
	if weekday < 1 || weekday > 7 || !ok || started.IsZero() || ends.IsZero() {
		return
	}
	loc := f.zone(duo.GetString("branch"))
	first := time.Date(started.Year(), started.Month(), started.Day(), hour, minute, 0, 0, loc)
	for (int(first.Weekday())+6)%7+1 != weekday {
		first = first.AddDate(0, 0, 1)
	}
	partner := duo.GetString("mentee")
	if partner == reader {
		partner = duo.GetString("mentor")
	}
	e := ical.NewEvent()
	e.Props.SetText(ical.PropUID, "weekly-"+duo.Id+uidDomain)
	e.Props.SetDateTime(ical.PropDateTimeStamp, f.now.UTC())
	e.Props.SetDateTime(ical.PropDateTimeStart, first)
	e.Props.SetDateTime(ical.PropDateTimeEnd, first.Add(weeklyLength))
	until := time.Date(ends.Year(), ends.Month(), ends.Day(), 23, 59, 59, 0, loc).UTC()
	set(e.Props, ical.PropRecurrenceRule, "FREQ=WEEKLY;UNTIL="+until.Format("20060102T150405Z"))
	set(e.Props, ical.PropSequence, strconv.Itoa(max(0, int(duo.GetDateTime("updated").Time().Sub(sequenceEpoch)/time.Second))))
	text, _ := i18n.Mail(f.locale, "calendar.weekly", map[string]any{"partner": f.firstName(partner)})
	e.Props.SetText(ical.PropSummary, text)
	if place := duo.GetString("meeting_place"); place != "" {
		e.Props.SetText(ical.PropLocation, place)
	}
	e.SetStatus(ical.EventConfirmed)
	f.events = append(f.events, e.Component)
}

// encode writes the calendar: a VTIMEZONE for each zone its events name, then the events.
func (f *feed) encode() ([]byte, error) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//DUO for a JOB//duo//"+strings.ToUpper(f.locale))
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	name, _ := i18n.Mail(f.locale, "calendar.name", nil)
	set(cal.Props, "X-WR-CALNAME", name)
	for _, loc := range f.zones {
		cal.Children = append(cal.Children, vtimezone(loc, f.now.Add(-span), f.now.Add(span)))
	}
	cal.Children = append(cal.Children, f.events...)
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// zone is the branch's time zone, noted for the feed's VTIMEZONE.
func (f *feed) zone(branch string) *time.Location {
	loc := lifecycle.BranchLocation(f.app, branch)
	f.zones[loc.String()] = loc
	return loc
}

// firstName: a person by their first name alone (an erased person: the catalog's words).
func (f *feed) firstName(id string) string {
	p, err := f.app.FindRecordById("users", id)
	if err != nil {
		return ""
	}
	if !p.GetDateTime("erased_at").IsZero() {
		return i18n.Word(f.locale, "erased_person")
	}
	name, _, _ := strings.Cut(strings.TrimSpace(p.GetString("name")), " ")
	return name
}

// localeOf is the person's language, else their branch's.
func localeOf(app core.App, person *core.Record) string {
	if l := person.GetString("locale"); i18n.Supported(l) {
		return l
	}
	if b, err := app.FindRecordById("branches", person.GetString("branch")); err == nil && i18n.Supported(b.GetString("locale")) {
		return b.GetString("locale")
	}
	return "fr"
}

// clock reads "14:30".
func clock(s string) (hour, minute int, ok bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}
