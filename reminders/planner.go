// Package reminders decides which push notifications the programme sends and when: one
// planner per rule, robfig schedules in each person's time zone, a dedupe key per reminder,
// and a catch-up of what fell due while the server was down.
package reminders

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/notify"
)

// Lookback is how far back a planner catches up after downtime.
const Lookback = 7 * 24 * time.Hour

// Rule is one reminder rule: Plan lists the notifications whose time falls in (from, to],
// judging their conditions (signed? answered? logged?) as of to.
type Rule struct {
	ID   string // also the id of its job in PocketBase's cron list
	Plan func(app core.App, from, to time.Time) ([]notify.Notification, error)
}

// Planner runs rules over the window since their last run.
type Planner struct {
	app core.App
	now func() time.Time
}

// NewPlanner plans on app with a clock (time.Now when nil).
func NewPlanner(app core.App, now func() time.Time) *Planner {
	if now == nil {
		now = time.Now
	}
	return &Planner{app: app, now: now}
}

// Run plans a rule from where its last run stopped (at most Lookback ago) up to now and
// writes what it finds to the outbox; it returns how many notifications were new. Running it
// again, or twice at once (two servers), writes nothing twice: each reminder has a dedupe key.
func (p *Planner) Run(rule Rule) (int, error) {
	now := p.now()
	from := now.Add(-Lookback)
	if last := p.plannedUntil(rule.ID); last.After(from) {
		from = last
	}
	if !now.After(from) {
		return 0, nil
	}
	list, err := rule.Plan(p.app, from, now)
	if err != nil {
		return 0, err
	}
	created, err := notify.Enqueue(p.app, list...)
	if err != nil {
		return created, err
	}
	return created, p.advance(rule.ID, now)
}

func (p *Planner) plannedUntil(rule string) time.Time {
	var value string
	err := p.app.DB().NewQuery("SELECT planned_until FROM _duo_reminder_runs WHERE rule = {:rule}").
		Bind(dbx.Params{"rule": rule}).Row(&value)
	if err != nil {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, value)
	return t
}

// advance records that a rule has planned up to t; a slower overlapping run never moves it back.
func (p *Planner) advance(rule string, t time.Time) error {
	_, err := p.app.DB().NewQuery(`INSERT INTO _duo_reminder_runs (rule, planned_until) VALUES ({:rule}, {:t})
		ON CONFLICT (rule) DO UPDATE SET planned_until = MAX(planned_until, excluded.planned_until)`).
		Bind(dbx.Params{"rule": rule, "t": t.UTC().Format(rfc3339Fixed)}).Execute()
	return err
}

// rfc3339Fixed sorts as text in time order (fixed width, UTC), which MAX above relies on.
const rfc3339Fixed = "2006-01-02T15:04:05.000000000Z"
