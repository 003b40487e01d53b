package testkit

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// seed builds the fixtures through duo's own rules, as their real authors would.
func seed(app core.App, now time.Time) error {
	s := &seeder{app: app, now: now}
	steps := []func() error{s.branches, s.people, s.superuser}
	for _, d := range duos {
		steps = append(steps, func() error { return s.duo(d) })
	}
	steps = append(steps, s.work)
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

type seeder struct {
	app core.App
	now time.Time
}

func (s *seeder) create(collection, id string, author string, fields map[string]any) error {
	c, err := s.app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return err
	}
	r := core.NewRecord(c)
	r.Id = id
	r.Load(fields)
	return s.save(r, author)
}

// update reloads a record, changes fields and saves it as author ("" is the system).
func (s *seeder) update(collection, id, author string, fields map[string]any) error {
	r, err := s.app.FindRecordById(collection, id)
	if err != nil {
		return err
	}
	r.Load(fields)
	return s.save(r, author)
}

func (s *seeder) save(r *core.Record, author string) error {
	if author != "" {
		user, err := s.app.FindRecordById("users", author)
		if err != nil {
			return err
		}
		defer access.Attach(r, access.ActorFrom(user))()
	}
	return s.app.Save(r)
}

func (s *seeder) branches() error {
	if err := s.create("branches", BranchBrussels, "", map[string]any{"name": "Bruxelles", "city": "Bruxelles",
		"country": "BE", "timezone": "Europe/Brussels", "locale": "fr"}); err != nil {
		return err
	}
	return s.create("branches", BranchAntwerp, "", map[string]any{"name": "Antwerpen", "city": "Antwerpen",
		"country": "BE", "timezone": "Europe/Brussels", "locale": "nl"})
}

func (s *seeder) people() error {
	c, err := s.app.FindCachedCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	// One bcrypt hash for all: each costs a tenth of a second (far more under the race
	// detector), and every test binary seeds its template once.
	var hash *core.PasswordFieldValue
	for _, p := range people {
		user := core.NewRecord(c)
		user.Id = p.id
		user.SetEmail(p.id + "@test.example.org")
		if hash == nil {
			user.SetPassword(Password)
		} else {
			user.SetRaw("password", &core.PasswordFieldValue{Hash: hash.Hash})
		}
		user.SetVerified(true)
		user.Load(map[string]any{"name": p.name, "role": p.role, "branch": p.branch, "locale": p.locale})
		if err := s.app.Save(user); err != nil {
			return err
		}
		if hash == nil {
			hash, _ = user.GetRaw("password").(*core.PasswordFieldValue)
		}
	}
	return nil
}

func (s *seeder) superuser() error {
	c, err := s.app.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	su := core.NewRecord(c)
	su.SetEmail(SuperuserEmail)
	su.SetPassword(Password)
	return s.app.Save(su)
}

// duo walks a fixture duo through the programme up to its stage, then backdates its period
// (as a superuser correcting dates would).
func (s *seeder) duo(d duoFixture) error {
	if err := s.create("duos", d.id, d.coordinator, map[string]any{"branch": d.branch, "mentor": d.mentor,
		"mentee": d.mentee, "meeting_weekday": 2, "meeting_time": "18:30", "meeting_place": "Café"}); err != nil {
		return err
	}
	if d.stage == lifecycle.Proposed {
		return nil
	}
	if err := s.update("duos", d.id, d.coordinator, map[string]any{"status": lifecycle.Validated}); err != nil {
		return err
	}
	if d.stage == lifecycle.Validated {
		return nil
	}
	agreement, err := s.app.FindFirstRecordByData("agreements", "duo", d.id)
	if err != nil {
		return err
	}
	if err := s.update("agreements", agreement.Id, d.mentor, map[string]any{"mentor_signed_at": s.now}); err != nil {
		return err
	}
	if err := s.update("agreements", agreement.Id, d.mentee, map[string]any{"mentee_signed_at": s.now}); err != nil {
		return err
	}
	start := lifecycle.AddDays(lifecycle.LocalDate(s.now, lifecycle.BranchLocation(s.app, d.branch)), -d.startedDaysAgo)
	return s.update("duos", d.id, "", map[string]any{"started_on": start,
		"ends_on": lifecycle.AddMonths(start, lifecycle.PeriodMonths)})
}

// work gives the active duos an objective and a meeting each, the closed duo too (logged
// before it closed), then completes the two duos whose period is over.
func (s *seeder) work() error {
	weekAgo := lifecycle.AddDays(lifecycle.LocalDate(s.now, lifecycle.BranchLocation(s.app, BranchBrussels)), -7)
	items := []struct{ duo, mentor, objective, meeting string }{
		{DuoOne, MentorOne, ObjectiveOne, MeetingOne},
		{DuoTwo, MentorTwo, ObjectiveTwo, MeetingTwo},
		{DuoClosed, MentorClosed, ObjectiveClosed, MeetingClosed},
	}
	for _, it := range items {
		duo, err := s.app.FindRecordById("duos", it.duo)
		if err != nil {
			return err
		}
		held := weekAgo
		if end := duo.GetDateTime("ends_on"); end.Before(held) {
			held = end
		}
		if err := s.create("objectives", it.objective, it.mentor, map[string]any{"duo": it.duo,
			"title": "Update the CV", "details": "Two pages, one per language"}); err != nil {
			return err
		}
		if err := s.create("meetings", it.meeting, it.mentor, map[string]any{"duo": it.duo, "held_on": held,
			"minutes": 120, "mode": "in_person", "topics": []string{"cv"}, "objectives": []string{it.objective},
			"notes": "Worked on the CV"}); err != nil {
			return err
		}
	}
	for _, id := range []string{DuoCompleted, DuoClosed} {
		duo, err := s.app.FindRecordById("duos", id)
		if err != nil {
			return err
		}
		if err := lifecycle.Complete(s.app, duo); err != nil {
			return err
		}
	}
	return nil
}
