package people

import (
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// Ages the programme serves: mentees from 18 (some arrive at 16-17 through partners),
// mentors of 50 and more; anything outside is a typing error.
const (
	minAge = 16
	maxAge = 100
)

// originFields pairs each field revealing origin with the date its consent was given on.
var originFields = map[string]string{
	"birth_country": "birth_country_consent_on",
	"nationality":   "nationality_consent_on",
}

// prepareProfile keeps consent dates whole days, and withdraws them with the data: clearing
// a nationality clears the consent that came with it.
func prepareProfile(app core.App, profile *core.Record, now time.Time) error {
	for field, consent := range originFields {
		if profile.GetString(field) == "" {
			profile.Set(consent, "")
		}
		profile.Set(consent, lifecycle.DateOnly(profile.GetDateTime(consent)))
	}
	profile.Set("training_completed_on", lifecycle.DateOnly(profile.GetDateTime("training_completed_on")))
	return nil
}

func validateProfile(app core.App, profile *core.Record, now time.Time) error {
	errs := validation.Errors{}
	if !profile.IsNew() && access.Changed(profile, "user") {
		errs["user"] = fieldError(lifecycle.CodeImmutable, "This field cannot be changed.")
	}
	if year := profile.GetInt("birth_year"); year != 0 {
		if age := now.Year() - year; age < minAge || age > maxAge {
			errs["birth_year"] = fieldError(CodeBirthYear, "Must be between {{.from}} and {{.until}}.",
				map[string]any{"from": now.Year() - maxAge, "until": now.Year() - minAge})
		}
	}
	role, branch := "", ""
	if user, err := app.FindRecordById("users", profile.GetString("user")); err == nil {
		role, branch = user.GetString("role"), user.GetString("branch")
	}
	// Dates without a time of day are compared with today's date where the person lives: at
	// 00:30 in Brussels, today is already a past date there while it is still tomorrow in UTC.
	today := lifecycle.LocalDate(now, lifecycle.BranchLocation(app, branch))
	if len(profile.GetStringSlice("barriers")) > 0 && role != access.RoleMentee && access.Changed(profile, "barriers") {
		errs["barriers"] = fieldError(CodeMenteesOnly, "Only mentees answer this question.")
	}
	if done := profile.GetDateTime("training_completed_on"); !done.IsZero() && access.Changed(profile, "training_completed_on") {
		if role != access.RoleMentor {
			errs["training_completed_on"] = fieldError(CodeMentorsOnly, "Only mentors follow the initial training.")
		} else if done.After(today) {
			errs["training_completed_on"] = fieldError(lifecycle.CodeInFuture, "Cannot be in the future.")
		}
	}
	for field, consent := range originFields {
		if profile.GetString(field) == "" {
			continue
		}
		if access.Changed(profile, field) && originWithdrawn(app, profile.GetString("user")) {
			errs[field] = fieldError(CodeConsentWithdrawn, "The person withdrew their consent to origin data; record it again first.")
			continue
		}
		given := profile.GetDateTime(consent)
		switch {
		case given.IsZero():
			errs[consent] = fieldError(CodeConsentRequired, "Give the date the person consented to share this.")
		case given.After(today) || given.Time().Year() < 2000:
			errs[consent] = fieldError(CodeConsentDate, "Must be a past date, the day consent was given.")
		}
	}
	return errorsOrNil(errs)
}

// originWithdrawn: the person withdrew their consent to origin data for the statistics.
func originWithdrawn(app core.App, user string) bool {
	var n int
	_ = app.DB().NewQuery(`SELECT COUNT(*) FROM consents WHERE person = {:user} AND purpose = 'origin_statistics'
		AND state = 'withdrawn'`).Bind(dbx.Params{"user": user}).Row(&n)
	return n > 0
}

// afterProfile: an origin field recorded with the date of its consent is a consent to origin
// data for the statistics; it is written down as one (the intake form's text, by whoever
// recorded it), unless the person's consent to it is already on record.
func afterProfile(app core.App, profile *core.Record, now time.Time) error {
	recorded := false
	for field := range originFields {
		recorded = recorded || (profile.GetString(field) != "" && access.Changed(profile, field))
	}
	if !recorded {
		return nil
	}
	user := profile.GetString("user")
	if _, err := app.FindFirstRecordByFilter("consents", "person = {:user} && purpose = 'origin_statistics'",
		dbx.Params{"user": user}); err == nil {
		return nil
	}
	collection, err := app.FindCachedCollectionByNameOrId("consents")
	if err != nil {
		return err
	}
	actor := access.ActorOf(profile)
	c := core.NewRecord(collection)
	c.Load(map[string]any{"person": user, "purpose": "origin_statistics", "state": "given", "text_version": IntakeFormText,
		"recorded_via": map[bool]string{true: "app", false: "console"}[actor.PersonID() == user]})
	defer access.Attach(c, actor)()
	return app.Save(c)
}
