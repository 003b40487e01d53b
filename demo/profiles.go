package demo

import (
	"github.com/pocketbase/dbx"
)

// profile is what intake records of a demo person, so that matching has something to go by.
type profile struct {
	languages, sectors, availability, barriers []string
	trainedDaysAgo                             int // mentors: the initial training, 0 for not yet
	expectations                               string
}

// profiles: Kathleen, whose match with Paul was declined, waits for a duo; Hedwig, free again
// after her duo ended (8 mentors in 10 start again), shares her languages, sector and hours,
// the others much less.
var profiles = map[string]profile{
	"Kathleen Mensah": {languages: []string{"fr", "en", "ln"}, sectors: []string{"healthcare"},
		availability: []string{"tue_morning", "thu_afternoon", "fri_morning"}, barriers: []string{"network", "job_search_tools"},
		expectations: "Trouver un poste d'aide-soignante et mieux préparer les entretiens."},
	"Hedwig Peeters": {languages: []string{"nl", "fr", "en"}, sectors: []string{"healthcare", "social_work"},
		availability: []string{"tue_morning", "thu_afternoon"}, trainedDaysAgo: 400},
	"Paul Leroy": {languages: []string{"fr"}, sectors: []string{"finance_insurance"}, availability: []string{"mon_evening"},
		trainedDaysAgo: 30},
	"Jo Lambert": {languages: []string{"fr"}, sectors: []string{"construction"}, availability: []string{"fri_morning"},
		trainedDaysAgo: 500},
	"Marc Dubois": {languages: []string{"fr", "ar"}, sectors: []string{"logistics_transport"},
		availability: []string{"tue_afternoon"}, trainedDaysAgo: 120},
	"Amina El Idrissi": {languages: []string{"fr", "ar", "ber"}, sectors: []string{"logistics_transport"},
		availability: []string{"tue_afternoon"}, barriers: []string{"experience", "self_confidence"}},
}

// fillProfiles writes the demo's profiles, as the coordinator does at intake.
func (s *seeder) fillProfiles() error {
	for name, p := range profiles {
		user, err := s.app.FindFirstRecordByFilter("users", "name = {:name} && branch = {:branch}",
			dbx.Params{"name": name, "branch": s.branch.Id})
		if err != nil {
			return err
		}
		record, err := s.app.FindFirstRecordByData("profiles", "user", user.Id)
		if err != nil {
			return err
		}
		fields := map[string]any{"languages": p.languages, "sectors": p.sectors, "availability": p.availability,
			"barriers": p.barriers, "expectations": p.expectations}
		if p.trainedDaysAgo > 0 {
			fields["training_completed_on"] = s.daysAgo(p.trainedDaysAgo)
		}
		if _, err := s.update(record, s.coord, fields); err != nil {
			return err
		}
	}
	return nil
}
