package signup

import (
	"context"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/internal/jobs"
)

// JobID is the sign-up's hourly erasure in PocketBase's cron list.
const JobID = "duo_join_retention"

// Batch is how many registrations one run erases at most: a backlog goes over a few hours
// rather than in one long write that would hold every other writer.
const Batch = 500

// bindRetention erases, every hour, the registrations kept long enough.
func bindRetention(app core.App, keepDays int, now func() time.Time) {
	jobs.Of(app).Add(JobID, "25 * * * *", func(context.Context) {
		if n, err := Prune(app, now(), keepDays); err != nil {
			app.Logger().Error("signup: erasing old registrations failed", "error", err)
		} else if n > 0 {
			app.Logger().Info("signup: registrations erased", "count", n)
		}
	})
}

// Prune erases, a batch at most, the registrations nobody needs any more at now: those not
// confirmed within ConfirmWithin of their last mail, and those confirmed but never turned
// into a person keepDays after their session started. A converted registration stays as
// long as its person (it goes with their erasure). It answers how many went.
func Prune(app core.App, now time.Time, keepDays int) (int, error) {
	stamp := func(t time.Time) string { d, _ := types.ParseDateTime(t); return d.String() }
	old, err := app.FindRecordsByFilter(collection,
		`(confirmed_at = "" && mailed_at < {:unconfirmed}) || (confirmed_at != "" && converted_at = "" && session.starts_at < {:kept})`,
		"created", Batch, 0, dbx.Params{"unconfirmed": stamp(now.Add(-ConfirmWithin)), "kept": stamp(now.AddDate(0, 0, -keepDays))})
	if err != nil {
		return 0, err
	}
	for i, r := range old {
		if err := app.Delete(r); err != nil { // its lines on session lists go with it (cascade)
			return i, err
		}
	}
	return len(old), nil
}
