package lifecycle

import (
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// Kinds of evaluations: at the end of the period, then the mentee's follow-ups, which
// measure positive exits (job, internship or training within 12 months).
const (
	EvaluationFinal       = "final"
	EvaluationFollowup6m  = "followup_6m"
	EvaluationFollowup12m = "followup_12m"
)

var scoreFields = []string{"expectations_met", "objectives_achieved", "satisfaction"}

// EvaluationMonths is how long after the duo's end each kind of evaluation opens.
var EvaluationMonths = map[string]int{EvaluationFinal: 0, EvaluationFollowup6m: 6, EvaluationFollowup12m: 12}

// FollowupGrace: a follow-up evaluation is opened up to this long after its date, so that a
// server down for a while still opens it, but a deploy does not open years-old ones.
const FollowupGrace = 30 * 24 * time.Hour

// Questions of one side only, answered 1 to 5 (would_mentor_again yes or no), optional: the
// figures count a question left at 0 as not answered.
var (
	MentorQuestions = []string{"would_mentor_again", "felt_useful", "coaching_skills"}
	MenteeQuestions = []string{"autonomy", "network"}
)

// EnsureEvaluation creates a respondent's evaluation of a kind for a duo unless it exists,
// and returns it. Running it twice creates nothing more.
func EnsureEvaluation(app core.App, duo *core.Record, respondentID, kind string) (*core.Record, error) {
	existing, err := app.FindFirstRecordByFilter("evaluations",
		"duo = {:duo} && respondent = {:respondent} && kind = {:kind}",
		dbx.Params{"duo": duo.Id, "respondent": respondentID, "kind": kind})
	if err == nil {
		return existing, nil
	}
	collection, err := app.FindCachedCollectionByNameOrId("evaluations")
	if err != nil {
		return nil, err
	}
	evaluation := core.NewRecord(collection)
	evaluation.Set("duo", duo.Id)
	evaluation.Set("respondent", respondentID)
	evaluation.Set("kind", kind)
	return evaluation, app.Save(evaluation)
}

func ensureFinalEvaluations(app core.App, duo *core.Record) error {
	for _, person := range []string{"mentor", "mentee"} {
		if _, err := EnsureEvaluation(app, duo, duo.GetString(person), EvaluationFinal); err != nil {
			return err
		}
	}
	return nil
}

// validateEvaluation: an evaluation belongs to one of the duo's two people (follow-ups to the
// mentee), is complete when submitted, and is final once submitted.
func validateEvaluation(app core.App, evaluation *core.Record, now time.Time) error {
	duo, err := app.FindRecordById("duos", evaluation.GetString("duo"))
	if err != nil {
		return nil // PocketBase's relation check names the missing duo
	}
	errs := validation.Errors{}
	original := evaluation.Original()
	if !evaluation.IsNew() {
		for _, f := range []string{"duo", "respondent", "kind"} {
			if access.Changed(evaluation, f) {
				errs[f] = immutable()
			}
		}
		if !original.GetDateTime("submitted_at").IsZero() {
			for _, f := range access.ChangedFields(evaluation) {
				errs[f] = fieldError(CodeEvaluationFinal, "This evaluation was submitted and can no longer change.")
			}
			return errorsOrNil(errs)
		}
	}
	respondent := evaluation.GetString("respondent")
	isMentor := respondent == duo.GetString("mentor")
	_, respondentChanged := errs["respondent"]
	switch {
	case respondentChanged: // "cannot be changed" says it better than "not a respondent"
	case !isMentor && respondent != duo.GetString("mentee"):
		errs["respondent"] = fieldError(CodeNotRespondent, "Must be the duo's mentor or mentee.")
	case isMentor && evaluation.GetString("kind") != EvaluationFinal:
		errs["kind"] = fieldError(CodeMenteeOnlyKind, "Follow-up evaluations are answered by the mentee.")
	}
	for _, f := range MentorQuestions {
		if !isMentor && evaluation.GetInt(f) != 0 { // true counts as 1
			errs[f] = fieldError(CodeMentorOnlyQuestion, "Only mentors answer this question.")
		}
	}
	for _, f := range MenteeQuestions {
		if isMentor && evaluation.GetInt(f) != 0 {
			errs[f] = fieldError(CodeMenteeOnlyQuestion, "Only mentees answer this question.")
		}
	}
	if original.GetDateTime("submitted_at").IsZero() && !evaluation.GetDateTime("submitted_at").IsZero() {
		validateSubmission(evaluation, isMentor, now, errs)
	}
	return errorsOrNil(errs)
}

func validateSubmission(evaluation *core.Record, isMentor bool, now time.Time, errs validation.Errors) {
	for _, f := range scoreFields {
		if evaluation.GetInt(f) == 0 {
			errs[f] = validation.ErrRequired
		}
	}
	if !isMentor && evaluation.GetString("outcome") == "" {
		errs["outcome"] = validation.ErrRequired
	}
	at := evaluation.GetDateTime("submitted_at").Time()
	created := evaluation.GetDateTime("created").Time()
	if created.IsZero() {
		created = now
	}
	if at.After(now.Add(ClockSkew)) || at.Before(created.Add(-ClockSkew)) {
		errs["submitted_at"] = fieldError(CodeSubmitTime, "Must be between the evaluation's creation and now.")
	}
}
