package hooks_test

import (
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// Errors come back in the caller's language, codes unchanged.
func TestErrorLanguage(t *testing.T) {
	tooShort := `{"duo":"` + DuoOne + `","held_on":"` + Day(-1) + `","minutes":10,"mode":"video"}`
	RunAll(t, []Call{
		{Name: "a French-speaking mentor reads French", Caller: DuoMentor, Method: "POST", URL: meetingsURL, Body: tooShort,
			Status: 400, Want: []string{`"message":"L'enregistrement n'a pas pu être créé."`,
				`"minutes":{"code":"validation_min_number_constraint","message":"Doit être au moins 15."`}},
		{Name: "a Dutch-speaking mentor reads Dutch", Caller: MentorTwo, Method: "POST", URL: meetingsURL,
			Body:   `{"duo":"` + DuoTwo + `","held_on":"` + Day(-1) + `","minutes":10,"mode":"video"}`,
			Status: 400, Want: []string{`"message":"Het record kon niet worden aangemaakt."`, `"message":"Moet minstens 15 zijn."`}},
		{Name: "an English-speaking mentee reads English", Caller: MenteeTwo, Method: "PATCH", URL: meetingsURL + "/" + MeetingTwo,
			Body: `{"notes":"mine now"}`, Status: 403, Want: []string{`"message":"You may not change this field."`}},
		{Name: "an anonymous Dutch browser reads Dutch", Caller: Anonymous, Method: "GET", URL: duoURL(DuoOne),
			Headers: map[string]string{"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.5"}, Status: 404,
			Want: []string{`"message":"Niet gevonden, of niet voor u zichtbaar."`}},
		{Name: "an unknown language falls back to English", Caller: Anonymous, Method: "GET", URL: duoURL(DuoOne),
			Headers: map[string]string{"Accept-Language": "ar"}, Status: 404, Want: []string{`"message":"Not found, or not yours to see."`}},
		{Name: "placeholders are filled in", Caller: Coord, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"status":"completed"}`, Status: 403, Want: []string{`"message":"Vous ne pouvez pas choisir cette valeur : terminé."`, `"params":{"value":"completed"}`}},
	})
}
