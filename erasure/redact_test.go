package erasure

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// Her name goes out of what others wrote as a whole word and as written; an address in any
// case; the rest of the text stays.
func TestRedactorTakesHerNameOutOfOthersTexts(t *testing.T) {
	users := core.NewAuthCollection("users")
	users.Fields.Add(&core.TextField{Name: "name"})
	person := core.NewRecord(users)
	person.Set("name", "Élodie Jo Dupont")
	person.SetEmail("elodie.dupont@example.org")
	r := newRedactor(person)
	r.forget("what she wrote herself")
	for _, c := range []struct{ name, in, want string }{
		{"the full name as one", "Vu Élodie Jo Dupont hier", "Vu […] hier"},
		{"each part of it", "Élodie est venue, Dupont aussi.", "[…] est venue, […] aussi."},
		{"twice in a row", "Élodie Élodie!", "[…] […]!"},
		{"a part too short to be hers alone", "Jo est venu", "Jo est venu"},
		{"inside another word", "Élodiea et Dupontel", "Élodiea et Dupontel"},
		{"in capitals or in small letters", "ÉLODIE JO DUPONT, dupont, élodie", "[…], […], […]"},
		{"a code keeps its meaning", "dupont", "dupont"},
		{"her address in any case", "écrire à Elodie.Dupont@Example.org ce soir", "écrire à […] ce soir"},
		{"a text of hers kept elsewhere", "what she wrote herself", ""},
		{"nothing of her", "Rendez-vous au marché", "Rendez-vous au marché"},
		{"empty", "", ""},
	} {
		if got := r.text(c.in); got != c.want {
			t.Errorf("%s: %q became %q, want %q", c.name, c.in, got, c.want)
		}
	}
}
