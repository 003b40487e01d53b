// Package retention holds personal data no longer than its purpose needs: people are erased
// a set time after their last duo, evaluation comments sooner if configured, and PocketBase's
// request logs keep the IP addresses they record for a few days only.
package retention

import (
	"context"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/jobs"
)

// LogDays is the most days PocketBase's request logs are kept while they record the IP
// address of each request (a request's IP is personal data; a few days serve to trace an
// attack). Longer logs are allowed once they record no IP.
const LogDays = 7

// CodeLogDays is the error of a setting that would keep IP addresses longer.
const CodeLogDays = "duo_log_days"

// JobID is the daily retention job in PocketBase's cron list.
const JobID = "duo_retention"

// Bind adds the daily retention job, and refuses, in the dashboard or through the API,
// settings that would keep the logs' IP addresses beyond LogDays (0 would keep them forever).
func Bind(app core.App, opts Options, now func() time.Time) {
	if opts.EraseAfterMonths == 0 {
		opts.EraseAfterMonths = DefaultEraseAfterMonths
	}
	jobs.Of(app).Add(JobID, "10 3 * * *", func(context.Context) {
		if err := Run(app, opts, now()); err != nil {
			app.Logger().Error("retention: the daily job failed", "error", err)
		}
	})
	app.OnSettingsUpdateRequest().BindFunc(func(e *core.SettingsUpdateRequestEvent) error {
		if err := CheckLogs(e.NewSettings); err != nil {
			return e.BadRequestError("Invalid request.", validation.Errors{"logs": validation.Errors{"maxDays": err}})
		}
		return e.Next()
	})
}

// Run erases the people whose retention time is over, blanks the comments and deletes the
// pushes, conflicts and audit entries kept long enough, a batch of each.
func Run(app core.App, opts Options, now time.Time) error {
	people, err := ErasePeople(app, now, opts.EraseAfterMonths)
	if err != nil {
		return err
	}
	comments, err := BlankComments(app, now, opts.CommentMonths)
	if err != nil {
		return err
	}
	records, err := PruneRecords(app, now)
	if people > 0 || comments > 0 || records > 0 {
		app.Logger().Info("retention: erased", "people", people, "comments", comments, "records", records)
	}
	return err
}

// CheckLogs says whether the settings keep the logs' IP addresses too long.
func CheckLogs(s *core.Settings) error {
	if s.Logs.LogIP && (s.Logs.MaxDays == 0 || s.Logs.MaxDays > LogDays) {
		return validation.NewError(CodeLogDays, "While the logs record IP addresses, keep them {{.days}} days at most.").
			SetParams(map[string]any{"days": LogDays})
	}
	return nil
}
