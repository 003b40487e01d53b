package reminders

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/jobs"
)

// Rules are every reminder rule, each a job in PocketBase's cron list under its ID.
var Rules = []Rule{MeetingReminders, MeetingNudges, AgreementReminders, Evaluations, WeeklyDigest,
	SessionReminders, SessionNoShows}

// planEvery is how often the planners look for what fell due: a reminder leaves at most this
// late, and the dispatcher (every minute) sends it.
const planEvery = "*/5 * * * *"

// Bind adds each rule's planner to the app's cron (started with serve; shutdown waits for a
// run in progress);
// a superuser runs one at once from the dashboard or with POST /api/crons/{id}.
func Bind(app core.App, now func() time.Time) *Planner {
	p := NewPlanner(app, now)
	runner := jobs.Of(app)
	for _, rule := range Rules {
		runner.Add(rule.ID, planEvery, func(context.Context) {
			n, err := p.Run(rule)
			if err != nil {
				app.Logger().Error("reminders: planning failed", "rule", rule.ID, "error", err)
			}
			if n > 0 {
				app.Logger().Info("reminders: planned", "rule", rule.ID, "notifications", n)
			}
		})
	}
	return p
}
