package impact

import (
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/lifecycle"
)

// The measures of outcomes and quality, each a rate over every duo that started in the
// group (definitions in impact.md).
const (
	PositiveExitEnd    = "positive_exit_end"
	PositiveExit12m    = "positive_exit_12m"
	StableJobEnd       = "stable_job_end"
	StableJob12m       = "stable_job_12m"
	MentorAgain12m     = "mentor_again_12m"
	MenteeSatisfied    = "mentee_satisfied"
	MenteeExpectations = "mentee_expectations_met"
	MenteeObjectives   = "mentee_objectives_achieved"
	MenteeAutonomy     = "mentee_autonomy"
	MenteeNetwork      = "mentee_network"
	MentorSatisfied    = "mentor_satisfied"
	MentorExpectations = "mentor_expectations_met"
	MentorObjectives   = "mentor_objectives_achieved"
	MentorFeltUseful   = "mentor_felt_useful"
	MentorCoaching     = "mentor_coaching_skills"
)

// Outcomes that count as a positive exit, and those that count as a stable job (a contract
// of 3 months or more, or permanent).
var (
	positiveOutcomes = []string{"job_permanent", "job_fixed_3m_plus", "job_short", "internship", "training", "studies"}
	stableOutcomes   = []string{"job_permanent", "job_fixed_3m_plus"}
	// A duo stopped because the mentee found a job or began a training is a positive exit at
	// its end, as the coordinator recorded it; whether the job is stable, only the mentee says.
	positiveStops = []string{"job", "training"}
)

// agreeing is the least score (of 5) that counts as "yes" to a quality question.
const agreeing = 4

// verdict is what one duo says of one measure.
type verdict int

const (
	no verdict = iota
	yes
	unknown // the horizon came, the answer did not
	pending // the horizon has not come yet
)

// tally counts verdicts into a rate.
type tally struct{ yes, total, unknown, pending int }

func (t *tally) add(v verdict) {
	t.total++
	switch v {
	case yes:
		t.yes++
	case unknown:
		t.unknown++
	case pending:
		t.unknown++
		t.pending++
	}
}

func (t *tally) merge(o tally) {
	t.yes += o.yes
	t.total += o.total
	t.unknown += o.unknown
	t.pending += o.pending
}

func (t tally) rate() Rate { return NewRate(t.yes, t.total, t.unknown, t.pending) }

// Measures lists every measure of the table, in its order.
var Measures = []string{PositiveExitEnd, PositiveExit12m, StableJobEnd, StableJob12m, MentorAgain12m,
	MenteeSatisfied, MenteeExpectations, MenteeObjectives, MenteeAutonomy, MenteeNetwork,
	MentorSatisfied, MentorExpectations, MentorObjectives, MentorFeltUseful, MentorCoaching}

// verdicts are one duo's verdicts, in the order of Measures.
type verdicts [15]verdict

// of is the verdict on one measure.
func (v verdicts) of(id string) verdict { return v[slices.Index(Measures, id)] }

// judge says what one duo says of each measure on a day.
func judge(r duoRow, today time.Time) verdicts {
	end := date(r.EndsOn)
	ended := (r.Status == lifecycle.Completed || r.Status == lifecycle.Stopped) && !end.IsZero() && !end.After(today)
	yearAfter := lifecycle.AddMonths(mustDateTime(end), 12).Time()
	yearPassed := ended && !yearAfter.After(today)
	stopPositive := r.Status == lifecycle.Stopped && slices.Contains(positiveStops, r.StopCategory)
	mentee, mentor := r.MenteeFinal, r.MentorFinal
	return verdicts{
		atEnd(ended, mentee, positiveOutcomes, stopPositive),
		withinYear(yearPassed, r, positiveOutcomes, stopPositive),
		atEnd(ended, mentee, stableOutcomes, false),
		withinYear(yearPassed, r, stableOutcomes, false),
		mentorAgain(r, ended, yearPassed, yearAfter),
		agrees(ended, mentee.Satisfaction), agrees(ended, mentee.Expectations), agrees(ended, mentee.Objectives),
		agrees(ended, mentee.Autonomy), agrees(ended, mentee.Network),
		agrees(ended, mentor.Satisfaction), agrees(ended, mentor.Expectations), agrees(ended, mentor.Objectives),
		agrees(ended, mentor.FeltUseful), agrees(ended, mentor.Coaching),
	}
}

func atEnd(ended bool, final answers, counted []string, stopCounts bool) verdict {
	switch {
	case final.At != "" && final.Outcome != "":
		return of(slices.Contains(counted, final.Outcome))
	case stopCounts:
		return yes
	case !ended:
		return pending
	}
	return unknown
}

// withinYear: yes if any answer up to 12 months after the end says so; no only once the
// 12-month follow-up says otherwise.
func withinYear(yearPassed bool, r duoRow, counted []string, stopCounts bool) verdict {
	if stopCounts {
		return yes
	}
	for _, a := range []answers{r.MenteeFinal, r.Followup6, r.Followup12} {
		if a.At != "" && slices.Contains(counted, a.Outcome) {
			return yes
		}
	}
	switch {
	case r.Followup12.At != "":
		return no
	case !yearPassed:
		return pending
	}
	return unknown
}

// mentorAgain: the duo's mentor was proposed another duo by 12 months after this one ended.
func mentorAgain(r duoRow, ended, yearPassed bool, yearAfter time.Time) verdict {
	next := stamp(r.MentorNext)
	switch {
	case !next.IsZero() && !next.After(yearAfter):
		return yes
	case !ended || !yearPassed:
		return pending
	}
	return no
}

func agrees(ended bool, score int) verdict {
	switch {
	case score > 0:
		return of(score >= agreeing)
	case !ended:
		return pending
	}
	return unknown
}

func of(b bool) verdict {
	if b {
		return yes
	}
	return no
}

// date reads a stored calendar date; stamp a stored date-time; zero when empty.
// They are read for every duo and person of the table: the stored layout is parsed directly,
// anything else (an older layout) through PocketBase's general reader.
func date(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(types.DefaultDateLayout, s); err == nil {
		return t
	}
	d, _ := types.ParseDateTime(s)
	return d.Time()
}

func stamp(s string) time.Time { return date(s) }

func mustDateTime(t time.Time) types.DateTime {
	d, _ := types.ParseDateTime(t)
	return d
}
