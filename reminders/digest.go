package reminders

import (
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/notify"
)

// quietDays: an active duo with no meeting logged for this long shows in the digest.
const quietDays = 21

const digestHour = 9

// WeeklyDigest: every Monday at 09:00 branch time, each coordinator with duos that logged no
// meeting in 21 days gets one push saying how many. A duo with no coordinator of its own
// counts for every coordinator of its branch.
var WeeklyDigest = Rule{ID: "duo_weekly_digest", Plan: planWeeklyDigest}

type quietCount struct {
	Coordinator string `db:"coordinator"`
	Count       int    `db:"n"`
}

func planWeeklyDigest(app core.App, from, to time.Time) ([]notify.Notification, error) {
	var branches []struct {
		ID   string `db:"id"`
		Zone string `db:"timezone"`
	}
	if err := app.DB().NewQuery("SELECT id, timezone FROM branches").All(&branches); err != nil {
		return nil, err
	}
	var out []notify.Notification
	for _, b := range branches {
		for _, at := range firings(weekly(b.Zone, time.Monday, digestHour), from, to) {
			counts, err := quietDuos(app, b.ID, localDate(at, b.Zone).AddDate(0, 0, -quietDays))
			if err != nil {
				return nil, err
			}
			for _, c := range counts {
				text := "weekly_digest.many"
				if c.Count == 1 {
					text = "weekly_digest.one"
				}
				out = append(out, notify.Notification{User: c.Coordinator, Kind: notify.KindWeeklyDigest,
					Period: isoDate(localDate(at, b.Zone)), Text: text,
					Params: map[string]string{"count": strconv.Itoa(c.Count)},
					Target: map[string]string{"screen": "duos", "filter": "quiet"},
					Due:    at, Expires: at.Add(7 * 24 * time.Hour)})
			}
		}
	}
	return out, nil
}

// quietDuos counts, per coordinator of a branch, the active duos started before since that
// logged no meeting since then.
func quietDuos(app core.App, branchID string, since time.Time) ([]quietCount, error) {
	var counts []quietCount
	err := app.DB().NewQuery(`SELECT c.id AS coordinator, COUNT(d.id) AS n
		FROM users c JOIN duos d ON d.branch = c.branch AND (d.coordinator = c.id OR d.coordinator = '')
		WHERE c.branch = {:branch} AND c.role = 'coordinator'
		AND d.status = 'active' AND d.started_on <= {:since}
		AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.duo = d.id AND m.held_on >= {:since})
		GROUP BY c.id ORDER BY c.id`).
		Bind(dbx.Params{"branch": branchID, "since": dbDate(since)}).All(&counts)
	return counts, err
}
