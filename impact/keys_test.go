package impact_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	"github.com/duoforajob/duo/impact"
	. "github.com/duoforajob/duo/internal/testkit"
)

func keyOfRecord(t *testing.T, app core.App, collection, id string) int {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	return r.GetInt(impact.KeyField)
}

// Every duo and person has a key from 1 to 255, drawn when created, kept by every update:
// neither a client's body nor duo's own code changes it.
func TestEveryRecordKeepsTheKeyItWasGiven(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	for _, rec := range [][2]string{{"duos", DuoOne}, {"users", MenteeOne}, {"duos", DuoAntwerp}} {
		if k := keyOfRecord(t, app, rec[0], rec[1]); k < 1 || k > 255 {
			t.Errorf("%s %s has key %d", rec[0], rec[1], k)
		}
	}
	before := keyOfRecord(t, app, "duos", DuoOne)
	other := before%255 + 1
	res := Send(t, h, CoordBrussels, "PATCH", "/api/collections/duos/records/"+DuoOne,
		`{"meeting_place": "Bibliothèque", "cell_key": `+itoa(other)+`}`)
	if res.Code != 200 || keyOfRecord(t, app, "duos", DuoOne) != before {
		t.Errorf("a coordinator's update: %d, key %d, was %d", res.Code, keyOfRecord(t, app, "duos", DuoOne), before)
	}
	duo, _ := app.FindRecordById("duos", DuoOne)
	duo.Set(impact.KeyField, other)
	if err := app.Save(duo); err != nil || keyOfRecord(t, app, "duos", DuoOne) != before {
		t.Errorf("duo's own code changed the key: %v", err)
	}
	// Drawn at random: a few new records do not all get the same key.
	users, _ := app.FindCollectionByNameOrId("users")
	seen := map[int]bool{}
	for i := range 8 {
		u := core.NewRecord(users)
		u.Set("name", "Nouvelle personne")
		u.Set("email", "nouvelle"+itoa(i)+"@example.org")
		u.Set("role", "mentee")
		u.Set("branch", BranchBrussels)
		u.Set(impact.KeyField, 0)
		u.SetPassword("a long enough password")
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
		seen[u.GetInt(impact.KeyField)] = true
	}
	if len(seen) < 3 || seen[0] {
		t.Errorf("eight new people drew the keys %v", seen)
	}
}

// Nobody but an administrator reads a key: not the duo's coordinator, not its mentee.
func TestNoCallerButAnAdministratorReadsAKey(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	for _, caller := range []string{CoordBrussels, MenteeOne} {
		for _, url := range []string{"/api/collections/duos/records/" + DuoOne, "/api/collections/users/records/" + MenteeOne} {
			if res := Send(t, h, caller, "GET", url, ""); res.Code != 200 || strings.Contains(res.Body.String(), impact.KeyField) {
				t.Errorf("%s, %s: %d %s", caller, url, res.Code, res.Body)
			}
		}
		for _, query := range []string{"filter=cell_key>0", "sort=cell_key"} { // an oracle of the key, refused
			if res := Send(t, h, caller, "GET", "/api/collections/duos/records?"+query, ""); res.Code != 400 {
				t.Errorf("%s, %s: %d %s", caller, query, res.Code, res.Body)
			}
		}
	}
}

// An erased person's pseudonym keeps the person's key: the published figures do not change.
func TestAPseudonymKeepsThePersonsKey(t *testing.T) {
	app := App(t)
	key := keyOfRecord(t, app, "users", MenteeClosed)
	pseudonym, err := erasure.Erase(app, MenteeClosed, "asked", access.System(), Now())
	if err != nil {
		t.Fatal(err)
	}
	if k := keyOfRecord(t, app, "users", pseudonym); k != key {
		t.Errorf("the pseudonym has key %d, the person had %d", k, key)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
