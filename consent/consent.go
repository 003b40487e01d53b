// Package consent keeps each person's consent per purpose: who recorded it, how, when, to
// which version of the text; withdrawing one clears the data it covered (origin) or stops
// what it allowed (follow-up prompts), and every change is in the audit log.
package consent

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/audit"
	"github.com/duoforajob/duo/lifecycle"
)

// Purposes a person consents to, apart from one another.
const (
	Programme        = "programme"         // joining the programme
	OriginStatistics = "origin_statistics" // country of birth and nationality, for the statistics
	FollowupContact  = "followup_contact"  // being asked the 6- and 12-month follow-ups
)

// States of a consent.
const (
	Given     = "given"
	Withdrawn = "withdrawn"
)

// How a consent was given.
const (
	ViaApp     = "app"
	ViaConsole = "console"
	ViaPaper   = "paper"
)

// Error codes; their texts in every language are in i18n/locales.
const (
	CodeRecordedVia = "duo_consent_via"
	CodeNotAPerson  = "duo_consent_person"
)

// ByCollection lists the rules of consents, in lifecycle's shape.
var ByCollection = map[string]lifecycle.Rules{
	"consents": {Prepare: prepare, Validate: validate, After: after},
}

// prepare sets what the server decides: who recorded the consent, and when it was given or
// withdrawn (a consent given again keeps no withdrawal date).
func prepare(app core.App, c *core.Record, now time.Time) error {
	actor := access.ActorOf(c)
	changed := c.IsNew() || c.Original().GetString("state") != c.GetString("state") ||
		c.Original().GetString("text_version") != c.GetString("text_version")
	if !changed { // what the server wrote stays as it wrote it
		for _, field := range []string{"recorded_by", "given_at", "withdrawn_at"} {
			c.Set(field, c.Original().Get(field))
		}
		return nil
	}
	c.Set("recorded_by", actor.PersonID())
	if c.GetString("state") == Withdrawn {
		c.Set("withdrawn_at", now)
	} else {
		c.Set("given_at", now)
		c.Set("withdrawn_at", "")
	}
	return nil
}

// validate: a consent stays the same person's and purpose's; the person records their own
// through the app, a coordinator through the console or from paper; only mentors and mentees
// give consents, and a pseudonym (an erased person's place) none.
func validate(app core.App, c *core.Record, now time.Time) error {
	errs := validation.Errors{}
	if !c.IsNew() {
		for _, field := range []string{"person", "purpose"} {
			if access.Changed(c, field) {
				errs[field] = validation.NewError(lifecycle.CodeImmutable, "This field cannot be changed.")
			}
		}
	}
	person, err := app.FindRecordById("users", c.GetString("person"))
	switch {
	case err != nil || (person.GetString("role") != access.RoleMentee && person.GetString("role") != access.RoleMentor):
		errs["person"] = validation.NewError(CodeNotAPerson, "Consents are given by mentors and mentees.")
	case !person.GetDateTime("erased_at").IsZero():
		errs["person"] = validation.NewError(lifecycle.CodePersonErased, "This person was erased.")
	}
	actor := access.ActorOf(c)
	via := c.GetString("recorded_via")
	switch {
	case actor.Kind() != access.KindPerson:
	case actor.PersonID() == c.GetString("person") && via != ViaApp,
		actor.PersonID() != c.GetString("person") && via == ViaApp:
		errs["recorded_via"] = validation.NewError(CodeRecordedVia,
			"A person gives their consent in the app; a coordinator records it from the console or from paper.")
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// after writes the consequences of a change, in the same transaction: the audit log, and
// for a withdrawn consent to origin data, the origin fields cleared.
func after(app core.App, c *core.Record, now time.Time) error {
	state := c.GetString("state")
	if !c.IsNew() && !c.Original().IsNew() && c.Original().GetString("state") == state {
		return nil
	}
	action := audit.ConsentGiven
	if state == Withdrawn {
		action = audit.ConsentWithdrawn
		if c.GetString("purpose") == OriginStatistics {
			if err := clearOrigin(app, c.GetString("person")); err != nil {
				return err
			}
		}
	}
	return audit.Record(app, action, c.GetString("person"), access.ActorOf(c), c.GetString("purpose"), now)
}

// clearOrigin blanks the person's country of birth and nationality and their consent dates.
func clearOrigin(app core.App, person string) error {
	profile, err := app.FindFirstRecordByData("profiles", "user", person)
	if err != nil {
		return nil // no profile, nothing to clear
	}
	for _, field := range []string{"birth_country", "birth_country_consent_on", "nationality", "nationality_consent_on"} {
		profile.Set(field, "")
	}
	return app.Save(profile)
}

// Bind keeps every consent as proof: through the API (the dashboard included) nobody,
// superusers included, deletes one; it is withdrawn instead, and goes with its person's
// erasure.
func Bind(app core.App) {
	app.OnRecordDeleteRequest("consents").BindFunc(func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("A consent is withdrawn, never deleted; it goes when the person is erased.", nil)
	})
}
