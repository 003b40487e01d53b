package reminders

import (
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/notify"
)

// sessionReminderHour is when the reminder of tomorrow's session leaves, on each person's
// wall clock.
const sessionReminderHour = 18

// SessionReminders: the day before each planned session, at 18:00 on each person's wall
// clock, a push (a mail to those without the app) to everyone invited or registered on its
// list and, for a duo's session, to the duo's mentor and mentee; not to someone marked
// excused or absent. Its key holds the session's sequence: a moved session is reminded of at
// its new time, and the reminder of the old time is dropped (Obsolete).
//
// A session planned (or moved) after its reminder's 18:00 has passed gets none: the planner
// looks at the window since its last run, and a reminder the evening before cannot be sent
// the evening before any more. The coordinator who plans a session for tomorrow tells people
// herself; a push at once, at any hour, would be worse.
var SessionReminders = Rule{ID: "duo_session_reminders", Plan: planSessionReminders}

// sessionReach bounds how long after its reminder a session can begin: from 18:00 the day
// before to midnight of its day is at most 30 hours on the person's wall clock, 31 across a
// DST change; 32 to spare.
const sessionReach = 32 * time.Hour

// sessionRow is a session as its reminders need it.
type sessionRow struct {
	ID       string `db:"id"`
	Kind     string `db:"kind"`
	Title    string `db:"title"`
	Place    string `db:"place"`
	Link     string `db:"link"`
	Duo      string `db:"duo"`
	StartsAt string `db:"starts_at"`
	Sequence int    `db:"sequence"`
	Status   string `db:"status"`
}

// recipientRow is one person (or registrant) to remind of one session, with their zone.
type recipientRow struct {
	Session      string `db:"session"`
	User         string `db:"user"`
	Registration string `db:"registration"`
	Zone         string `db:"zone"`
}

func (r recipientRow) key() string { return r.Session + "/" + r.User + "/" + r.Registration }

func planSessionReminders(app core.App, from, to time.Time) ([]notify.Notification, error) {
	sessions, err := upcomingSessions(app, from, to.Add(sessionReach))
	if err != nil || len(sessions) == 0 {
		return nil, err
	}
	recipients, err := sessionRecipients(app, sessions)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*sessionRow, len(sessions))
	for i := range sessions {
		byID[sessions[i].ID] = &sessions[i]
	}
	var out []notify.Notification
	for _, r := range recipients {
		s := byID[r.Session]
		begins := parseDateTime(s.StartsAt)
		at := atLocal(localDate(begins, r.Zone).AddDate(0, 0, -1), sessionReminderHour, r.Zone)
		if !at.After(from) || at.After(to) || !to.Before(begins) {
			continue // not this window's, or the session began before the reminder could leave
		}
		out = append(out, sessionReminder(s, r, at, begins))
	}
	return out, nil
}

// sessionReminder is the reminder of one session to one person. The push names no one but
// its recipient: a duo's session goes by its kind, never by the title a coordinator gave it
// (which may name the partner).
func sessionReminder(s *sessionRow, r recipientRow, at, begins time.Time) notify.Notification {
	local := begins.In(lifecycle.Zone(r.Zone))
	params := map[string]string{"session_kind": "session." + s.Kind, "time": local.Format("15:04"),
		"date": local.Format("02/01"), "weekday": strings.ToLower(local.Weekday().String()),
		"place": s.Place, "link": s.Link, "app_path": appPage}
	if s.Duo == "" {
		params["title"] = s.Title
	}
	channel := notify.ChannelPushElseMail
	if r.Registration != "" {
		channel = notify.ChannelMail // a registrant has no account, so no app to name either
		delete(params, "app_path")
	}
	return notify.Notification{User: r.User, Registration: r.Registration, Kind: notify.KindSessionReminder, Duo: s.Duo,
		Period: sessionPeriod(s.ID, s.Sequence), Params: params,
		Target: map[string]string{"screen": "home", "session": s.ID, "sequence": strconv.Itoa(s.Sequence)},
		Due:    at, Expires: begins, Channel: channel}
}

// appPage is the mentors' and mentees' app (intake.AppPage), which the mail names.
const appPage = "/app/"

// sessionPeriod tells reminders of one session apart: one per version of its time and place.
func sessionPeriod(session string, sequence int) string {
	return session + "." + strconv.Itoa(sequence)
}

// upcomingSessions reads the planned sessions that begin in (from, until].
func upcomingSessions(app core.App, from, until time.Time) ([]sessionRow, error) {
	var rows []sessionRow
	// By branch, along the index on (branch, starts_at).
	err := app.DB().NewQuery(`SELECT s.id, s.kind, s.title, s.place, s.link, s.duo, s.starts_at, s.sequence, s.status
		FROM branches b JOIN sessions s ON s.branch = b.id AND s.starts_at > {:from} AND s.starts_at <= {:until}
		WHERE s.status != 'cancelled' ORDER BY s.starts_at, s.id`).
		Bind(dbx.Params{"from": dbTime(from), "until": dbTime(until)}).All(&rows)
	return rows, err
}

// recipientsSQL: the people invited or registered on a session's list, and the mentor and
// mentee of a duo's session (first, signing, check-in) while the duo is open, unless their
// line says excused or absent; people erased are nobody's to remind. The zone is the person's, else their
// branch's. Then the registrants of the public sign-up invited or registered, once they
// confirmed their address (an unconfirmed one may not be theirs), in their branch's zone.
const recipientsSQL = `SELECT DISTINCT x.session, x.user, '' AS registration,
		COALESCE(NULLIF(u.timezone, ''), b.timezone, '') AS zone
	FROM (
		SELECT a.session AS session, a.person AS user FROM attendance a
		WHERE a.session IN (%s) AND a.state IN ('invited', 'registered')
		UNION
		SELECT s.id, p.id FROM sessions s JOIN duos d ON d.id = s.duo JOIN users p ON p.id IN (d.mentor, d.mentee)
		WHERE s.id IN (%s) AND s.kind IN ('first_meeting', 'signing_meeting', 'checkin')
			AND d.status IN ('proposed', 'validated', 'active')
			AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session = s.id AND a.person = p.id
				AND a.state IN ('excused', 'absent'))
	) x JOIN users u ON u.id = x.user LEFT JOIN branches b ON b.id = u.branch
	WHERE u.erased_at = ''
	UNION ALL
	SELECT a.session, '', a.registration, COALESCE(b.timezone, '')
	FROM attendance a JOIN registrations r ON r.id = a.registration LEFT JOIN branches b ON b.id = r.branch
	WHERE a.session IN (%s) AND a.state IN ('invited', 'registered') AND r.confirmed_at != ''
	ORDER BY 1, 2, 3`

// sessionRecipients lists whom to remind of each session, 500 sessions a query.
func sessionRecipients(app core.App, sessions []sessionRow) ([]recipientRow, error) {
	var out []recipientRow
	for start := 0; start < len(sessions); start += 500 {
		chunk := sessions[start:min(start+500, len(sessions))]
		params := dbx.Params{}
		names := make([]string, len(chunk))
		for i, s := range chunk {
			name := "s" + strconv.Itoa(i)
			params[name] = s.ID
			names[i] = "{:" + name + "}"
		}
		list := strings.Join(names, ", ")
		var rows []recipientRow
		if err := app.DB().NewQuery(strings.ReplaceAll(recipientsSQL, "%s", list)).Bind(params).All(&rows); err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// dbTime is a time as PocketBase stores dates, comparable as text.
func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

func parseDateTime(s string) time.Time {
	dt, _ := types.ParseDateTime(s)
	return dt.Time()
}

// staleSessionReminders: a reminder is dropped when its session was cancelled or moved since
// (a newer one, under the new sequence, is planned for the new time), or when its person is
// no longer expected there (excused, absent, taken off the list).
func staleSessionReminders(app core.App, due []notify.Due, out map[string]string) error {
	ids := make([]any, 0, len(due))
	for _, d := range due {
		ids = append(ids, d.Target["session"])
	}
	var sessions []sessionRow
	if err := app.DB().Select("id", "status", "sequence").From("sessions").Where(dbx.In("id", ids...)).
		All(&sessions); err != nil {
		return err
	}
	current := map[string]sessionRow{}
	for _, s := range sessions {
		current[s.ID] = s
	}
	recipients, err := sessionRecipients(app, sessions)
	if err != nil {
		return err
	}
	expected := map[string]bool{}
	for _, r := range recipients {
		expected[r.key()] = true
	}
	for _, d := range due {
		s, found := current[d.Target["session"]]
		switch {
		case !found || s.Status == "cancelled":
			out[d.ID] = "the session was cancelled"
		case strconv.Itoa(s.Sequence) != d.Target["sequence"]:
			out[d.ID] = "the session was moved or changed: its new time is reminded of"
		case !expected[recipientRow{Session: s.ID, User: d.User, Registration: d.Registration}.key()]:
			out[d.ID] = "the person is no longer expected (excused, absent or off the list)"
		}
	}
	return nil
}
