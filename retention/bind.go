package retention

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/jobs"
)

// JobID is the daily retention job in PocketBase's cron list.
const JobID = "duo_retention"

// Bind adds the daily retention job (03:10 UTC, a quiet hour for every branch) and the guard
// of the logs' settings.
func Bind(app core.App, opts Options, now func() time.Time) {
	if opts.EraseAfterMonths == 0 {
		opts.EraseAfterMonths = DefaultEraseAfterMonths
	}
	jobs.Of(app).Add(JobID, "10 3 * * *", func(context.Context) {
		if err := Run(app, opts, now()); err != nil {
			app.Logger().Error("retention: the daily job failed", "error", err)
		}
	})
	guardLogs(app)
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
