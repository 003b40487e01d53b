package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Profiles: what intake and matching need, one per user, created by the server with the
// account. Readable only by the person and the coordinators of their branch (never by a duo
// partner). Fields that reveal origin or nationality are optional and carry a consent date.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		profiles := core.NewBaseCollection("profiles")
		owner := `@request.auth.id != "" && (user = @request.auth.id || ` +
			`(@request.auth.role = "coordinator" && user.branch = @request.auth.branch))`
		profiles.ListRule = rule(owner)
		profiles.ViewRule = rule(owner)
		profiles.UpdateRule = rule(owner)
		profiles.CreateRule = nil // made with the account
		profiles.DeleteRule = nil // erased with the account
		profiles.Fields.Add(
			&core.RelationField{Name: "user", Required: true, MaxSelect: 1,
				CollectionId: users.Id, CascadeDelete: true},
			&core.NumberField{Name: "birth_year", OnlyInt: true, Min: float(1900), Max: float(2100)},
			&core.SelectField{Name: "gender", MaxSelect: 1,
				Values: []string{"female", "male", "nonbinary", "undisclosed"}},
			&core.SelectField{Name: "education_level", MaxSelect: 1,
				Values: []string{"primary", "secondary", "vocational", "bachelor", "master", "doctorate"}},
			&core.SelectField{Name: "languages", MaxSelect: len(languageCodes), Values: languageCodes,
				Help: "Languages spoken (ISO 639 codes)"},
			&core.SelectField{Name: "sectors", MaxSelect: len(sectorValues), Values: sectorValues},
			&core.SelectField{Name: "availability", MaxSelect: len(availabilitySlots), Values: availabilitySlots,
				Help: "Weekly slots: day and part of day"},
			&core.TextField{Name: "expectations", Max: 2000},
			&core.TextField{Name: "experience", Max: 2000},
			&core.SelectField{Name: "barriers", MaxSelect: len(barrierValues), Values: barrierValues,
				Help: "Mentees only: what stands between them and a job"},
			&core.DateField{Name: "training_completed_on",
				Help: "Mentors only: when the initial training was completed (set by a coordinator)"},
			&core.TextField{Name: "birth_country", Max: 2, Pattern: `^[A-Z]{2}$`,
				Help: "Optional, ISO 3166 code; needs birth_country_consent_on"},
			&core.DateField{Name: "birth_country_consent_on"},
			&core.TextField{Name: "nationality", Max: 2, Pattern: `^[A-Z]{2}$`,
				Help: "Optional, ISO 3166 code; needs nationality_consent_on"},
			&core.DateField{Name: "nationality_consent_on"},
		)
		timestamps(profiles)
		profiles.AddIndex("idx_profiles_user", true, "user", "")
		return app.Save(profiles)
	}, func(app core.App) error {
		profiles, err := app.FindCollectionByNameOrId("profiles")
		if err != nil {
			return err
		}
		return app.Delete(profiles)
	})
}

var languageCodes = []string{
	"fr", "nl", "en", "de", "ar", "ber", "tr", "es", "it", "pt", "ro", "pl", "bg", "ru", "uk",
	"fa", "prs", "ps", "ku", "am", "ti", "om", "so", "sw", "ln", "lg", "rw", "wo", "ff", "bm",
	"ha", "yo", "ig", "ur", "hi", "bn", "ta", "pa", "ne", "zh", "vi", "th", "tl", "ka", "hy",
	"sq", "sr", "bs", "hr", "mk", "el", "he", "az", "uz", "other",
}

var sectorValues = []string{
	"administration", "agriculture", "arts_culture", "commerce_retail", "construction",
	"education", "energy", "engineering", "finance_insurance", "healthcare",
	"hospitality_tourism", "hr_recruitment", "ict", "industry_manufacturing", "legal",
	"logistics_transport", "marketing_communication", "media", "nonprofit",
	"pharma_life_sciences", "public_sector", "real_estate", "research", "sales", "security",
	"social_work", "other",
}

var availabilitySlots = func() []string {
	var slots []string
	for _, day := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		for _, part := range []string{"morning", "afternoon", "evening"} {
			slots = append(slots, day+"_"+part)
		}
	}
	return slots
}()

var barrierValues = []string{
	"language", "experience", "job_search_tools", "self_confidence", "network",
	"discrimination", "digital_skills", "other",
}
