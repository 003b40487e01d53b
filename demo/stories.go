package demo

import (
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/supervision"
)

// story is one demo duo and how far it has come.
type story struct {
	mentor, mentee, menteeLocale string
	stage                        string // a duo status, or "signed_by_mentor"
	startedDaysAgo, meetings     int
	stopReason, stopCategory     string
	unconfirmed                  int    // the last meetings held that the mentee has not confirmed
	validatedDaysAgo             int    // how long ago the first meeting validated the duo
	answered                     string // completed duos: whose final evaluation is in ("mentor", "both")
	followupAnswered             bool   // the 6-month follow-up, once open, is answered
}

// The names echo the programme's own testimonials (seed 004).
var stories = []story{
	{mentor: "Marc Dubois", mentee: "Amina El Idrissi", menteeLocale: "fr", stage: lifecycle.Active, startedDaysAgo: 70, meetings: 9,
		unconfirmed: 3},
	{mentor: "Hedwig Peeters", mentee: "Tigran Hakobyan", menteeLocale: "nl", stage: lifecycle.Completed, startedDaysAgo: 200, meetings: 22,
		answered: "mentor"},
	{mentor: "Jo Lambert", mentee: "Vettri Kumar", menteeLocale: "en", stage: lifecycle.Stopped, startedDaysAgo: 60, meetings: 5,
		stopReason: "Vettri a trouvé un emploi à Gand et déménage.", stopCategory: "job"},
	{mentor: "Bart Claes", mentee: "Olga Shevchenko", menteeLocale: "fr", stage: "signed_by_mentor"},
	{mentor: "Anne Martin", mentee: "Needa Rahimi", menteeLocale: "fr", stage: lifecycle.Validated, validatedDaysAgo: 9},
	{mentor: "Luc Janssens", mentee: "Artem Melnyk", menteeLocale: "en", stage: lifecycle.Proposed},
	{mentor: "Paul Leroy", mentee: "Kathleen Mensah", menteeLocale: "fr", stage: lifecycle.Declined},
}

var objectiveTitles = []string{"Mettre à jour le CV", "Préparer les entretiens d'embauche", "Élargir le réseau professionnel"}

var meetingTopics = [][]string{{"cv"}, {"cover_letter", "job_search"}, {"interview"}, {"network"},
	{"language", "wellbeing"}, {"orientation", "training"}, {"administration"}, {"interview", "network"}}

func email(name string) string { return slug(name) + "@demo.example.org" }

func (s *seeder) story(d story) error {
	mentor, err := s.someone("mentor", d.mentor, "fr")
	if err != nil {
		return err
	}
	mentee, err := s.someone("mentee", d.mentee, d.menteeLocale)
	if err != nil {
		return err
	}
	duo, err := s.record("duos", s.coord, map[string]any{"branch": s.branch.Id, "mentor": mentor.Id,
		"mentee": mentee.Id, "meeting_weekday": 2, "meeting_time": "14:00", "meeting_place": "Bibliothèque Muntpunt"})
	if err != nil || d.stage == lifecycle.Proposed {
		return err
	}
	if d.stage == lifecycle.Declined {
		_, err = s.update(duo, s.coord, map[string]any{"status": lifecycle.Declined})
		return err
	}
	if duo, err = s.update(duo, s.coord, map[string]any{"status": lifecycle.Validated}); err != nil {
		return err
	}
	if err := s.backdateValidation(duo.Id, d.validatedDaysAgo); err != nil || d.stage == lifecycle.Validated {
		return err
	}
	agreement, err := s.app.FindFirstRecordByData("agreements", "duo", duo.Id)
	if err != nil {
		return err
	}
	if agreement, err = s.update(agreement, mentor, map[string]any{"mentor_signed_at": s.now}); err != nil {
		return err
	}
	if d.stage == "signed_by_mentor" {
		return nil
	}
	if _, err = s.update(agreement, mentee, map[string]any{"mentee_signed_at": s.now}); err != nil {
		return err
	}
	return s.accompaniment(d, duo, mentor, mentee)
}

// accompaniment backdates an active duo's period (as a superuser would correct it) and fills
// it with weekly meetings and objectives, then brings it to its stage.
func (s *seeder) accompaniment(d story, duo, mentor, mentee *core.Record) error {
	startDate := s.daysAgo(d.startedDaysAgo)
	end := lifecycle.AddMonths(startDate, lifecycle.PeriodMonths)
	duo, err := s.update(duo, nil, map[string]any{"started_on": startDate, "ends_on": end})
	if err != nil {
		return err
	}
	var objectives []string
	for i, title := range objectiveTitles {
		status := []string{"achieved", "in_progress", "open"}[i]
		o, err := s.record("objectives", mentee, map[string]any{"duo": duo.Id, "title": title, "status": status})
		if err != nil {
			return err
		}
		objectives = append(objectives, o.Id)
	}
	today := lifecycle.LocalDate(s.now, lifecycle.BranchLocation(s.app, s.branch.Id))
	var days []types.DateTime // weekly from the start, none in the future or after the end
	for i := 0; i < d.meetings; i++ {
		held := lifecycle.AddDays(startDate, 7*i)
		if held.After(today) || held.After(end) {
			break
		}
		days = append(days, held)
	}
	for i, held := range days {
		if _, err := s.record("meetings", mentor, map[string]any{"duo": duo.Id, "held_on": held, "minutes": 120,
			"mode": []string{"in_person", "in_person", "video"}[i%3], "topics": meetingTopics[i%len(meetingTopics)],
			"objectives":       objectives[i%len(objectives) : i%len(objectives)+1],
			"notes":            "Séance " + held.Time().Format("02/01") + " : travail sur les objectifs de la semaine.",
			"mentee_confirmed": i < len(days)-d.unconfirmed}); err != nil {
			return err
		}
	}
	if err := s.conclude(d, duo, mentor); err != nil {
		return err
	}
	return s.backdateHistory(duo.Id, d, startDate, end)
}

func (s *seeder) conclude(d story, duo, mentor *core.Record) error {
	fresh, err := s.app.FindRecordById("duos", duo.Id)
	if err != nil {
		return err
	}
	switch d.stage {
	case lifecycle.Stopped:
		if _, err = s.update(fresh, s.coord, map[string]any{"status": lifecycle.Stopped, "stop_category": d.stopCategory}); err != nil {
			return err
		}
		// What the coordinator knows of the stop is the staff's, not the duo's.
		_, err = s.record(supervision.StaffNotes, s.coord, map[string]any{"duo": duo.Id, "text": d.stopReason})
		return err
	case lifecycle.Completed:
		if err := lifecycle.Complete(s.app, fresh); err != nil {
			return err
		}
		return s.evaluations(d, fresh, mentor)
	}
	return nil
}
