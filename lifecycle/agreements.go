package lifecycle

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

var signatureFields = map[string]string{"mentor_signed_at": "mentor", "mentee_signed_at": "mentee"}

// ensureAgreement writes the agreement of a duo just validated, in its branch's language.
func ensureAgreement(app core.App, duo *core.Record) error {
	if _, err := app.FindFirstRecordByData("agreements", "duo", duo.Id); err == nil {
		return nil
	}
	collection, err := app.FindCachedCollectionByNameOrId("agreements")
	if err != nil {
		return err
	}
	locale := "fr"
	if branch, err := app.FindRecordById("branches", duo.GetString("branch")); err == nil {
		locale = branch.GetString("locale")
	}
	agreement := core.NewRecord(collection)
	agreement.Set("duo", duo.Id)
	agreement.Set("commitments", Commitments(locale))
	return app.Save(agreement)
}

// newlySigned lists the signature fields this save sets.
func newlySigned(agreement *core.Record) []string {
	var fields []string
	for _, f := range []string{"mentor_signed_at", "mentee_signed_at"} {
		if agreement.Original().GetDateTime(f).IsZero() && !agreement.GetDateTime(f).IsZero() {
			fields = append(fields, f)
		}
	}
	return fields
}

func bothSigned(agreement *core.Record) bool {
	return !agreement.GetDateTime("mentor_signed_at").IsZero() && !agreement.GetDateTime("mentee_signed_at").IsZero()
}

// validateAgreement: a signature is given once, while the duo is validated, at a plausible
// time, and never changed or cleared; what was signed (the commitments) no longer changes.
func validateAgreement(app core.App, agreement *core.Record, now time.Time) error {
	errs := validation.Errors{}
	original := agreement.Original()
	duo, err := app.FindRecordById("duos", agreement.GetString("duo"))
	if err != nil {
		return nil // PocketBase's relation check names the missing duo
	}
	if !agreement.IsNew() && access.Changed(agreement, "duo") {
		errs["duo"] = immutable()
	}
	if agreement.IsNew() && duo.GetString("status") != Validated {
		errs["duo"] = fieldError(CodeNotSignable, "An agreement exists only for a validated duo.")
	}
	for field := range signatureFields {
		if !original.GetDateTime(field).IsZero() && access.Changed(agreement, field) {
			errs[field] = fieldError(CodeSignatureFinal, "A signature, once given, cannot be changed or withdrawn.")
		}
	}
	anySigned := !original.GetDateTime("mentor_signed_at").IsZero() || !original.GetDateTime("mentee_signed_at").IsZero()
	if anySigned && access.Changed(agreement, "commitments") {
		errs["commitments"] = fieldError(CodeCommitmentsFrozen, "The commitments cannot change once someone has signed.")
	}
	created := agreement.GetDateTime("created").Time()
	if agreement.IsNew() || created.IsZero() {
		created = now
	}
	for _, field := range newlySigned(agreement) {
		at := agreement.GetDateTime(field).Time()
		switch {
		case duo.GetString("status") != Validated:
			errs[field] = fieldError(CodeNotSignable, "The agreement is signed while the duo is validated.")
		case at.After(now.Add(ClockSkew)) || at.Before(created.Add(-ClockSkew)):
			errs[field] = fieldError(CodeSignatureTime, "A signature is dated between the agreement's creation and now.")
		case bothSigned(agreement) && otherActiveDuo(app, duo.GetString("mentee"), duo.Id):
			errs[field] = fieldError(CodeMenteeActive, "This mentee already has an active duo.")
		}
	}
	return errorsOrNil(errs)
}

// afterAgreement records each new signature and, with the second one, starts the duo.
func afterAgreement(app core.App, agreement *core.Record, now time.Time) error {
	signed := newlySigned(agreement)
	if len(signed) == 0 {
		return nil
	}
	actor := access.ActorOf(agreement)
	duoID := agreement.GetString("duo")
	for _, field := range signed {
		if err := recordEvent(app, duoID, actor, event{kind: EventSigned, detail: signatureFields[field]}, now); err != nil {
			return err
		}
	}
	if !bothSigned(agreement) {
		return nil
	}
	duo, err := app.FindRecordById("duos", duoID)
	if err != nil || duo.GetString("status") != Validated {
		return err
	}
	duo.Set("status", Active)
	defer access.Attach(duo, actor)()
	return app.Save(duo)
}
