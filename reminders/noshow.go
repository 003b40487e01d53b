package reminders

import (
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/notify"
)

// Hours and days of the no-show follow-up.
const (
	noShowHour = 9 // on the branch's wall clock
	// noShowWithin: a line marked absent up to a week after its session is still followed up
	// the next morning; later, the host has long seen it.
	noShowWithin = 7 * 24 * time.Hour
	noShowExpiry = 7 * 24 * time.Hour
)

// SessionNoShows: when someone is marked absent from a session that was not cancelled, its
// host gets one mail at 09:00 (the branch's time) the morning after the session (or after
// the line was marked, within a week), with the person's first name and the console's link
// to them. Once per line, even if its state flips back and forth; none if the line says
// attended or excused when the mail is to leave (Obsolete).
var SessionNoShows = Rule{ID: "duo_session_noshows", Plan: planSessionNoShows}

// noShowRow is one absent person's line on a session, with the session and its host.
type noShowRow struct {
	Line         string `db:"line"`
	Person       string `db:"person"`
	Registration string `db:"registration"`
	PersonName   string `db:"person_name"`
	Session      string `db:"session"`
	Kind         string `db:"kind"`
	Title        string `db:"title"`
	Duo          string `db:"duo"`
	StartsAt     string `db:"starts_at"`
	Host         string `db:"host"`
}

// noShowsSQL: the absent lines of a branch's sessions in a range, a person's (not erased) or
// a registrant's, of sessions with a host.
const noShowsSQL = `SELECT a.id AS line, a.person, a.registration, COALESCE(p.name, g.first_name, '') AS person_name,
		s.id AS session, s.kind, s.title, s.duo, s.starts_at, s.host
	FROM attendance a JOIN sessions s ON s.id = a.session JOIN users h ON h.id = s.host
		LEFT JOIN users p ON p.id = a.person LEFT JOIN registrations g ON g.id = a.registration
	WHERE s.branch = {:branch} AND a.state = 'absent' AND s.status != 'cancelled'
		AND s.starts_at >= {:since} AND s.starts_at < {:before} AND h.erased_at = ''
		AND (p.erased_at = '' OR g.id IS NOT NULL)
	ORDER BY s.starts_at, a.id`

func planSessionNoShows(app core.App, from, to time.Time) ([]notify.Notification, error) {
	var branches []struct {
		ID   string `db:"id"`
		Zone string `db:"timezone"`
	}
	if err := app.DB().Select("id", "timezone").From("branches").OrderBy("id").All(&branches); err != nil {
		return nil, err
	}
	var out []notify.Notification
	w := newWindow(from, to)
	for _, b := range branches {
		for _, at := range w.firings(daily(b.Zone, noShowHour)) {
			// Sessions of an earlier day than this morning's, within the week before it.
			before := atLocal(localDate(at, b.Zone), 0, b.Zone)
			var rows []noShowRow
			if err := app.DB().NewQuery(noShowsSQL).Bind(dbx.Params{"branch": b.ID,
				"since": dbTime(before.Add(-noShowWithin)), "before": dbTime(before)}).All(&rows); err != nil {
				return nil, err
			}
			for _, r := range rows {
				out = append(out, noShow(r, at, b.Zone))
			}
		}
	}
	return out, nil
}

// noShow is the follow-up of one line, a mail to the host; its key is the line's, so a
// catch-up over several mornings, or the line marked absent again, writes it once.
func noShow(r noShowRow, at time.Time, zone string) notify.Notification {
	local := parseDateTime(r.StartsAt).In(lifecycle.Zone(zone))
	page := consolePerson + r.Person
	if r.Person == "" {
		page = consoleSession + r.Session // a registrant has no page of their own: she is on the session's
	}
	return notify.Notification{User: r.Host, Kind: notify.KindSessionNoShow, Duo: r.Duo, Period: r.Line,
		AboutPerson: r.Person, AboutRegistration: r.Registration,
		Params: map[string]string{"person": notify.FirstName(r.PersonName), "session_kind": "session." + r.Kind,
			"title": r.Title, "date": local.Format("02/01"), "time": local.Format("15:04"),
			"weekday": strings.ToLower(local.Weekday().String()), "console_path": page},
		Target: map[string]string{"attendance": r.Line, "session": r.Session},
		Due:    at, Expires: at.Add(noShowExpiry), Channel: notify.ChannelMail}
}

// The console's pages of a person and of a session, whose list shows its registrants
// (pb_public/console/app.js: #person/{id}, #session/{id}).
const (
	consolePerson  = "/console/#person/"
	consoleSession = "/console/#session/"
)

// cameAfterAll: a follow-up is dropped when its line no longer says absent (attended,
// excused, or withdrawn) or its session was cancelled meanwhile.
func cameAfterAll(app core.App, due []notify.Due, out map[string]string) error {
	absent, err := idsWhere(app, "attendance", dbx.NewExp(`state = 'absent' AND NOT EXISTS (SELECT 1 FROM sessions s
		WHERE s.id = attendance.session AND s.status = 'cancelled')`), due, func(d notify.Due) string { return d.Target["attendance"] })
	for _, d := range due {
		if err == nil && !absent[d.Target["attendance"]] {
			out[d.ID] = "the person is no longer marked absent, or the session was cancelled"
		}
	}
	return err
}
