// Package hooks binds duo's packages to the PocketBase app: record rules, merged updates,
// request guards, client filters, sync, push notifications and reminders, the console's
// routes (intake, matching, supervision), mail, error translation, compression and the
// public pages.
package hooks

import (
	"io/fs"
	"maps"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/audit"
	"github.com/duoforajob/duo/calendar"
	"github.com/duoforajob/duo/config"
	"github.com/duoforajob/duo/consent"
	"github.com/duoforajob/duo/erasure"
	"github.com/duoforajob/duo/impact"
	"github.com/duoforajob/duo/intake"
	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/matching"
	"github.com/duoforajob/duo/notify"
	"github.com/duoforajob/duo/people"
	"github.com/duoforajob/duo/reminders"
	"github.com/duoforajob/duo/retention"
	"github.com/duoforajob/duo/rights"
	"github.com/duoforajob/duo/sessions"
	"github.com/duoforajob/duo/signup"
	"github.com/duoforajob/duo/supervision"
	"github.com/duoforajob/duo/sync"
)

// Options are what differs between the server, the tests and the demo.
type Options struct {
	// Now is the clock of the programme's rules; time.Now when nil.
	Now func() time.Time
	// Public holds the web pages served at the root (pb_public); nothing is served when nil.
	Public fs.FS
	// Kit holds the sync client kit's modules (clients/js/src), served under KitPath.
	Kit fs.FS
	// Config is duo's settings (config.Load); its defaults when zero.
	Config config.Config
	// Sender delivers push notifications; they are logged when nil.
	Sender notify.Sender
}

// Bind registers every behaviour of duo on app. Tests call it on their test app.
func Bind(app core.App, opts Options) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	rules := maps.Clone(lifecycle.ByCollection)
	maps.Copy(rules, people.ByCollection)
	maps.Copy(rules, consent.ByCollection)
	maps.Copy(rules, supervision.ByCollection)
	maps.Copy(rules, sessions.ByCollection)

	bindClock(app, opts.Now)
	bindMergedUpdates(app)
	bindRecordRules(app, rules, opts.Now)
	bindRequestGuards(app, slices.Sorted(maps.Keys(rules)), opts.Now)
	sync.Bind(app, sync.Options{Retention: opts.Config.SyncRetention, Now: opts.Now})
	notify.Bind(app, notify.Options{Sender: opts.Sender, Now: opts.Now, Obsolete: reminders.Obsolete})
	reminders.Bind(app, opts.Now)
	supervision.Bind(app, opts.Now)
	supervision.BindDuoList(app)
	sessions.BindCheckins(app, opts.Now)
	matching.Bind(app)
	intake.Bind(app, opts.Now)
	impact.Bind(app, opts.Now)
	rights.Bind(app, opts.Now)
	calendar.Bind(app, opts.Now)
	signup.Bind(app, signup.Options{KeepDays: opts.Config.JoinKeepDays}, opts.Now)
	erasure.Bind(app, opts.Now)
	consent.Bind(app)
	audit.Bind(app)
	retention.Bind(app, retention.Options{EraseAfterMonths: opts.Config.EraseAfterMonths,
		CommentMonths: opts.Config.CommentMonths}, opts.Now)
	bindMailLog(app)
	people.BindSignIns(app)
	bindAccountFields(app)
	app.OnRealtimeSubscribeRequest().BindFunc(guardSubscriptions)
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		bindBodyShape(e)
		bindInputGuard(e)
		bindQueryGuard(e)
		bindEmailChangeGuard(e)
		bindTruncateGuard(e)
		bindNoStore(e)
		bindCompression(e)
		bindEvaluationForm(e)
		bindErrorTranslation(e)
		bindUnavailable(e)
		bindKit(e, opts.Kit)
		if err := bindApp(e, opts); err != nil {
			return err
		}
		bindPublicPages(e, opts.Public)
		return e.Next()
	})
}
