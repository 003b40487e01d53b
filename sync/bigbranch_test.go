package sync_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
)

// bigBranch fills Brussels with duos active for 26 weeks, each with a meeting a week, and
// their changes in the log, written with plain SQL so that a benchmark starts in seconds.
// It returns the ids of the new mentors (people who can pull).
func bigBranch(tb testing.TB, app core.App, duos, meetingsPerDuo int) []string {
	tb.Helper()
	started := lifecycle.AddDays(lifecycle.LocalDate(Now(), lifecycle.Zone("Europe/Brussels")), -7*meetingsPerDuo)
	start := started.String()
	end := lifecycle.AddMonths(started, lifecycle.PeriodMonths).String()
	now := Now().UTC().Format("2006-01-02 15:04:05.000Z")
	var mentors []string
	err := app.RunInTransaction(func(tx core.App) error {
		seq := lastSeq(tx)
		for d := 0; d < duos; d++ {
			mentor, mentee, duo := fmt.Sprintf("bigmentor%06d", d), fmt.Sprintf("bigmentee%06d", d), fmt.Sprintf("bigduo%09d", d)
			mentors = append(mentors, mentor)
			for _, p := range [][2]string{{mentor, "mentor"}, {mentee, "mentee"}} {
				if err := insert(tx, "users", dbx.Params{"id": p[0], "email": p[0] + "@big.example.org", "emailVisibility": false,
					"verified": true, "password": "x", "tokenKey": security.RandomString(50), "name": p[0], "role": p[1],
					"branch": BranchBrussels, "locale": "fr", "timezone": "", "created": now, "updated": now}); err != nil {
					return err
				}
				seq++
				if err := logged(tx, seq, "users", p[0], "person:"+p[0], "staff:"+BranchBrussels, "duo:"+duo); err != nil {
					return err
				}
			}
			if err := insert(tx, "duos", dbx.Params{"id": duo, "branch": BranchBrussels, "mentor": mentor, "mentee": mentee,
				"coordinator": CoordBrussels, "status": "active", "started_on": start, "ends_on": end, "stop_reason": "",
				"meeting_weekday": 2, "meeting_time": "18:00", "meeting_place": "Café", "created": now, "updated": now}); err != nil {
				return err
			}
			seq++
			if err := logged(tx, seq, "duos", duo, "duo:"+duo, "staff:"+BranchBrussels); err != nil {
				return err
			}
			for m := 0; m < meetingsPerDuo; m++ {
				id := fmt.Sprintf("bm%06d%07d", d, m)
				held := lifecycle.AddDays(started, 7*m).String()
				if err := insert(tx, "meetings", dbx.Params{"id": id, "duo": duo, "held_on": held, "minutes": 120,
					"mode": "in_person", "topics": `["cv","interview"]`, "notes": strings.Repeat("Notes of the week. ", 5),
					"objectives": "[]", "logged_by": mentor, "mentee_confirmed": true, "created": now, "updated": now}); err != nil {
					return err
				}
				seq++
				if err := logged(tx, seq, "meetings", id, "duo:"+duo, "staff:"+BranchBrussels); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return mentors
}

func lastSeq(app core.App) int64 {
	var seq int64
	_ = app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM _sync_changes").Row(&seq)
	return seq
}

func insert(app core.App, table string, params dbx.Params) error {
	_, err := app.DB().Insert(table, params).Execute()
	return err
}

func logged(app core.App, seq int64, collection, id string, audiences ...string) error {
	if err := insert(app, "_sync_changes", dbx.Params{"seq": seq, "at": Now().UnixMilli(), "collection": collection,
		"record_id": id, "op": "upsert", "fields": "*", "client": ""}); err != nil {
		return err
	}
	for _, a := range audiences {
		if err := insert(app, "_sync_audiences", dbx.Params{"audience": a, "seq": seq}); err != nil {
			return err
		}
	}
	return nil
}
