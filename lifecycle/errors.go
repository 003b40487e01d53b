package lifecycle

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
)

// Error codes of the programme's rules. Each is answered as a 400 naming the field, with an
// English message here and its French and Dutch texts in i18n/locales (same placeholders).
const (
	CodeImmutable          = "duo_immutable"
	CodeNewDuoStatus       = "duo_new_status"
	CodeTransition         = "duo_transition"
	CodeNotSignedByBoth    = "duo_not_signed_by_both"
	CodeWrongRole          = "duo_wrong_role"
	CodeOtherBranch        = "duo_other_branch"
	CodeMenteeActive       = "duo_mentee_already_active"
	CodeStopReasonUnused   = "duo_stop_reason_unused"
	CodeStopCategory       = "duo_stop_category_required"
	CodeStopCategoryUnused = "duo_stop_category_unused"
	CodeMenteeOnlyQuestion = "duo_mentee_only_question"
	CodeDatesNotYet        = "duo_dates_not_yet"
	CodeDatesMissing       = "duo_dates_missing"
	CodePeriodRange        = "duo_period_range"
	CodeSignatureFinal     = "duo_signature_final"
	CodeSignatureTime      = "duo_signature_time"
	CodeNotSignable        = "duo_not_signable"
	CodeCommitmentsFrozen  = "duo_commitments_frozen"
	CodeLogClosed          = "duo_log_closed"
	CodeInFuture           = "duo_date_in_future"
	CodeBeforeStart        = "duo_date_before_start"
	CodeAfterEnd           = "duo_date_after_end"
	CodeObjectiveOtherDuo  = "duo_objective_other_duo"
	CodeLoggedByMentor     = "duo_logged_by_mentor"
	CodeObjectivesClosed   = "duo_objectives_closed"
	CodeDueRange           = "duo_due_range"
	CodeEvaluationFinal    = "duo_evaluation_submitted"
	CodeNotRespondent      = "duo_not_respondent"
	CodeMenteeOnlyKind     = "duo_followup_mentee_only"
	CodeMentorOnlyQuestion = "duo_mentor_only_question"
	CodeSubmitTime         = "duo_submit_time"
	CodeHistoryAppendOnly  = "duo_history_append_only"
	CodePersonErased       = "duo_person_erased"
)

func fieldError(code, message string, params ...map[string]any) validation.Error {
	err := validation.NewError(code, message)
	if len(params) > 0 {
		err = err.SetParams(params[0])
	}
	return err
}

func immutable() validation.Error {
	return fieldError(CodeImmutable, "This field cannot be changed.")
}

// errorsOrNil keeps "no error" a nil error interface, not an empty map.
func errorsOrNil(errs validation.Errors) error {
	if len(errs) == 0 {
		return nil
	}
	return errs
}
