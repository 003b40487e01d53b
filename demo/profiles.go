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
	"Koenraad Aerts": {languages: []string{"nl", "en", "fr"}, sectors: []string{"ict"},
		availability: []string{"wed_morning", "thu_morning", "sat_morning"}, trainedDaysAgo: 200},
	"Precious Okafor": {languages: []string{"en", "ig", "fr"}, sectors: []string{"ict"},
		availability: []string{"wed_morning", "thu_morning"}, barriers: []string{"language", "network"},
		expectations: "Trouver un premier emploi de développeuse web à Bruxelles."},
	"Leen Hermans": {languages: []string{"nl", "en"}, sectors: []string{"logistics_transport", "commerce_retail"},
		availability: []string{"mon_afternoon", "tue_afternoon"}, trainedDaysAgo: 90},
	"Usman Khan": {languages: []string{"en", "ur"}, sectors: []string{"logistics_transport"},
		availability: []string{"mon_afternoon", "tue_afternoon", "fri_afternoon"}, barriers: []string{"experience", "discrimination"},
		expectations: "Un emploi stable de magasinier ou de chauffeur-livreur."},
	"Oksana Bondar": {languages: []string{"uk", "ru"}, sectors: []string{"energy"}, availability: []string{"sun_evening"},
		barriers: []string{"language", "digital_skills"}, expectations: "Retravailler comme ingénieure électricienne."},
	"Gulalai Ahmadi": {languages: []string{"ps", "prs"}, sectors: []string{"agriculture"}, availability: []string{"sat_evening"},
		barriers: []string{"language", "self_confidence"}, expectations: "Travailler dans les espaces verts."},
}

// Everyone else gets a plain profile drawn from these, by their place in the branch: mentors
// share French or Dutch with most mentees, and rarely the hours of the waiting ones above.
var (
	mentorLanguages = [][]string{{"fr", "nl"}, {"fr", "en"}, {"nl", "en", "fr"}, {"fr"}}
	menteeLanguages = []string{"ar", "tr", "am", "ti", "so", "es", "pt", "ro", "fa", "wo", "ff", "ln", "ber"}
	someSectors     = []string{"logistics_transport", "commerce_retail", "administration", "hospitality_tourism", "construction",
		"finance_insurance", "education", "engineering", "social_work", "ict"}
	someSlots = []string{"mon_morning", "mon_evening", "wed_afternoon", "wed_evening", "sat_morning", "tue_evening"}
	obstacles = []string{"language", "experience", "job_search_tools", "self_confidence", "network", "discrimination", "digital_skills"}
)

// plainProfile is the nth person's profile, for those profiles does not name.
func plainProfile(role string, n int) profile {
	slots := []string{someSlots[n%len(someSlots)], someSlots[(n+2)%len(someSlots)]}
	if role == "mentor" {
		trained := 420 + 9*n // before their first duo; the newcomers' is still to come
		return profile{languages: mentorLanguages[n%len(mentorLanguages)], sectors: []string{someSectors[n%len(someSectors)]},
			availability: slots, trainedDaysAgo: trained}
	}
	return profile{languages: []string{"fr", menteeLanguages[n%len(menteeLanguages)]}, sectors: []string{someSectors[(n+3)%len(someSectors)]},
		availability: slots, barriers: []string{obstacles[n%len(obstacles)], obstacles[(n+3)%len(obstacles)]}}
}

// fillProfiles writes the demo's profiles, as the coordinator does at intake; the newcomers'
// are still to fill.
func (s *seeder) fillProfiles() error {
	people, err := s.app.FindRecordsByFilter("users", "branch = {:branch} && role != 'coordinator' && verified = true", "created", 0, 0,
		dbx.Params{"branch": s.branch.Id})
	if err != nil {
		return err
	}
	for n, user := range people {
		p, named := profiles[user.GetString("name")]
		if !named {
			p = plainProfile(user.GetString("role"), n)
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
