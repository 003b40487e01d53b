package reminders_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/reminders"
)

// Duo one meets on Tuesdays at 18:30 in Brussels. The reminder goes the day before at 18:00
// on each person's wall clock, whatever the season, and expires when the meeting begins.
func TestMeetingReminders(t *testing.T) {
	spring := [2]string{"2026-03-03", "2026-09-03"}
	autumn := [2]string{"2026-07-07", "2027-01-07"}
	cases := []struct {
		name       string
		period     [2]string
		menteeZone string
		now        time.Time
		want       map[string]string // person -> due (UTC)
		expires    string            // UTC
	}{
		{"winter time: 18:00 CET is 17:00Z", spring, "", brussels("2026-03-23 18:02"),
			map[string]string{MentorOne: "2026-03-23 17:00", MenteeOne: "2026-03-23 17:00"}, "2026-03-24 17:30"},
		{"after the spring DST change: 18:00 CEST is 16:00Z", spring, "", brussels("2026-03-30 18:02"),
			map[string]string{MentorOne: "2026-03-30 16:00", MenteeOne: "2026-03-30 16:00"}, "2026-03-31 16:30"},
		{"the week before the autumn change: 16:00Z", autumn, "", brussels("2026-10-19 18:02"),
			map[string]string{MentorOne: "2026-10-19 16:00", MenteeOne: "2026-10-19 16:00"}, "2026-10-20 16:30"},
		{"after the autumn DST change: 17:00Z", autumn, "", brussels("2026-10-26 18:02"),
			map[string]string{MentorOne: "2026-10-26 17:00", MenteeOne: "2026-10-26 17:00"}, "2026-10-27 17:30"},
		{"a person in another zone is reminded at 18:00 there", spring, "Europe/Lisbon", brussels("2026-03-23 19:02"),
			map[string]string{MentorOne: "2026-03-23 17:00", MenteeOne: "2026-03-23 18:00"}, "2026-03-24 17:30"},
		{"before 18:00 nothing yet", spring, "", brussels("2026-03-23 17:58"), nil, ""},
		{"the first meeting of the period is reminded", spring, "", brussels("2026-03-02 18:02"),
			map[string]string{MentorOne: "2026-03-02 17:00", MenteeOne: "2026-03-02 17:00"}, "2026-03-03 17:30"},
		{"no meeting before the period", spring, "", brussels("2026-02-23 18:02"), nil, ""},
		{"no meeting after the period", spring, "", brussels("2026-09-07 18:02"), nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, c.now)
			w.period(t, DuoOne, c.period[0], c.period[1])
			w.sql(t, "UPDATE users SET timezone = {:z} WHERE id = {:id}", dbx.Params{"z": c.menteeZone, "id": MenteeOne})
			w.at(t, c.now, reminders.MeetingReminders)
			got := w.outbox(t, DuoOne)
			if len(got) != len(c.want) {
				t.Fatalf("%d reminders, want %d: %+v", len(got), len(c.want), got)
			}
			for _, n := range got {
				if n.Due != stamp(utc(c.want[n.User])) || n.Expires != stamp(utc(c.expires)) {
					t.Errorf("%s: due %s expires %s, want %s and %s", n.User, n.Due, n.Expires, c.want[n.User], c.expires)
				}
				partner := map[string]string{MentorOne: "Amina", MenteeOne: "Marc"}[n.User]
				if n.Params["partner"] != partner || n.Params["time"] != "18:30" || n.Text != "meeting_reminder" {
					t.Errorf("%s: text %s params %v", n.User, n.Text, n.Params)
				}
			}
		})
	}
}

// Nobody is reminded of meetings of a duo that is not active.
func TestMeetingRemindersOnlyForActiveDuos(t *testing.T) {
	w := newWorld(t, brussels("2026-03-23 18:02"))
	w.period(t, DuoOne, "2026-03-03", "2026-09-03")
	Change(t, w.app, Coord, "duos", DuoOne, map[string]any{"status": "stopped", "stop_reason": "Found a job", "stop_category": "job"})
	w.at(t, w.clock.T, reminders.MeetingReminders)
	if got := w.outbox(t, DuoOne); len(got) != 0 {
		t.Fatalf("a stopped duo was reminded: %+v", got)
	}
}

// Two days after the Tuesday meeting, at 10:00, the mentor is nudged if no meeting was logged
// around it (three days before up to the nudge).
func TestMeetingNudges(t *testing.T) {
	cases := []struct {
		name   string
		logged string // held_on of a logged meeting, if any
		nudged bool
	}{
		{"nothing logged: the mentor is nudged", "", true},
		{"logged on the day: no nudge", "2026-03-10", false},
		{"moved two days earlier: no nudge", "2026-03-08", false},
		{"moved to the day after: no nudge", "2026-03-11", false},
		{"only last week's was logged: nudged", "2026-03-03", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, brussels("2026-03-12 10:02"))
			w.period(t, DuoOne, "2026-03-03", "2026-09-03")
			if c.logged != "" {
				Make(t, w.app, MentorOne, "meetings", "", map[string]any{"duo": DuoOne, "held_on": c.logged,
					"minutes": 120, "mode": "in_person"})
			}
			w.at(t, w.clock.T, reminders.MeetingNudges)
			got := w.outbox(t, DuoOne)
			if !c.nudged {
				if len(got) != 0 {
					t.Fatalf("nudged anyway: %+v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("%d nudges: %+v", len(got), got)
			}
			n := got[0]
			if n.User != MentorOne || n.Key != "meeting_nudge:"+DuoOne+":"+MentorOne+":2026-03-10" ||
				n.Due != stamp(utc("2026-03-12 09:00")) {
				t.Errorf("nudge %+v", n)
			}
			if n.Params["weekday"] != "tuesday" || n.Params["date"] != "10/03" || n.Params["partner"] != "Amina" {
				t.Errorf("params %v", n.Params)
			}
		})
	}
}
