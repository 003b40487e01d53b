// Package matching ranks the mentors of a branch for a mentee waiting for a duo, each
// suggestion with its score and its reasons in words.
package matching

import (
	"encoding/json"
	"slices"
	"sort"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Weights of the score, out of about 100 for an excellent match (matching session, seed 001:
// sector, languages, availability, needs and skills; a trained mentor with room for a duo).
const (
	perSharedLanguage = 10
	maxLanguages      = 30
	sharedSector      = 25
	perSharedSlot     = 5
	maxSlots          = 25
	trained           = 10
	perCurrentDuo     = -15
)

// Reasons of a suggestion.
const (
	ReasonLanguages    = "shared_languages"
	ReasonSector       = "shared_sector"
	ReasonSlots        = "shared_slots"
	ReasonTrained      = "trained"
	ReasonUntrained    = "not_trained"
	ReasonBusy         = "current_duos"
	ReasonNoSharedSlot = "no_shared_slot"
)

// Reason is one part of a score: its code, what it names, its points and (filled by the
// route) its words.
type Reason struct {
	Code   string   `json:"code"`
	Values []string `json:"values,omitempty"`
	Count  int      `json:"count,omitempty"`
	Points int      `json:"points"`
	Text   string   `json:"text"`
}

// Suggestion is a mentor for the mentee, with the score's reasons.
type Suggestion struct {
	Mentor  string   `json:"mentor"`
	Name    string   `json:"name"`
	Score   int      `json:"score"`
	Reasons []Reason `json:"reasons"`
}

// profile is what matching reads of a person.
type profile struct {
	User         string `db:"user"`
	Name         string `db:"name"`
	Languages    string `db:"languages"`
	Sectors      string `db:"sectors"`
	Availability string `db:"availability"`
	Training     string `db:"training_completed_on"`
	Duos         int    `db:"duos"`
}

func list(raw string) []string {
	var values []string
	_ = json.Unmarshal([]byte(raw), &values)
	return values
}

func shared(a, b []string) []string {
	var out []string
	for _, v := range a {
		if slices.Contains(b, v) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// Suggest ranks every mentor of the mentee's branch, best first, at most limit of them; two
// queries whatever the number of mentors.
func Suggest(app core.App, menteeID string, limit int) ([]Suggestion, error) {
	var mentee profile
	err := app.DB().NewQuery(`SELECT u.id AS user, u.name, COALESCE(p.languages, '[]') AS languages,
		COALESCE(p.sectors, '[]') AS sectors, COALESCE(p.availability, '[]') AS availability, '' AS training_completed_on, 0 AS duos
		FROM users u LEFT JOIN profiles p ON p.user = u.id WHERE u.id = {:id}`).Bind(dbx.Params{"id": menteeID}).One(&mentee)
	if err != nil {
		return nil, err
	}
	var mentors []profile
	err = app.DB().NewQuery(`SELECT u.id AS user, u.name, COALESCE(p.languages, '[]') AS languages,
		COALESCE(p.sectors, '[]') AS sectors, COALESCE(p.availability, '[]') AS availability,
		COALESCE(p.training_completed_on, '') AS training_completed_on,
		(SELECT COUNT(*) FROM duos d WHERE d.mentor = u.id AND d.status IN ('proposed', 'validated', 'active')) AS duos
		FROM users u LEFT JOIN profiles p ON p.user = u.id
		WHERE u.role = 'mentor' AND u.erased_at = '' AND u.branch = (SELECT branch FROM users WHERE id = {:id})`).
		Bind(dbx.Params{"id": menteeID}).All(&mentors)
	if err != nil {
		return nil, err
	}
	out := make([]Suggestion, 0, len(mentors))
	for _, m := range mentors {
		out = append(out, score(mentee, m))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Name < out[j].Name
	})
	return out[:min(limit, len(out))], nil
}

// score adds up a mentor's reasons for a mentee.
func score(mentee, mentor profile) Suggestion {
	s := Suggestion{Mentor: mentor.User, Name: mentor.Name}
	add := func(r Reason) {
		s.Reasons = append(s.Reasons, r)
		s.Score += r.Points
	}
	if langs := shared(list(mentee.Languages), list(mentor.Languages)); len(langs) > 0 {
		add(Reason{Code: ReasonLanguages, Values: langs, Points: min(len(langs)*perSharedLanguage, maxLanguages)})
	}
	if sectors := shared(list(mentee.Sectors), list(mentor.Sectors)); len(sectors) > 0 {
		add(Reason{Code: ReasonSector, Values: sectors, Points: sharedSector})
	}
	if slots := shared(list(mentee.Availability), list(mentor.Availability)); len(slots) > 0 {
		add(Reason{Code: ReasonSlots, Values: slots, Count: len(slots), Points: min(len(slots)*perSharedSlot, maxSlots)})
	} else {
		add(Reason{Code: ReasonNoSharedSlot})
	}
	if mentor.Training != "" {
		add(Reason{Code: ReasonTrained, Points: trained})
	} else {
		add(Reason{Code: ReasonUntrained})
	}
	if mentor.Duos > 0 {
		add(Reason{Code: ReasonBusy, Count: mentor.Duos, Points: mentor.Duos * perCurrentDuo})
	}
	return s
}
