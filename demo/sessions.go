package demo

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/sessions"
)

// branchSessions gives the demo branch its meetings at every stage: information sessions
// held (with who came) and to come (one moved, so cancelled), an intake this week and one to
// come, a training held and one to come, first and signing meetings of the duos waiting for
// them, and check-ins of duos under way.
func (s *seeder) branchSessions() error {
	waitingPeople, err := s.peopleNamed(waiting[0].name, waiting[1].name, waiting[2].name, waiting[3].name, waiting[4].name, waiting[5].name)
	if err != nil {
		return err
	}
	newPeople, err := s.peopleNamed(newcomers[0].name, newcomers[1].name, newcomers[2].name)
	if err != nil {
		return err
	}
	held, err := s.session(sessions.InfoSession, -21, "18:00", 2*time.Hour, map[string]any{"place": "Rue Haute 12, 1000 Bruxelles", "capacity": 25, "language": "fr"})
	if err != nil {
		return err
	}
	states := []string{sessions.Attended, sessions.Attended, sessions.Attended, sessions.Attended, sessions.Absent, sessions.Excused}
	for i, p := range waitingPeople {
		if err := s.listed(held, p, states[i]); err != nil {
			return err
		}
	}
	next, err := s.session(sessions.InfoSession, 6, "18:00", 2*time.Hour, map[string]any{"place": "Rue Haute 12, 1000 Bruxelles", "capacity": 25, "language": "fr"})
	if err != nil {
		return err
	}
	for _, p := range newPeople {
		if err := s.listed(next, p, sessions.Registered); err != nil {
			return err
		}
	}
	moved, err := s.session(sessions.InfoSession, 13, "10:00", 2*time.Hour, map[string]any{"place": "Muntpunt", "capacity": 15, "language": "nl"})
	if err != nil {
		return err
	}
	if _, err := s.update(moved, s.coord, map[string]any{"status": sessions.Cancelled}); err != nil {
		return err
	}
	return s.intakesAndTrainings(waitingPeople, newPeople)
}

// intakesAndTrainings: the newcomers' intakes (two done this week, one to come), the mentors'
// training held (those waiting came) and the next one (the new mentors invited), and the duos'
// own meetings.
func (s *seeder) intakesAndTrainings(waitingPeople, newPeople []*core.Record) error {
	for i, p := range newPeople {
		day, state := -2+i, sessions.Attended
		if i == len(newPeople)-1 {
			day, state = 2, sessions.Invited
		}
		intake, err := s.session(sessions.Intake, day, "14:00", time.Hour, map[string]any{"place": "Antenne de Bruxelles"})
		if err != nil {
			return err
		}
		if err := s.listed(intake, p, state); err != nil {
			return err
		}
	}
	training, err := s.session(sessions.Training, -14, "09:30", 7*time.Hour, map[string]any{"place": "Antenne de Bruxelles", "capacity": 12})
	if err != nil {
		return err
	}
	for _, p := range waitingPeople {
		if p.GetString("role") == "mentor" {
			if err := s.listed(training, p, sessions.Attended); err != nil {
				return err
			}
		}
	}
	upcoming, err := s.session(sessions.Training, 10, "09:30", 7*time.Hour, map[string]any{"place": "Antenne de Bruxelles", "capacity": 12})
	if err != nil {
		return err
	}
	for _, p := range newPeople {
		if p.GetString("role") == "mentor" {
			if err := s.listed(upcoming, p, sessions.Invited); err != nil {
				return err
			}
		}
	}
	return s.duoSessions()
}

// duoSessions: a first meeting for each proposed duo, a signing meeting for each validated
// one, a check-in for the active duos.
func (s *seeder) duoSessions() error {
	plan := []struct {
		status, kind string
		limit        int
	}{{lifecycle.Proposed, sessions.FirstMeeting, 10}, {lifecycle.Validated, sessions.SigningMeeting, 10}, {lifecycle.Active, sessions.Checkin, 6}}
	for _, p := range plan {
		duos, err := s.app.FindRecordsByFilter("duos", "branch = {:b} && status = {:s}", "created", p.limit, 0,
			dbx.Params{"b": s.branch.Id, "s": p.status})
		if err != nil {
			return err
		}
		for i, d := range duos {
			if _, err := s.session(p.kind, 1+i%5, []string{"10:00", "14:00", "17:30"}[i%3], time.Hour,
				map[string]any{"duo": d.Id, "place": "Antenne de Bruxelles"}); err != nil {
				return err
			}
		}
	}
	return nil
}

// session plans a session of the branch days from today at a local time, as its coordinator.
func (s *seeder) session(kind string, days int, at string, length time.Duration, fields map[string]any) (*core.Record, error) {
	loc := lifecycle.BranchLocation(s.app, s.branch.Id)
	clock, err := time.Parse("15:04", at)
	if err != nil {
		return nil, err
	}
	day := s.now.In(loc).AddDate(0, 0, days)
	start := time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc)
	all := map[string]any{"branch": s.branch.Id, "kind": kind, "starts_at": start.UTC(), "ends_at": start.Add(length).UTC()}
	for k, v := range fields {
		all[k] = v
	}
	return s.record("sessions", s.coord, all)
}

// listed puts a person on a session's list in a state.
func (s *seeder) listed(session, person *core.Record, state string) error {
	_, err := s.record("attendance", s.coord, map[string]any{"session": session.Id, "person": person.Id, "state": state})
	return err
}

// peopleNamed finds the branch's people by their names, in that order.
func (s *seeder) peopleNamed(names ...string) ([]*core.Record, error) {
	out := make([]*core.Record, len(names))
	for i, name := range names {
		p, err := s.app.FindFirstRecordByFilter("users", "branch = {:b} && name = {:n}", dbx.Params{"b": s.branch.Id, "n": name})
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}
