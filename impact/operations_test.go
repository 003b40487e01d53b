package impact_test

import (
	"math"
	"testing"
	"time"

	"github.com/duoforajob/duo/impact"
)

// The operational figures of the world built by hand: who was taken in when, proposed,
// validated, matched how fast, how the cohort ended, its meetings.
func TestOperationsOnAWorldKnownByHand(t *testing.T) {
	w := newWorld(t)
	groups, err := impact.Table(w.app, impact.Query{Branch: branch, By: impact.ByMonth}, w.today)
	if err != nil {
		t.Fatal(err)
	}
	cohorts := byCohort(t, groups)
	a := time.Date(w.today.Year(), w.today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -26, 0)
	intakeA, cohortA, total := cohorts[a.AddDate(0, 0, -30).Format("2006-01")], cohorts[a.Format("2006-01")], cohorts[""]
	counts := []struct {
		group impact.Group
		id    string
		n     int
	}{
		{intakeA, impact.TakenInMentees, 12}, {intakeA, impact.TakenInMentors, 12},
		{intakeA, impact.Proposed, 12}, {intakeA, impact.Validated, 12},
		{intakeA, "mentee_age:18-21", 6}, {intakeA, "mentee_age:26-30", 6}, {intakeA, "mentor_age:60-69", 12},
		{intakeA, "mentee_language:ar", 6}, {intakeA, "mentee_language:fr", 12}, {intakeA, "mentor_language:nl", 12},
		{intakeA, "mentee_barrier:language", 3}, {intakeA, "mentee_barrier:none", 9},
		{intakeA, "mentee_birth_country:SY", 4}, {intakeA, "mentee_birth_country:unknown", 8}, // 5 gave it without consent
		{intakeA, "mentee_nationality:unknown", 12},
		{cohortA, impact.ReachedTerm, 9}, {cohortA, impact.StoppedEarly, 3}, {cohortA, "stopped:job", 1},
		{cohortA, "stopped:lost_contact", 1}, {cohortA, "stopped:moved", 1}, {cohortA, impact.Running, 0},
		{cohortA, impact.TakenInMentees, 0}, {intakeA, impact.ReachedTerm, 0},
		// every proposal: 15 duos, two more for mentors 1 and 2; three people never matched
		{total, impact.Proposed, 17}, {total, impact.Validated, 15}, {total, impact.Running, 3},
		{total, impact.TakenInMentees, 17}, {total, impact.TakenInMentors, 16}, {total, "mentee_age:unknown", 5},
	}
	for _, c := range counts {
		if got := c.group.Counts[c.id]; got.N != c.n || got.Suppressed {
			t.Errorf("%s %s: %+v, want %d", c.group.Cohort, c.id, got, c.n)
		}
	}
	if _, ok := cohortA.Counts[impact.Running]; ok {
		t.Errorf("a count of nobody is written as absent, not as zero: %+v", cohortA.Counts)
	}
	rates := []struct {
		group                        impact.Group
		id                           string
		yes, total, unknown, pending int
	}{
		{intakeA, impact.MenteeIntakeToStart, 12, 12, 0, 0},
		{total, impact.MenteeIntakeToStart, 15, 17, 1, 1}, // one still within 6 months, one past them
		{total, impact.MentorIntakeToStart, 15, 16, 0, 0},
	}
	for _, c := range rates {
		r := c.group.Measures[c.id]
		if r.Numerator != c.yes || r.Denominator != c.total || r.Unknown != c.unknown || r.Pending != c.pending {
			t.Errorf("%s %s: %+v", c.group.Cohort, c.id, r)
		}
	}
	stats := []struct {
		group        impact.Group
		id           string
		n            int
		median, mean float64
	}{
		{intakeA, impact.MenteeDaysToMatch, 12, 16, 16}, // taken in 30 days before the start, proposed 14 days before
		{total, impact.MentorDaysToMatch, 15, 16, 16},
		{cohortA, impact.MeetingsPerDuo, 12, 0, 4.0 / 12},
		{cohortA, impact.HoursPerDuo, 12, 0, 7.5 / 12},
	}
	for _, c := range stats {
		s := c.group.Stats[c.id]
		if s.N != c.n || s.Median == nil || math.Abs(*s.Median-c.median) > 0.01 || math.Abs(*s.Mean-c.mean) > 1e-9 {
			t.Errorf("%s %s: %+v (median %v, mean %v)", c.group.Cohort, c.id, s, deref(s.Median), deref(s.Mean))
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
