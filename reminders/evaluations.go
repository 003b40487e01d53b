package reminders

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/notify"
)

// The evaluation ladder: a prompt when the evaluation opens, reminders 3 and 7 days later if
// unanswered, and the duo's coordinator told at 14 days.
var (
	evaluationSteps = []int{0, 3, 7}
	overdueSteps    = []int{14}
)

// batchLimit bounds the duos one run completes; the next run goes on where it stopped.
const batchLimit = 1000

// Evaluations completes the duos whose period has ended (each then has its final
// evaluations), opens the mentee's follow-up evaluations 6 and 12 months after the end, and
// plans every open evaluation's ladder.
var Evaluations = Rule{ID: "duo_evaluations", Plan: planEvaluations}

func planEvaluations(app core.App, from, to time.Time) ([]notify.Notification, error) {
	if err := completeEndedDuos(app, to); err != nil {
		return nil, err
	}
	for _, months := range []int{6, 12} {
		if err := openFollowups(app, to, months); err != nil {
			return nil, err
		}
	}
	return evaluationLadders(app, from, to)
}

type endingDuo struct {
	ID     string `db:"id"`
	EndsOn string `db:"ends_on"`
	Zone   string `db:"zone"`
}

// completeEndedDuos: an active duo is completed on its ends_on, in its branch's calendar.
func completeEndedDuos(app core.App, now time.Time) error {
	var rows []endingDuo
	err := app.DB().NewQuery(`SELECT d.id, d.ends_on, b.timezone AS zone FROM duos d JOIN branches b ON b.id = d.branch
		WHERE d.status = 'active' AND d.ends_on != '' AND d.ends_on <= {:latest} ORDER BY d.ends_on LIMIT {:limit}`).
		Bind(dbx.Params{"latest": dbDate(now.AddDate(0, 0, 1)), "limit": batchLimit}).All(&rows)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range rows {
		if localDate(now, r.Zone).Before(storedDate(r.EndsOn)) {
			continue
		}
		err := app.RunInTransaction(func(tx core.App) error {
			duo, err := tx.FindRecordById("duos", r.ID)
			if err != nil || duo.GetString("status") != lifecycle.Active {
				return err // another run completed it meanwhile
			}
			return lifecycle.Complete(tx, duo)
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("completing duo %s: %w", r.ID, err))
		}
	}
	return errors.Join(errs...)
}

// followupsWithdrawn finds a person's withdrawn consent to being asked the follow-ups: no
// follow-up is opened for them, and none they were asked is prompted or chased.
const followupsWithdrawn = `SELECT 1 FROM consents c WHERE c.purpose = 'followup_contact' AND c.state = 'withdrawn'`

// erasedPerson finds a pseudonym (erasure): nobody to ask or to remind anyone about.
const erasedPerson = `SELECT 1 FROM users u WHERE u.erased_at != ''`

// openFollowups opens the mentee's follow-up evaluation months after a completed duo's end,
// unless they withdrew their consent to be asked.
func openFollowups(app core.App, now time.Time, months int) error {
	kind := lifecycle.EvaluationFollowup6m
	if months == 12 {
		kind = lifecycle.EvaluationFollowup12m
	}
	var rows []endingDuo
	err := app.DB().NewQuery(`SELECT d.id, d.ends_on, b.timezone AS zone FROM duos d JOIN branches b ON b.id = d.branch
		WHERE d.status = 'completed' AND d.ends_on >= {:earliest} AND d.ends_on <= {:latest}
		AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.duo = d.id AND e.kind = {:kind})
		AND NOT EXISTS (` + followupsWithdrawn + ` AND c.person = d.mentee)
		AND NOT EXISTS (` + erasedPerson + ` AND u.id = d.mentee)`).
		Bind(dbx.Params{"earliest": dbDate(now.Add(-lifecycle.FollowupGrace).AddDate(0, -months, -1)),
			// A month end opens early (31 August + 6 months is 28 February, three days before
			// Go's AddDate says): the bound reaches past it, and the check below is exact.
			"latest": dbDate(now.AddDate(0, -months, 4)), "kind": kind}).All(&rows)
	if err != nil {
		return err
	}
	for _, r := range rows {
		opens := addMonths(storedDate(r.EndsOn), months)
		today := localDate(now, r.Zone)
		if today.Before(opens) || today.Sub(opens) > lifecycle.FollowupGrace {
			continue
		}
		err := app.RunInTransaction(func(tx core.App) error {
			duo, err := tx.FindRecordById("duos", r.ID)
			if err != nil {
				return err
			}
			_, err = lifecycle.EnsureEvaluation(tx, duo, duo.GetString("mentee"), kind)
			return err
		})
		if err != nil {
			return fmt.Errorf("opening the %s evaluation of duo %s: %w", kind, r.ID, err)
		}
	}
	return nil
}

type evaluationRow struct {
	duoRow
	Evaluation string `db:"evaluation"`
	Kind       string `db:"kind"`
	Respondent string `db:"respondent"`
}

// evaluationLadders plans the prompt and reminders of every unanswered evaluation, and the
// coordinator's warning at 14 days.
func evaluationLadders(app core.App, from, to time.Time) ([]notify.Notification, error) {
	// Only the evaluations whose ladder has a step in the window, found through the duos'
	// (status, ends_on) index; latestStep below tells each kind's steps exactly.
	first, last, ok, err := ladderDays(app, from, to)
	if err != nil || !ok {
		return nil, err
	}
	params := dbx.Params{}
	var ranges []string
	steps := append(slices.Clone(evaluationSteps), overdueSteps...)
	for kind, months := range lifecycle.EvaluationMonths {
		ranges = append(ranges, anchorRanges("d.ends_on", "d.status = 'completed'", steps, months, first, last, params, kind)...)
	}
	slices.Sort(ranges)
	var rows []evaluationRow
	err = app.DB().NewQuery(`SELECT ` + duoColumns + `, e.id AS evaluation, e.kind, e.respondent
		FROM duos d` + duoJoins + `JOIN evaluations e ON e.duo = d.id
		WHERE e.submitted_at = '' AND (` + strings.Join(ranges, " OR ") + `)
		AND NOT (e.kind != 'final' AND EXISTS (` + followupsWithdrawn + ` AND c.person = e.respondent))
		AND NOT EXISTS (` + erasedPerson + ` AND u.id = e.respondent)`).
		Bind(params).All(&rows)
	if err != nil {
		return nil, err
	}
	coordinators := coordinatorFinder(app)
	var out []notify.Notification
	for _, r := range rows {
		months := lifecycle.EvaluationMonths[r.Kind]
		anchor := addMonths(storedDate(r.EndsOn), months)
		s, respondentName := r.menteeSide(), r.MenteeName
		if r.Respondent == r.Mentor {
			s, respondentName = r.mentorSide(), r.MentorName
		}
		target := map[string]string{"screen": "evaluation", "duo": r.ID, "evaluation": r.Evaluation}
		if step, at, ok := latestStep(evaluationSteps, anchor, s.zone, from, to); ok {
			out = append(out, notify.Notification{User: s.user, Kind: notify.KindEvaluationDue, Duo: r.ID,
				Period: r.Kind + "-d" + strconv.Itoa(step), Text: evaluationText(months, step),
				Params: map[string]string{"partner": s.partner, "months": strconv.Itoa(months)},
				Target: target, Due: at, Expires: at.Add(7 * 24 * time.Hour)})
		}
		if _, at, ok := latestStep(overdueSteps, anchor, r.BranchZone, from, to); ok {
			ids, err := coordinators(r.duoRow)
			if err != nil {
				return nil, err
			}
			for _, coordinator := range ids {
				out = append(out, notify.Notification{User: coordinator, Kind: notify.KindEvaluationOverdue, Duo: r.ID,
					Period: r.Evaluation, Params: map[string]string{"respondent": notify.FirstName(respondentName),
						"mentor": notify.FirstName(r.MentorName), "mentee": notify.FirstName(r.MenteeName)},
					Target: target, Due: at, Expires: at.Add(7 * 24 * time.Hour)})
			}
		}
	}
	return out, nil
}

func evaluationText(months, step int) string {
	switch {
	case months == 0 && step == 0:
		return "evaluation_due.prompt"
	case months == 0:
		return "evaluation_due.reminder"
	case step == 0:
		return "evaluation_due.followup_prompt"
	}
	return "evaluation_due.followup_reminder"
}

// coordinatorFinder answers who supervises a duo: its coordinator, else every coordinator
// of its branch (read once per branch).
func coordinatorFinder(app core.App) func(duoRow) ([]string, error) {
	byBranch := map[string][]string{}
	return func(d duoRow) ([]string, error) {
		if d.Coordinator != "" {
			return []string{d.Coordinator}, nil
		}
		if ids, ok := byBranch[d.Branch]; ok {
			return ids, nil
		}
		var ids []string
		err := app.DB().NewQuery(`SELECT id FROM users WHERE branch = {:branch} AND role = 'coordinator' ORDER BY id`).
			Bind(dbx.Params{"branch": d.Branch}).Column(&ids)
		byBranch[d.Branch] = ids
		return ids, err
	}
}

// addMonths moves a stored date by months the programme's way (lifecycle.AddMonths).
func addMonths(date time.Time, months int) time.Time {
	if months == 0 {
		return date
	}
	dt, _ := types.ParseDateTime(date)
	return lifecycle.AddMonths(dt, months).Time().UTC()
}
