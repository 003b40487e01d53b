// Package people keeps branches, accounts and intake profiles consistent: time zones, roles,
// branch moves, one profile per person, consent for origin data.
package people

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/internal/txmemo"
	"github.com/duoforajob/duo/lifecycle"
)

// Error codes; their texts in every language are in i18n/locales.
const (
	CodeTimezone         = "duo_timezone"
	CodeRoleHasDuos      = "duo_role_has_duos"
	CodeBranchOpenDuos   = "duo_branch_open_duos"
	CodeBirthYear        = "duo_birth_year"
	CodeMenteesOnly      = "duo_mentees_only"
	CodeMentorsOnly      = "duo_mentors_only"
	CodeConsentRequired  = "duo_consent_required"
	CodeConsentDate      = "duo_consent_date"
	CodeConsentWithdrawn = "duo_consent_withdrawn"
	CodeServerOnly       = "duo_server_only"
)

// IntakeFormText is the version of the consent text of the intake form's origin questions.
const IntakeFormText = "intake-form-2026"

// ByCollection lists the rules of branches, users and profiles, in lifecycle's shape.
var ByCollection = map[string]lifecycle.Rules{
	"branches": {Validate: validateBranch, After: forgetBranchZone},
	"users":    {Prepare: prepareUser, Validate: validateUser, After: afterUser},
	"profiles": {Prepare: prepareProfile, Validate: validateProfile, After: afterProfile},
}

func fieldError(code, message string, params ...map[string]any) validation.Error {
	err := validation.NewError(code, message)
	if len(params) > 0 {
		err = err.SetParams(params[0])
	}
	return err
}

func errorsOrNil(errs validation.Errors) error {
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// validTimezone accepts an IANA zone name (Europe/Brussels), not an offset or an alias.
func validTimezone(name string) bool {
	if name == "" || name == "Local" {
		return false // "Local" would mean the server's zone, not the person's
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

func timezoneError() validation.Error {
	return fieldError(CodeTimezone, "Must be a time zone name such as Europe/Brussels.")
}

// forgetBranchZone: a transaction that changes a branch reads its new time zone afterwards.
func forgetBranchZone(app core.App, branch *core.Record, now time.Time) error {
	txmemo.Forget(app, lifecycle.BranchZoneKey(branch.Id))
	return nil
}

func validateBranch(app core.App, branch *core.Record, now time.Time) error {
	if !validTimezone(branch.GetString("timezone")) {
		return validation.Errors{"timezone": timezoneError()}
	}
	return nil
}

// prepareUser: a new person speaks their branch's language until they choose another.
func prepareUser(app core.App, user *core.Record, now time.Time) error {
	if user.IsNew() && user.GetString("locale") == "" {
		if branch, err := app.FindRecordById("branches", user.GetString("branch")); err == nil {
			user.Set("locale", branch.GetString("locale"))
		}
	}
	return nil
}

// validateUser: a role does not change under a duo, nobody leaves a branch while one of their
// duos there is still open, and nobody is marked erased but by an erasure.
func validateUser(app core.App, user *core.Record, now time.Time) error {
	errs := validation.Errors{}
	if tz := user.GetString("timezone"); tz != "" && !validTimezone(tz) {
		errs["timezone"] = timezoneError()
	}
	// Only an erasure marks a person erased, and it saves without these checks: an account
	// made or changed through any other path cannot pass for a pseudonym.
	if !user.GetDateTime("erased_at").IsZero() {
		errs["erased_at"] = fieldError(CodeServerOnly, "Set by the server only.")
	}
	if !user.IsNew() {
		if access.Changed(user, "role") && countDuos(app, user.Id, "") > 0 {
			errs["role"] = fieldError(CodeRoleHasDuos, "The role of a person who has duos cannot change.")
		}
		if access.Changed(user, "branch") && countDuos(app, user.Id, "open") > 0 {
			errs["branch"] = fieldError(CodeBranchOpenDuos,
				"A person moves to another branch once their duos there are closed.")
		}
	}
	return errorsOrNil(errs)
}

// countDuos counts the duos a person is part of; "open" ones only if asked.
func countDuos(app core.App, userID, which string) int {
	query := "SELECT COUNT(*) FROM duos WHERE (mentor = {:id} OR mentee = {:id} OR coordinator = {:id})"
	if which == "open" {
		query += " AND status IN ('proposed', 'validated', 'active')"
	}
	var n int
	if err := app.DB().NewQuery(query).Bind(map[string]any{"id": userID}).Row(&n); err != nil {
		return 0
	}
	return n
}

// afterUser gives each new person their (empty) profile, in the same transaction.
func afterUser(app core.App, user *core.Record, now time.Time) error {
	if !user.Original().IsNew() {
		return nil
	}
	collection, err := app.FindCachedCollectionByNameOrId("profiles")
	if err != nil {
		return err
	}
	profile := core.NewRecord(collection)
	profile.Set("user", user.Id)
	return app.Save(profile)
}
