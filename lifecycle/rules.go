package lifecycle

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/access"
)

// Step is one part of a collection's model-level behaviour; now is the server's clock.
type Step func(app core.App, record *core.Record, now time.Time) error

// Rules is what every save of a collection goes through, whoever makes it (REST, sync,
// dashboard, cron): Prepare fills what the server decides, Validate checks the invariants
// (400 naming fields), After writes the consequences in the same transaction.
type Rules struct {
	Prepare, Validate, After Step
}

// ByCollection lists the programme's rules per collection.
var ByCollection = map[string]Rules{
	"duos":        {Prepare: prepareDuo, Validate: validateDuo, After: afterDuo},
	"agreements":  {Validate: validateAgreement, After: afterAgreement},
	"meetings":    {Prepare: prepareMeeting, Validate: validateMeeting},
	"objectives":  {Prepare: prepareObjective, Validate: validateObjective},
	"evaluations": {Validate: validateEvaluation},
	"duo_events":  {Validate: validateEvent},
}

// CheckDelete holds a person's deletes to the same windows as their edits, and keeps the
// signed agreement of a duo that started from everyone, superusers included. Cascades (a
// duo erased with its records) are not held.
func CheckDelete(app core.App, actor access.Actor, record *core.Record, now time.Time) error {
	duo, err := app.FindRecordById("duos", record.GetString("duo"))
	if err != nil {
		return nil
	}
	if record.Collection().Name == "agreements" && signedAndStarted(record, duo) {
		return router.NewBadRequestError("The signed agreement of a duo that started is kept with its history.", nil)
	}
	if actor.Trusted() {
		return nil
	}
	switch record.Collection().Name {
	case "meetings":
		if !LogOpen(app, duo, now) {
			return router.NewBadRequestError("The meeting log of this duo is closed.", nil)
		}
	case "objectives":
		if !ObjectivesOpen(duo) {
			return router.NewBadRequestError("Objectives change while the duo is validated or active.", nil)
		}
	}
	return nil
}

// signedAndStarted: someone signed the agreement and the duo's period began (active,
// completed, or stopped after its start): it is the record of what both committed to.
func signedAndStarted(agreement, duo *core.Record) bool {
	signed := !agreement.GetDateTime("mentor_signed_at").IsZero() || !agreement.GetDateTime("mentee_signed_at").IsZero()
	return signed && !duo.GetDateTime("started_on").IsZero()
}

// Complete ends an active duo whose period is over: it becomes completed, and mentor and
// mentee each get their final evaluation (created in the same transaction).
func Complete(app core.App, duo *core.Record) error {
	duo.Set("status", Completed)
	return app.Save(duo)
}
