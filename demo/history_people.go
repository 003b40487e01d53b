package demo

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
)

// What the history's people are drawn from: mentees of 18 to 30 speaking one to three
// languages and with one or two barriers, six in ten consenting to record their country of
// birth (and half of them their nationality); mentors of 50 to 74.
var (
	historyMenteeLanguages = []string{"fr", "nl", "ar", "en", "tr", "ti", "so", "fa", "uk", "es", "ber", "ps"}
	historyCountries       = []string{"MA", "SY", "AF", "ER", "TR", "CD", "UA", "SO", "GN", "BE", "NL", "FR"}
)

// Unmatched is the share of the history's mentees taken in who never get a duo.
const Unmatched = 0.12

// people writes a duo's mentor and mentee, taken in 5 to 55 days before it was proposed, with
// their profiles; and now and then a mentee taken in with them who never gets a duo.
func (w *historyWriter) people(i int, branch, mentor, mentee string, start, proposed time.Time) error {
	for _, p := range []struct{ id, role string }{{mentor, "mentor"}, {mentee, "mentee"}} {
		if err := w.person(branch, p.id, p.role, fmt.Sprintf("%s %d", p.role, i), proposed.AddDate(0, 0, -5-w.intake.IntN(51)), start); err != nil {
			return err
		}
	}
	if w.intake.Float64() >= Unmatched/(1-Unmatched) {
		return nil
	}
	return w.person(branch, fmt.Sprintf("histwte%08d", i), "mentee", fmt.Sprintf("waiting %d", i),
		proposed.AddDate(0, 0, -w.intake.IntN(40)), start)
}

func (w *historyWriter) person(branch, id, role, name string, intake, start time.Time) error {
	if err := w.exec(`INSERT INTO users (id, email, tokenKey, password, verified, name, role, branch, created, updated, cell_key)
		VALUES ({:id}, {:id} || '@history.example.org', {:id}, 'x', 1, {:name}, {:role}, {:branch}, {:at}, {:at}, {:key})`,
		dbx.Params{"id": id, "name": name, "role": role, "branch": branch, "at": stamp(intake), "key": w.key(id)}); err != nil {
		return err
	}
	year, languages, barriers := start.Year()-50-w.intake.IntN(25), []string{[]string{"fr", "nl"}[w.intake.IntN(2)], "en"}, []string{}
	country, countryConsent, nationality, nationalityConsent := "", "", "", ""
	if role == "mentee" {
		year, languages = start.Year()-18-w.intake.IntN(13), w.pick(historyMenteeLanguages, 1+w.intake.IntN(3))
		barriers = w.pick(obstacles, 1+w.intake.IntN(2))
		if w.intake.Float64() < 0.6 {
			country, countryConsent = historyCountries[w.intake.IntN(len(historyCountries))], stamp(intake)
			if w.intake.Float64() < 0.5 {
				nationality, nationalityConsent = historyCountries[w.intake.IntN(len(historyCountries))], stamp(intake)
			}
		}
	}
	return w.exec(`INSERT INTO profiles (id, user, birth_year, languages, barriers, birth_country, birth_country_consent_on,
		nationality, nationality_consent_on, created, updated)
		VALUES ({:id}, {:user}, {:year}, {:languages}, {:barriers}, {:country}, {:cc}, {:nationality}, {:nc}, {:at}, {:at})`,
		dbx.Params{"id": "hp" + id[2:], "user": id, "year": year, "languages": jsonList(languages), "barriers": jsonList(barriers),
			"country": country, "cc": countryConsent, "nationality": nationality, "nc": nationalityConsent, "at": stamp(intake)})
}

// pick draws n different values of from.
func (w *historyWriter) pick(from []string, n int) []string {
	order := w.intake.Perm(len(from))
	out := make([]string, 0, n)
	for _, k := range order[:n] {
		out = append(out, from[k])
	}
	return out
}

func jsonList(values []string) string {
	b, _ := json.Marshal(values)
	return string(b)
}
