package sessions

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// Check-ins are planned for a duo when it starts: one a month named by its branch's
// checkin_after_months ("1,3": a month and three months after the start), on the duo's
// weekly meeting day of that week (or the weekday itself when none is agreed; a weekend day
// becomes the Monday after), at its weekly time (or checkinDefaultTime), at its weekly place,
// hosted by the duo's coordinator. The coordinator moves or cancels any of them like another
// session. When the duo ends early, the check-ins still to come are cancelled.
const (
	checkinDefaultTime = "10:00"
	checkinLength      = time.Hour
)

// BindCheckins plans and cancels a duo's check-ins in the transaction that starts or ends it.
func BindCheckins(app core.App, now func() time.Time) {
	app.OnRecordUpdateExecute("duos").BindFunc(func(e *core.RecordEvent) error {
		outer := e.App
		defer func() { e.App = outer }()
		return outer.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := e.Next(); err != nil {
				return err
			}
			before, after := e.Record.Original().GetString("status"), e.Record.GetString("status")
			switch {
			case before == after:
				return nil
			case after == lifecycle.Active:
				return planCheckins(tx, e.Record)
			case slices.Contains([]string{lifecycle.Stopped, lifecycle.Completed, lifecycle.Declined}, after):
				return cancelCheckins(tx, e.Record, now())
			}
			return nil
		})
	})
}

// CheckinMonths reads a branch's plan ("1,3"): the months, once each, in order.
func CheckinMonths(plan string) []int {
	var months []int
	for _, part := range strings.Split(plan, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err == nil && n >= 1 && n <= 6 && !slices.Contains(months, n) {
			months = append(months, n)
		}
	}
	slices.Sort(months)
	return months
}

// CheckinStart is when the check-in n months into a duo's period takes place, in the
// branch's zone; false when that falls after the period's end.
func CheckinStart(duo *core.Record, months int, loc *time.Location) (time.Time, bool) {
	started, ends := duo.GetDateTime("started_on").Time(), duo.GetDateTime("ends_on").Time()
	day := addMonths(started, months)
	if weekday := duo.GetInt("meeting_weekday"); weekday >= 1 && weekday <= 7 {
		day = day.AddDate(0, 0, (weekday-isoWeekday(day)+7)%7)
	} else if w := isoWeekday(day); w > 5 {
		day = day.AddDate(0, 0, 8-w)
	}
	if !ends.IsZero() && day.After(ends) {
		return time.Time{}, false
	}
	clock, err := time.Parse("15:04", duo.GetString("meeting_time"))
	if err != nil {
		clock, _ = time.Parse("15:04", checkinDefaultTime)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc), true
}

// addMonths is the same day months later, or that month's last day (31 January + 1 is
// 28 or 29 February, not 3 March).
func addMonths(day time.Time, months int) time.Time {
	first := time.Date(day.Year(), day.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(day.Day(), last), 0, 0, 0, 0, time.UTC)
}

func isoWeekday(day time.Time) int { return (int(day.Weekday())+6)%7 + 1 }

func planCheckins(tx core.App, duo *core.Record) error {
	branch, err := tx.FindRecordById("branches", duo.GetString("branch"))
	if err != nil {
		return err
	}
	months := CheckinMonths(branch.GetString("checkin_after_months"))
	if len(months) == 0 || duo.GetDateTime("started_on").IsZero() {
		return nil
	}
	planned, err := tx.FindAllRecords("sessions", dbx.HashExp{"duo": duo.Id, "kind": Checkin})
	if err != nil || len(planned) > 0 {
		return err // a duo started once; a restart of its period keeps what the coordinator planned
	}
	collection, err := tx.FindCachedCollectionByNameOrId("sessions")
	if err != nil {
		return err
	}
	loc := lifecycle.Zone(branch.GetString("timezone"))
	for _, n := range months {
		start, ok := CheckinStart(duo, n, loc)
		if !ok {
			continue
		}
		s := core.NewRecord(collection)
		s.Set("branch", duo.GetString("branch"))
		s.Set("kind", Checkin)
		s.Set("duo", duo.Id)
		s.Set("starts_at", start.UTC())
		s.Set("ends_at", start.Add(checkinLength).UTC())
		s.Set("place", duo.GetString("meeting_place"))
		s.Set("host", hostOf(tx, duo))
		if err := tx.Save(s); err != nil {
			return err
		}
	}
	return nil
}

// hostOf is the duo's coordinator while they coordinate its branch; nobody otherwise (the
// branch's coordinators see the check-in without a host and take it).
func hostOf(tx core.App, duo *core.Record) string {
	id := duo.GetString("coordinator")
	coord, err := tx.FindRecordById("users", id)
	if err != nil || coord.GetString("role") != access.RoleCoordinator || coord.GetString("branch") != duo.GetString("branch") {
		return ""
	}
	return id
}

// cancelCheckins: a duo that ended has no check-in to come.
func cancelCheckins(tx core.App, duo *core.Record, now time.Time) error {
	coming, err := tx.FindAllRecords("sessions", dbx.HashExp{"duo": duo.Id, "kind": Checkin, "status": Planned},
		dbx.NewExp("starts_at > {:now}", dbx.Params{"now": now.UTC().Format("2006-01-02 15:04:05.000Z")}))
	if err != nil {
		return err
	}
	for _, s := range coming {
		s.Set("status", Cancelled)
		if err := tx.Save(s); err != nil {
			return err
		}
	}
	return nil
}
