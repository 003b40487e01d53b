package demo

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/lifecycle"
)

// The demo is made in one moment, but its duos lived through months. The server stamps when a
// duo was validated and when an evaluation opened with its clock; these write the moments the
// stories tell instead, so that the console's risks and evaluation states read as they would.

// backdateValidation moves the duo's validation in its history to days ago, and its
// proposal a week before.
func (s *seeder) backdateValidation(duoID string, days int) error {
	if days == 0 {
		return nil
	}
	at := s.now.Add(-time.Duration(days) * 24 * time.Hour)
	if _, err := s.app.DB().Update("duo_events", dbx.Params{"at": stamp(at)},
		dbx.HashExp{"duo": duoID, "to_status": lifecycle.Validated}).Execute(); err != nil {
		return err
	}
	proposed := at.Add(-7 * 24 * time.Hour) // the matching session came a week before
	if _, err := s.app.DB().Update("duo_events", dbx.Params{"at": stamp(proposed)},
		dbx.HashExp{"duo": duoID, "kind": lifecycle.EventCreated}).Execute(); err != nil {
		return err
	}
	return s.backdateProposal(duoID, stamp(proposed))
}

// backdateProposal dates the duo's record as its proposal (as the server writes it), and its
// people's intake three weeks before, unless they came earlier: the impact figures count
// people taken in and duos proposed by these dates.
func (s *seeder) backdateProposal(duoID, proposed string) error {
	if _, err := s.app.DB().Update("duos", dbx.Params{"created": proposed}, dbx.HashExp{"id": duoID}).Execute(); err != nil {
		return err
	}
	at, err := types.ParseDateTime(proposed)
	if err != nil {
		return err
	}
	intake := stamp(at.Time().AddDate(0, 0, -21))
	_, err = s.app.DB().NewQuery(`UPDATE users SET created = {:intake}
		WHERE created > {:intake} AND id IN (SELECT mentor FROM duos WHERE id = {:duo} UNION SELECT mentee FROM duos WHERE id = {:duo})`).
		Bind(dbx.Params{"intake": intake, "duo": duoID}).Execute()
	return err
}

// opened says an evaluation opened on a calendar day (at ten in the morning there).
func (s *seeder) opened(evaluationID string, day types.DateTime) error {
	loc := lifecycle.BranchLocation(s.app, s.branch.Id)
	y, m, d := day.Time().Date()
	at := time.Date(y, m, d, 10, 0, 0, 0, loc)
	_, err := s.app.DB().Update("evaluations", dbx.Params{"created": stamp(at)}, dbx.HashExp{"id": evaluationID}).Execute()
	return err
}

func stamp(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// evaluations: a completed duo's final evaluations opened the day after its end; those the
// story says are answered were answered three days later. Once six months have passed since
// the end, the mentee's follow-up is open too.
func (s *seeder) evaluations(d story, duo, mentor *core.Record) error {
	end := duo.GetDateTime("ends_on")
	mentee := duo.GetString("mentee")
	for _, who := range []string{mentor.Id, mentee} {
		e, err := lifecycle.EnsureEvaluation(s.app, duo, who, lifecycle.EvaluationFinal)
		if err != nil {
			return err
		}
		if err := s.opened(e.Id, lifecycle.AddDays(end, 1)); err != nil {
			return err
		}
		if d.answered == "both" || (d.answered == "mentor" && who == mentor.Id) {
			if err := s.answer(e, who == mentor.Id, lifecycle.AddDays(end, 4)); err != nil {
				return err
			}
		}
	}
	opens := lifecycle.AddMonths(end, 6)
	if opens.After(lifecycle.LocalDate(s.now, lifecycle.BranchLocation(s.app, s.branch.Id))) {
		return nil
	}
	followup, err := lifecycle.EnsureEvaluation(s.app, duo, mentee, lifecycle.EvaluationFollowup6m)
	if err != nil {
		return err
	}
	if err := s.opened(followup.Id, opens); err != nil || !d.followupAnswered {
		return err
	}
	return s.answer(followup, false, lifecycle.AddDays(opens, 2))
}

// answer submits an evaluation as its respondent would.
func (s *seeder) answer(e *core.Record, byMentor bool, on types.DateTime) error {
	fields := map[string]any{"expectations_met": 4, "objectives_achieved": 4, "satisfaction": 5, "submitted_at": s.now}
	if byMentor {
		fields["would_mentor_again"] = true
		fields["comments"] = "Un parcours riche ; nous avons beaucoup travaillé les entretiens."
	} else {
		fields["outcome"] = "job_fixed_3m_plus"
	}
	respondent, err := s.app.FindRecordById("users", e.GetString("respondent"))
	if err != nil {
		return err
	}
	if _, err := s.update(e, respondent, fields); err != nil {
		return err
	}
	at := on.Time().Add(18 * time.Hour)
	_, err = s.app.DB().Update("evaluations", dbx.Params{"submitted_at": stamp(at)}, dbx.HashExp{"id": e.Id}).Execute()
	return err
}

// backdateHistory dates an accompanied duo's history as its story tells it: proposed two
// weeks before the start, validated a week before, both signatures and the activation on the
// first day, its end or its stop when they came.
func (s *seeder) backdateHistory(duoID string, d story, start, end types.DateTime) error {
	loc := lifecycle.BranchLocation(s.app, s.branch.Id)
	at := func(day types.DateTime, hour, minute int) string {
		y, m, dd := day.Time().Date()
		return stamp(time.Date(y, m, dd, hour, minute, 0, 0, loc))
	}
	moments := []struct {
		which dbx.HashExp
		when  string
	}{
		{dbx.HashExp{"kind": lifecycle.EventCreated}, at(lifecycle.AddDays(start, -14), 10, 0)},
		{dbx.HashExp{"to_status": lifecycle.Validated}, at(lifecycle.AddDays(start, -7), 11, 0)},
		{dbx.HashExp{"kind": lifecycle.EventSigned, "detail": "mentor"}, at(start, 9, 30)},
		{dbx.HashExp{"kind": lifecycle.EventSigned, "detail": "mentee"}, at(start, 9, 45)},
		{dbx.HashExp{"to_status": lifecycle.Active}, at(start, 9, 45)},
		{dbx.HashExp{"kind": lifecycle.EventDatesCorrected}, at(start, 10, 0)},
		{dbx.HashExp{"to_status": lifecycle.Completed}, at(lifecycle.AddDays(end, 1), 2, 0)},
		{dbx.HashExp{"to_status": lifecycle.Stopped}, at(lifecycle.AddDays(start, 7*d.meetings), 15, 0)},
	}
	for _, m := range moments {
		m.which["duo"] = duoID
		if _, err := s.app.DB().Update("duo_events", dbx.Params{"at": m.when}, m.which).Execute(); err != nil {
			return err
		}
	}
	if _, err := s.app.DB().Update("agreements", dbx.Params{"mentor_signed_at": at(start, 9, 30), "mentee_signed_at": at(start, 9, 45)},
		dbx.HashExp{"duo": duoID}).Execute(); err != nil {
		return err
	}
	return s.backdateProposal(duoID, at(lifecycle.AddDays(start, -14), 10, 0))
}
