package supervision

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// EvaluationsRoute answers where a duo's evaluations stand: GET /api/console/duos/{id}/evaluations.
const EvaluationsRoute = "/api/console/duos/{id}/evaluations"

// Where an evaluation stands, for the coordinator (step 8).
const (
	EvaluationAnswered = "answered" // submitted
	EvaluationWaiting  = "waiting"  // open, unanswered for less than EvaluationLateDays
	EvaluationOverdue  = "overdue"  // open, unanswered for EvaluationLateDays or more
	EvaluationUpcoming = "upcoming" // a follow-up whose date has not come yet
	EvaluationMissed   = "missed"   // a follow-up whose date passed but which was never opened
)

// Evaluation is one expected evaluation of a duo and where it stands.
type Evaluation struct {
	ID          string `json:"id"` // empty for a follow-up not opened
	Kind        string `json:"kind"`
	Respondent  string `json:"respondent"`
	Role        string `json:"role"`
	State       string `json:"state"`
	OpenedOn    string `json:"openedOn"`    // the branch's calendar date it opened, or it opens
	AnsweredAt  string `json:"answeredAt"`  // when submitted
	DaysWaiting int    `json:"daysWaiting"` // since it opened, while unanswered
}

// DuoEvaluations lists a duo's evaluations in the programme's order (final, 6 months, 12
// months; the mentor's before the mentee's), with the follow-ups still to come of a
// completed duo.
func DuoEvaluations(app core.App, duo *core.Record, now time.Time) ([]Evaluation, error) {
	records, err := app.FindRecordsByFilter("evaluations", "duo = {:duo}", "created", 0, 0, map[string]any{"duo": duo.Id})
	if err != nil {
		return nil, err
	}
	branch := duo.GetString("branch")
	loc := lifecycle.BranchLocation(app, branch)
	today := lifecycle.LocalDate(now, loc)
	out := []Evaluation{}
	opened := map[string]bool{}
	for _, r := range records {
		opened[r.GetString("kind")] = true
		e := Evaluation{ID: r.Id, Kind: r.GetString("kind"), Respondent: r.GetString("respondent"),
			Role:     roleIn(duo, r.GetString("respondent")),
			OpenedOn: lifecycle.LocalDate(r.GetDateTime("created").Time(), loc).Time().Format(time.DateOnly)}
		switch {
		case !r.GetDateTime("submitted_at").IsZero():
			e.State, e.AnsweredAt = EvaluationAnswered, r.GetDateTime("submitted_at").String()
		default:
			e.DaysWaiting = daysAgo(app, branch, r.GetDateTime("created").String(), today)
			e.State = EvaluationWaiting
			if e.DaysWaiting >= EvaluationLateDays {
				e.State = EvaluationOverdue
			}
		}
		out = append(out, e)
	}
	// The final ones first, the mentor's before the mentee's, then the follow-ups in order.
	slices.SortStableFunc(out, func(a, b Evaluation) int {
		return cmp.Or(cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)), cmp.Compare(roleRank(a.Role), roleRank(b.Role)))
	})
	if duo.GetString("status") != lifecycle.Completed || duo.GetDateTime("ends_on").IsZero() {
		return out, nil
	}
	graceDays := int(lifecycle.FollowupGrace / (24 * time.Hour))
	for _, kind := range []string{lifecycle.EvaluationFollowup6m, lifecycle.EvaluationFollowup12m} {
		if opened[kind] {
			continue
		}
		opens := lifecycle.AddMonths(duo.GetDateTime("ends_on"), lifecycle.EvaluationMonths[kind])
		e := Evaluation{Kind: kind, Respondent: duo.GetString("mentee"), Role: access.RoleMentee,
			OpenedOn: opens.Time().Format(time.DateOnly), State: EvaluationUpcoming}
		if lifecycle.AddDays(opens, graceDays).Time().Before(today.Time()) {
			e.State = EvaluationMissed
		}
		out = append(out, e)
	}
	return out, nil
}

func kindRank(kind string) int {
	return slices.Index([]string{lifecycle.EvaluationFinal, lifecycle.EvaluationFollowup6m, lifecycle.EvaluationFollowup12m}, kind)
}

func roleRank(role string) int {
	if role == access.RoleMentor {
		return 0
	}
	return 1
}

func roleIn(duo *core.Record, person string) string {
	if person == duo.GetString("mentor") {
		return access.RoleMentor
	}
	return access.RoleMentee
}

// evaluations: the coordinators of the duo's branch and superusers read them; to another
// coordinator the duo is not found; mentors and mentees use the evaluations collection.
func evaluations(e *core.RequestEvent, now time.Time) error {
	actor := access.ActorFrom(e.Auth)
	if !actor.IsStaff() {
		return e.ForbiddenError("The console is for the programme's staff.", nil)
	}
	duo, err := e.App.FindRecordById("duos", e.Request.PathValue("id"))
	if err != nil || (!actor.IsSuperuser() && !actor.IsCoordinatorOf(duo.GetString("branch"))) {
		return e.NotFoundError("", err)
	}
	list, err := DuoEvaluations(e.App, duo, now)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"duo": duo.Id, "today": lifecycle.LocalDate(now,
		lifecycle.BranchLocation(e.App, duo.GetString("branch"))).Time().Format(time.DateOnly), "evaluations": list})
}
