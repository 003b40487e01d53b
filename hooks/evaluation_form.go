package hooks

import (
	"net/http"
	"slices"
	"strconv"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/i18n"
	"github.com/duoforajob/duo/lifecycle"
)

// EvaluationFormRoute answers the evaluation form in the reader's language:
// GET /api/evaluations/form?kind=final[&side=mentor|mentee].
const EvaluationFormRoute = "/api/evaluations/form"

type formOption struct {
	Value string `json:"value"`
	Text  string `json:"text"`
}

type formQuestion struct {
	lifecycle.Question
	Text    string       `json:"text"`
	Options []formOption `json:"options,omitempty"`
}

// bindEvaluationForm serves the form the app draws for an evaluation: the questions, their
// words and their answers' words, the same for everyone signed in (it holds no one's data).
func bindEvaluationForm(e *core.ServeEvent) {
	e.Router.GET(EvaluationFormRoute, evaluationForm).Bind(apis.RequireAuth())
}

func evaluationForm(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	kind, side := q.Get("kind"), q.Get("side")
	if side == "" {
		side = access.ActorFrom(e.Auth).Role() // a mentor's or a mentee's own
	}
	errs := validation.Errors{}
	if !slices.Contains([]string{lifecycle.EvaluationFinal, lifecycle.EvaluationFollowup6m, lifecycle.EvaluationFollowup12m}, kind) {
		errs["kind"] = validation.NewError("validation_invalid_value", "Invalid value.")
	}
	if side != access.RoleMentor && side != access.RoleMentee {
		errs["side"] = validation.NewError("validation_invalid_value", "Invalid value.")
	} else if side == access.RoleMentor && kind != lifecycle.EvaluationFinal && errs["kind"] == nil {
		errs["kind"] = validation.NewError(lifecycle.CodeMenteeOnlyKind, "Follow-up evaluations are answered by the mentee.")
	}
	if len(errs) > 0 {
		return e.BadRequestError("Invalid request.", errs)
	}
	locale := i18n.LocaleFor(e.Auth, e.Request.Header.Get("Accept-Language"))
	words := func(key string) string { text, _ := i18n.Question(locale, key); return text }
	var questions []formQuestion
	for _, question := range lifecycle.EvaluationForm(kind, side == access.RoleMentor) {
		fq := formQuestion{Question: question, Text: words(question.Field)}
		for _, o := range question.Options {
			fq.Options = append(fq.Options, formOption{Value: o, Text: words(question.Field + "." + o)})
		}
		fq.Question.Options = nil
		questions = append(questions, fq)
	}
	var scale []formOption
	for v := 1; v <= 5; v++ {
		scale = append(scale, formOption{Value: strconv.Itoa(v), Text: words("scale." + strconv.Itoa(v))})
	}
	return e.JSON(http.StatusOK, map[string]any{"kind": kind, "side": side, "locale": locale, "title": words("kind." + kind),
		"scale": scale, "yes": words("yes"), "no": words("no"), "questions": questions})
}
