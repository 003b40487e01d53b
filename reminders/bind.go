package reminders

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Rules are every reminder rule, each a job in PocketBase's cron list under its ID.
var Rules = []Rule{MeetingReminders, MeetingNudges, AgreementReminders, Evaluations, WeeklyDigest}

// planEvery is how often the planners look for what fell due: a reminder leaves at most this
// late, and the dispatcher (every minute) sends it.
const planEvery = "*/5 * * * *"

// Bind adds each rule's planner to the app's cron (started with serve, stopped on shutdown);
// a superuser runs one at once from the dashboard or with POST /api/crons/{id}.
func Bind(app core.App, now func() time.Time) *Planner {
	p := NewPlanner(app, now)
	for _, rule := range Rules {
		app.Cron().MustAdd(rule.ID, planEvery, func() {
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
