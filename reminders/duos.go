package reminders

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/notify"
)

// duoRow is a duo with what its reminders need of its people: first names and time zones
// (their own, else their branch's).
type duoRow struct {
	ID          string `db:"id"`
	Branch      string `db:"branch"`
	Coordinator string `db:"coordinator"`
	Weekday     int    `db:"meeting_weekday"`
	Time        string `db:"meeting_time"`
	StartedOn   string `db:"started_on"`
	EndsOn      string `db:"ends_on"`
	BranchZone  string `db:"branch_zone"`
	Mentor      string `db:"mentor"`
	MentorName  string `db:"mentor_name"`
	MentorZone  string `db:"mentor_zone"`
	Mentee      string `db:"mentee"`
	MenteeName  string `db:"mentee_name"`
	MenteeZone  string `db:"mentee_zone"`
}

// duoColumns and duoJoins read a duo d with its branch b, mentor mr and mentee me.
const (
	duoColumns = `d.id, d.branch, d.coordinator, d.meeting_weekday, d.meeting_time, d.started_on, d.ends_on,
	b.timezone AS branch_zone,
	d.mentor, mr.name AS mentor_name, COALESCE(NULLIF(mr.timezone, ''), b.timezone) AS mentor_zone,
	d.mentee, me.name AS mentee_name, COALESCE(NULLIF(me.timezone, ''), b.timezone) AS mentee_zone`
	duoJoins  = ` JOIN branches b ON b.id = d.branch JOIN users mr ON mr.id = d.mentor JOIN users me ON me.id = d.mentee `
	duoSelect = `SELECT ` + duoColumns + ` FROM duos d` + duoJoins
)

// loadDuos reads duos with their people; where is SQL on d (the duo), b, mr and me.
func loadDuos(app core.App, where string, params dbx.Params) ([]duoRow, error) {
	var rows []duoRow
	err := app.DB().NewQuery(duoSelect + "WHERE " + where).Bind(params).All(&rows)
	return rows, err
}

// side is one person of a duo as a reminder sees them.
type side struct {
	user, zone, partner string
}

func (d duoRow) mentorSide() side {
	return side{d.Mentor, d.MentorZone, notify.FirstName(d.MenteeName)}
}
func (d duoRow) menteeSide() side {
	return side{d.Mentee, d.MenteeZone, notify.FirstName(d.MentorName)}
}

// period is the duo's start and end dates; zero when unset.
func (d duoRow) period() (start, end time.Time) {
	return storedDate(d.StartedOn), storedDate(d.EndsOn)
}

func storedDate(s string) time.Time {
	dt, _ := types.ParseDateTime(s) // "" and bad values are the zero time
	return dt.Time().UTC()
}

// within reports whether a date is in the period (both ends included).
func within(date, start, end time.Time) bool {
	return !start.IsZero() && !end.IsZero() && !date.Before(start) && !date.After(end)
}

// zones lists every time zone people live in: the branches', and people's own.
func zones(app core.App) ([]string, error) {
	var names []string
	err := app.DB().NewQuery(`SELECT timezone FROM branches UNION SELECT timezone FROM users WHERE timezone != ''`).
		Column(&names)
	return names, err
}

func dbDate(t time.Time) string {
	dt, _ := types.ParseDateTime(t)
	return dt.String()
}
