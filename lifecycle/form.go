package lifecycle

import "slices"

// Types of evaluation questions, as the app draws them.
const (
	QuestionScore  = "score"  // 1 (not at all) to 5 (fully)
	QuestionChoice = "choice" // one of the options
	QuestionYesNo  = "yes_no"
	QuestionText   = "text"
)

// Question is one question of the evaluation form: the evaluations field it fills, how it
// is answered, and whether the form is submitted without it.
type Question struct {
	Field    string   `json:"field"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Options  []string `json:"options,omitempty"`
}

// Outcomes a mentee answers, in the form's order (evaluations.outcome).
var Outcomes = []string{"job_permanent", "job_fixed_3m_plus", "job_short", "internship", "training", "studies", "none"}

// EvaluationForm is the form a mentor or a mentee answers for a kind of evaluation, in the
// order the app shows it: the scores every submission needs, the mentee's outcome, then the
// questions of one side, optional, and a comment. What it requires is what submitting checks.
func EvaluationForm(kind string, mentor bool) []Question {
	var form []Question
	for _, f := range scoreFields {
		form = append(form, Question{Field: f, Type: QuestionScore, Required: true})
	}
	if !mentor {
		form = append(form, Question{Field: "outcome", Type: QuestionChoice, Required: true, Options: slices.Clone(Outcomes)})
	}
	side := MenteeQuestions
	if mentor {
		side = MentorQuestions
	}
	for _, f := range side {
		q := Question{Field: f, Type: QuestionScore}
		if f == "would_mentor_again" {
			q.Type = QuestionYesNo
		}
		form = append(form, q)
	}
	return append(form, Question{Field: "comments", Type: QuestionText})
}
