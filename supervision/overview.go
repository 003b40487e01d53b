// Package supervision is what a coordinator watches: a branch's duos by stage, the duos at
// risk with their reasons, and where each duo's evaluations and follow-ups stand.
package supervision

import (
	"fmt"
	"sort"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/lifecycle"
)

// Thresholds of the risks, in days.
const (
	QuietDays           = 14 // an active duo with no meeting logged this long
	UnconfirmedDays     = 7  // a meeting the mentee has not confirmed this long after it
	UnsignedDays        = 7  // an agreement not signed by both this long after validation
	EvaluationLateDays  = 14 // an evaluation unanswered this long after it opened
	EndingWithinDays    = 14 // an active duo whose period ends this soon
	maxUnconfirmedCount = 99
)

// Reasons a duo is at risk.
const (
	RiskNoMeeting     = "no_meeting"
	RiskUnconfirmed   = "meetings_unconfirmed"
	RiskUnsigned      = "agreement_unsigned"
	RiskEvaluationDue = "evaluation_overdue"
	RiskEnding        = "ending_soon"
)

// Reason is why a duo is at risk: a code, the figures that make it, and (filled by the
// route) the words in the reader's language.
type Reason struct {
	Code string `json:"code"`
	Days int    `json:"days,omitempty"`
	N    int    `json:"count,omitempty"`
	Date string `json:"date,omitempty"`
	Text string `json:"text"`
}

// AtRisk is one duo at risk with its people's names and every reason.
type AtRisk struct {
	Duo     string   `json:"duo"`
	Status  string   `json:"status"`
	Mentor  string   `json:"mentor"`
	Mentee  string   `json:"mentee"`
	Reasons []Reason `json:"reasons"`
}

// Overview is the branch at a glance.
type Overview struct {
	Branch   string         `json:"branch"`
	Today    string         `json:"today"`
	ByStatus map[string]int `json:"byStatus"`
	AtRisk   []AtRisk       `json:"atRisk"`
}

// Build works out a branch's overview as of now, in the branch's calendar: one query per
// kind of risk, whatever the number of duos.
func Build(app core.App, branchID string, now time.Time) (Overview, error) {
	today := lifecycle.LocalDate(now, lifecycle.BranchLocation(app, branchID))
	o := Overview{Branch: branchID, Today: today.Time().Format(time.DateOnly), ByStatus: map[string]int{}}
	for _, s := range []string{lifecycle.Proposed, lifecycle.Validated, lifecycle.Declined, lifecycle.Active,
		lifecycle.Completed, lifecycle.Stopped} {
		o.ByStatus[s] = 0
	}
	var counts []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := app.DB().NewQuery(`SELECT status, COUNT(*) AS n FROM duos WHERE branch = {:branch} GROUP BY status`).
		Bind(dbx.Params{"branch": branchID}).All(&counts); err != nil {
		return o, err
	}
	for _, c := range counts {
		o.ByStatus[c.Status] = c.N
	}
	risks := map[string]*AtRisk{}
	for _, find := range finders {
		found, err := find(app, branchID, today)
		if err != nil {
			return o, err
		}
		for _, f := range found {
			r, ok := risks[f.Duo]
			if !ok {
				r = &AtRisk{Duo: f.Duo, Status: f.Status, Mentor: f.Mentor, Mentee: f.Mentee}
				risks[f.Duo] = r
			}
			r.Reasons = append(r.Reasons, f.reason)
		}
	}
	o.AtRisk = make([]AtRisk, 0, len(risks))
	for _, r := range risks {
		o.AtRisk = append(o.AtRisk, *r)
	}
	// The most worrying first: more reasons, then the mentee's name.
	sort.Slice(o.AtRisk, func(i, j int) bool {
		a, b := o.AtRisk[i], o.AtRisk[j]
		if len(a.Reasons) != len(b.Reasons) {
			return len(a.Reasons) > len(b.Reasons)
		}
		return a.Mentee+a.Duo < b.Mentee+b.Duo
	})
	return o, nil
}

// finding is one reason found for one duo.
type finding struct {
	Duo    string `db:"id"`
	Status string `db:"status"`
	Mentor string `db:"mentor_name"`
	Mentee string `db:"mentee_name"`
	Days   int    `db:"days"`
	N      int    `db:"n"`
	Date   string `db:"date"`
	reason Reason
}

type finder func(app core.App, branchID string, today types.DateTime) ([]finding, error)

// finders look for each risk in the duos it can still happen to: an open duo (validated,
// active) for its agreement, meetings and period, a completed one for its evaluations and
// follow-ups, which the coordinator still chases. A stopped or declined duo is over: nothing
// of it is at risk, whatever it left behind (a meeting never confirmed, a period that ran).
var finders = []finder{noMeeting, unconfirmed, unsigned, evaluationOverdue, endingSoon}

const people = `SELECT d.id, d.status, mr.name AS mentor_name, me.name AS mentee_name`
const joins = ` FROM duos d JOIN users mr ON mr.id = d.mentor JOIN users me ON me.id = d.mentee `

func run(app core.App, sql string, params dbx.Params, reason func(f finding) Reason) ([]finding, error) {
	var found []finding
	if err := app.DB().NewQuery(sql).Bind(params).All(&found); err != nil {
		return nil, err
	}
	for i := range found {
		found[i].reason = reason(found[i])
	}
	return found, nil
}

func day(d types.DateTime) string { return d.String() }

// daysSince is SQL for the whole days from a stored date or date-time to today.
const daysSince = `CAST(julianday(substr({:today}, 1, 10)) - julianday(substr(%s, 1, 10)) AS INTEGER)`

// noMeeting: an active duo that started at least QuietDays ago with no meeting since.
func noMeeting(app core.App, branchID string, today types.DateTime) ([]finding, error) {
	since := lifecycle.AddDays(today, -QuietDays)
	return run(app, people+`, `+fmt.Sprintf(daysSince, `COALESCE((SELECT MAX(m.held_on) FROM meetings m WHERE m.duo = d.id), d.started_on)`)+` AS days`+joins+
		`WHERE d.branch = {:branch} AND d.status = 'active' AND d.started_on <= {:since}
		AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.duo = d.id AND m.held_on > {:since})`,
		dbx.Params{"branch": branchID, "since": day(since), "today": day(today)},
		func(f finding) Reason { return Reason{Code: RiskNoMeeting, Days: f.Days} })
}

// unconfirmed: an active duo's meetings held UnconfirmedDays ago or more that the mentee has
// not confirmed.
func unconfirmed(app core.App, branchID string, today types.DateTime) ([]finding, error) {
	return run(app, people+`, COUNT(m.id) AS n`+joins+`JOIN meetings m ON m.duo = d.id
		WHERE d.branch = {:branch} AND d.status = 'active' AND m.mentee_confirmed = 0
		AND m.held_on <= {:before} GROUP BY d.id`,
		dbx.Params{"branch": branchID, "before": day(lifecycle.AddDays(today, -UnconfirmedDays))},
		func(f finding) Reason { return Reason{Code: RiskUnconfirmed, N: min(f.N, maxUnconfirmedCount)} })
}

// daysAgo is how many calendar days, in the branch's time zone, lie between a stored
// date-time (UTC) and today: a validation at 00:30 in Brussels is that day's, not the
// day before's as its UTC date says.
func daysAgo(app core.App, branchID, stamp string, today types.DateTime) int {
	at, err := types.ParseDateTime(stamp)
	if err != nil || at.IsZero() {
		return 0
	}
	day := lifecycle.LocalDate(at.Time(), lifecycle.BranchLocation(app, branchID))
	return int(today.Time().Sub(day.Time()).Hours() / 24)
}

// stamped is a duo with a date-time its risk counts from, and how many records it has.
type stamped struct {
	finding
	At string `db:"at"`
}

// olderThan keeps the duos whose date-time lies at least days ago in the branch's calendar
// (the query's bound keeps a day of margin for the zone).
func olderThan(app core.App, branchID string, today types.DateTime, days int, sql string, params dbx.Params,
	reason func(f finding) Reason) ([]finding, error) {
	params["bound"] = day(lifecycle.AddDays(today, -days+1))
	var rows []stamped
	if err := app.DB().NewQuery(sql).Bind(params).All(&rows); err != nil {
		return nil, err
	}
	var found []finding
	for _, r := range rows {
		if r.Days = daysAgo(app, branchID, r.At, today); r.Days >= days {
			r.reason = reason(r.finding)
			found = append(found, r.finding)
		}
	}
	return found, nil
}

// unsigned: a duo validated UnsignedDays ago or more whose agreement lacks a signature.
func unsigned(app core.App, branchID string, today types.DateTime) ([]finding, error) {
	return olderThan(app, branchID, today, UnsignedDays, people+`, MAX(ev.at) AS at`+joins+
		`JOIN duo_events ev ON ev.duo = d.id AND ev.to_status = 'validated'
		LEFT JOIN agreements a ON a.duo = d.id
		WHERE d.branch = {:branch} AND d.status = 'validated'
		AND (a.id IS NULL OR a.mentor_signed_at = '' OR a.mentee_signed_at = '')
		GROUP BY d.id HAVING MAX(ev.at) < {:bound}`, dbx.Params{"branch": branchID},
		func(f finding) Reason { return Reason{Code: RiskUnsigned, Days: f.Days} })
}

// evaluationOverdue: a completed duo's evaluations unanswered EvaluationLateDays after they
// opened (counted from the oldest).
func evaluationOverdue(app core.App, branchID string, today types.DateTime) ([]finding, error) {
	return olderThan(app, branchID, today, EvaluationLateDays, people+`, COUNT(e.id) AS n, MIN(e.created) AS at`+joins+
		`JOIN evaluations e ON e.duo = d.id
		WHERE d.branch = {:branch} AND d.status = 'completed' AND e.submitted_at = '' AND e.created < {:bound}
		GROUP BY d.id`, dbx.Params{"branch": branchID},
		func(f finding) Reason { return Reason{Code: RiskEvaluationDue, N: f.N, Days: f.Days} })
}

// endingSoon: an active duo whose period ends within EndingWithinDays.
func endingSoon(app core.App, branchID string, today types.DateTime) ([]finding, error) {
	return run(app, people+`, substr(d.ends_on, 1, 10) AS date`+joins+
		`WHERE d.branch = {:branch} AND d.status = 'active' AND d.ends_on != '' AND d.ends_on <= {:until}`,
		dbx.Params{"branch": branchID, "until": day(lifecycle.AddDays(today, EndingWithinDays))},
		func(f finding) Reason { return Reason{Code: RiskEnding, Date: f.Date} })
}
