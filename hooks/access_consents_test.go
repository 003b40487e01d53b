package hooks_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
)

const consentsURL = "/api/collections/consents/records"

// giveConsent records, as the system, the duo mentee's consent to a purpose.
func giveConsent(id, purpose string) func(testing.TB, *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		Make(t, app, "", "consents", id, map[string]any{"person": DuoMentee, "purpose": purpose, "state": "given",
			"text_version": "2026-01", "recorded_via": "paper"})
	}
}

// A person's consents are theirs and their branch's coordinators': the partner in the duo,
// another mentee, another branch's coordinator and strangers neither read nor write them.
func TestConsentAccess(t *testing.T) {
	one := consentsURL + "/consentmentee01"
	own := `{"person":"` + DuoMentee + `","purpose":"followup_contact","state":"given","text_version":"2026-01","recorded_via":"app"}`
	paper := `{"person":"` + DuoMentee + `","purpose":"followup_contact","state":"given","text_version":"2026-01","recorded_via":"paper"}`
	setup := giveConsent("consentmentee01", "programme")
	entry := "/api/collections/data_audit/records/auditentry00001"
	audited := func(t testing.TB, app *tests.TestApp) {
		if _, err := app.DB().NewQuery(`INSERT INTO data_audit (id, action, person, actor_kind, actor, detail, at, created, updated)
			VALUES ('auditentry00001', 'export', {:p}, 'person', {:p}, '', '2026-01-01 10:00:00.000Z', '', '')`).
			Bind(dbx.Params{"p": DuoMentee}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	calls := []Call{
		{Name: "the mentee lists her consents", Caller: DuoMentee, Method: "GET", URL: consentsURL, Setup: setup, Status: 200,
			Want: []string{`"totalItems":1`, `"consentmentee01"`}},
		{Name: "her coordinator lists them", Caller: Coord, Method: "GET", URL: consentsURL, Setup: setup, Status: 200,
			Want: []string{`"consentmentee01"`}},
		{Name: "her duo's mentor lists none", Caller: DuoMentor, Method: "GET", URL: consentsURL, Setup: setup, Status: 200,
			Want: []string{`"totalItems":0`}, NotWant: []string{`consentmentee01`}},
		{Name: "another branch's coordinator lists none", Caller: OtherCoord, Method: "GET", URL: consentsURL, Setup: setup,
			Status: 200, Want: []string{`"totalItems":0`}},
		{Name: "a stranger lists none", Caller: Anonymous, Method: "GET", URL: consentsURL, Setup: setup, Status: 200,
			Want: []string{`"totalItems":0`}},
		{Name: "her duo's mentor cannot read one", Caller: DuoMentor, Method: "GET", URL: one, Setup: setup, Status: 404},
		{Name: "another mentee cannot read one", Caller: OtherMentee, Method: "GET", URL: one, Setup: setup, Status: 404},
		{Name: "the mentee gives a consent in the app", Caller: DuoMentee, Method: "POST", URL: consentsURL, Body: own, Status: 200,
			Want: []string{`"recorded_by":"` + DuoMentee + `"`, `"state":"given"`}},
		{Name: "her coordinator records one from paper", Caller: Coord, Method: "POST", URL: consentsURL, Body: paper, Status: 200,
			Want: []string{`"recorded_by":"` + Coord + `"`}},
		{Name: "a mentee does not say she signed paper", Caller: DuoMentee, Method: "POST", URL: consentsURL, Body: paper, Status: 400,
			Want: []string{`"recorded_via":{"code":"duo_consent_via"`}},
		{Name: "a coordinator does not give it for her in the app", Caller: Coord, Method: "POST", URL: consentsURL, Body: own,
			Status: 400, Want: []string{`"recorded_via":{"code":"duo_consent_via"`}},
		{Name: "her duo's mentor cannot record one for her", Caller: DuoMentor, Method: "POST", URL: consentsURL, Body: paper, Status: 400},
		{Name: "another branch's coordinator cannot", Caller: OtherCoord, Method: "POST", URL: consentsURL, Body: paper, Status: 400},
		{Name: "nor a stranger", Caller: Anonymous, Method: "POST", URL: consentsURL, Body: paper, Status: 400},
		{Name: "one record per person and purpose", Caller: Coord, Method: "POST", URL: consentsURL, Setup: setup, Status: 400,
			Body: `{"person":"` + DuoMentee + `","purpose":"programme","state":"given","text_version":"2026-01","recorded_via":"paper"}`,
			Want: []string{`"validation_not_unique"`}},
		{Name: "a coordinator gives no consent", Caller: Superuser, Method: "POST", URL: consentsURL, Status: 400,
			Body: `{"person":"` + Coord + `","purpose":"programme","state":"given","text_version":"2026-01","recorded_via":"paper"}`,
			Want: []string{`"person":{"code":"duo_consent_person"`}},
		{Name: "a version of the text is required", Caller: DuoMentee, Method: "POST", URL: consentsURL, Status: 400,
			Body: `{"person":"` + DuoMentee + `","purpose":"programme","state":"given","recorded_via":"app"}`,
			Want: []string{`"text_version":{"code":"validation_required"`}},
		{Name: "her duo's mentor cannot withdraw one", Caller: DuoMentor, Method: "PATCH", URL: one, Setup: setup, Status: 404,
			Body: `{"state":"withdrawn"}`},
		{Name: "nobody deletes one: the proof stays", Caller: DuoMentee, Method: "DELETE", URL: one,
			Setup: setup, Status: 403},
		{Name: "nor her coordinator", Caller: Coord, Method: "DELETE", URL: one, Setup: setup, Status: 403},
		{Name: "nor an administrator (it goes with her erasure)", Caller: Superuser, Method: "DELETE", URL: one, Setup: setup,
			Status: 403, Want: []string{"never deleted"}},
		{Name: "the purpose of a consent stays", Caller: DuoMentee, Method: "PATCH", URL: one, Setup: setup, Status: 400,
			Body: `{"purpose":"followup_contact","recorded_via":"app"}`, Want: []string{`"purpose":{"code":"duo_immutable"`}},
		{Name: "the audit log is the administrators'", Caller: Coord, Method: "GET", URL: "/api/collections/data_audit/records",
			Setup: setup, Status: 403},
		{Name: "an administrator writes no audit entry", Caller: Superuser, Method: "POST", URL: "/api/collections/data_audit/records",
			Body: `{"action":"export","person":"x","actor_kind":"superuser","at":"2026-01-01 00:00:00Z"}`, Status: 403},
		{Name: "nor deletes one", Caller: Superuser, Method: "DELETE", URL: entry, Setup: audited, Status: 403},
		{Name: "nor changes one", Caller: Superuser, Method: "PATCH", URL: entry, Body: `{"detail":"x"}`, Setup: audited, Status: 403},
		{Name: "administrators read who changed a consent, by ids", Caller: Superuser, Method: "GET",
			URL: "/api/collections/data_audit/records", Setup: setup, Status: 200,
			Want:    []string{`"action":"consent_given"`, `"person":"` + DuoMentee + `"`, `"detail":"programme"`},
			NotWant: []string{"Amina"}},
	}
	RunAll(t, calls)
}

// The dates and the recorder are the server's: a client that sends them, or changes them
// later without changing the consent, changes nothing.
func TestConsentDatesAreTheServers(t *testing.T) {
	one := consentsURL + "/consentmentee01"
	RunAll(t, []Call{
		{Name: "a made-up date and recorder are replaced", Caller: DuoMentee, Method: "POST", URL: consentsURL, Status: 200,
			Body: `{"id":"consentmentee01","person":"` + DuoMentee + `","purpose":"programme","state":"given","text_version":"2026-01",` +
				`"recorded_via":"app","recorded_by":"` + Coord + `","given_at":"2020-01-01 00:00:00.000Z"}`,
			NotWant: []string{`2020-01-01`, `"recorded_by":"` + Coord + `"`}},
		{Name: "they cannot be rewritten afterwards", Caller: DuoMentee, Method: "PATCH", URL: one, Status: 200,
			Setup:   giveConsent("consentmentee01", "programme"),
			Body:    `{"given_at":"2020-01-01 00:00:00.000Z","recorded_by":"` + DuoMentee + `","recorded_via":"app"}`,
			NotWant: []string{`2020-01-01`, `"recorded_by":"` + DuoMentee + `"`}},
	})
}

// Withdrawing the consent to origin data clears the country of birth and the nationality
// and their consent dates, and nothing else; they cannot be recorded again until it is given.
func TestWithdrawingOriginConsentClearsOrigin(t *testing.T) {
	setup := func(t testing.TB, app *tests.TestApp) {
		profile, err := app.FindFirstRecordByData("profiles", "user", DuoMentee)
		if err != nil {
			t.Fatal(err)
		}
		profile.Load(map[string]any{"birth_country": "SY", "birth_country_consent_on": "2025-01-10", "nationality": "BE",
			"nationality_consent_on": "2025-01-10", "languages": []string{"ar", "fr"}})
		if err := app.Save(profile); err != nil {
			t.Fatal(err)
		}
	}
	origin := func(t testing.TB, app *tests.TestApp) *core.Record {
		p, err := app.FindFirstRecordByData("profiles", "user", DuoMentee)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	RunAll(t, []Call{
		{Name: "the origin recorded with its date is a consent on record", Caller: Coord, Method: "GET",
			URL: consentsURL + "?filter=purpose='origin_statistics'", Setup: setup, Status: 200,
			Want: []string{`"totalItems":1`, `"recorded_via":"console"`, `"text_version":"intake-form-2026"`}},
		{Name: "the mentee withdraws it in the app: her origin is gone, her languages stay", Caller: DuoMentee, Method: "PATCH",
			URL: consentsURL + "/consentorigin01", Body: `{"state":"withdrawn","recorded_via":"app"}`, Status: 200,
			Setup: func(t testing.TB, app *tests.TestApp) {
				Make(t, app, "", "consents", "consentorigin01", map[string]any{"person": DuoMentee, "purpose": "origin_statistics",
					"state": "given", "text_version": "2026-01", "recorded_via": "paper"})
				setup(t, app)
			},
			Want: []string{`"state":"withdrawn"`, `"withdrawn_at":"2`},
			Check: func(t testing.TB, app *tests.TestApp) {
				p := origin(t, app)
				for _, f := range []string{"birth_country", "birth_country_consent_on", "nationality", "nationality_consent_on"} {
					if p.GetString(f) != "" {
						t.Errorf("%s still holds %q", f, p.GetString(f))
					}
				}
				if len(p.GetStringSlice("languages")) != 2 {
					t.Errorf("the languages went too: %v", p.Get("languages"))
				}
				if _, err := app.FindFirstRecordByFilter("data_audit", "action = 'consent_withdrawn' && person = {:p}",
					map[string]any{"p": DuoMentee}); err != nil {
					t.Errorf("no audit entry: %v", err)
				}
			}},
		{Name: "once withdrawn, her origin is not recorded again", Caller: Coord, Method: "PATCH",
			URL:  "/api/collections/profiles/records/" + Profile(t, DuoMentee),
			Body: `{"birth_country":"SY","birth_country_consent_on":"2025-01-10"}`, Status: 400,
			Setup: func(t testing.TB, app *tests.TestApp) {
				Make(t, app, "", "consents", "consentorigin01", map[string]any{"person": DuoMentee, "purpose": "origin_statistics",
					"state": "withdrawn", "text_version": "2026-01", "recorded_via": "paper"})
			},
			Want: []string{`"birth_country":{"code":"duo_consent_withdrawn"`}},
	})
}
