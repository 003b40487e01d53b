package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/calendar"
	"github.com/duoforajob/duo/consent"
	"github.com/duoforajob/duo/impact"
	"github.com/duoforajob/duo/intake"
	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/matching"
	"github.com/duoforajob/duo/people"
	"github.com/duoforajob/duo/retention"
	"github.com/duoforajob/duo/rights"
	"github.com/duoforajob/duo/shell"
	"github.com/duoforajob/duo/signup"
	"github.com/duoforajob/duo/supervision"
)

const console = "pb_public/console"

func TestMain(m *testing.M) { testkit.Run(m) }

// The browser libraries of the console and the app are copies of pinned npm packages
// (e2e/vendor.mjs): each copy still has the checksum recorded with it, its package's version is
// the one e2e/package.json pins (as a dependency, or under "vendored" for those only the pages
// load), and its licence lies beside it.
func TestVendorCopiesMatchTheirRecord(t *testing.T) {
	var pkg struct{ Dependencies, Vendored map[string]string }
	raw, err := os.ReadFile("e2e/package.json")
	if err != nil || json.Unmarshal(raw, &pkg) != nil {
		t.Fatalf("e2e/package.json: %v", err)
	}
	for _, page := range []string{console, "pb_public/app"} {
		vendor := filepath.Join(page, "vendor")
		var record []struct {
			File, Package, Version, Licence, Source, SHA256 string
		}
		raw, err := os.ReadFile(filepath.Join(vendor, "VENDOR.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &record); err != nil || len(record) == 0 {
			t.Fatalf("%s/VENDOR.json: %v", vendor, err)
		}
		for _, r := range record {
			body, err := os.ReadFile(filepath.Join(vendor, r.File))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(body)
			if hex.EncodeToString(sum[:]) != r.SHA256 {
				t.Errorf("%s/%s drifted from its record: copy it again with e2e/vendor.mjs", vendor, r.File)
			}
			pinned := cmp.Or(pkg.Dependencies[r.Package], pkg.Vendored[r.Package])
			if r.Licence == "" || pinned != r.Version {
				t.Errorf("%s/%s: %s %s (%q), but e2e/package.json pins %q", vendor, r.File, r.Package, r.Version, r.Licence, pinned)
			}
			if _, err := os.Stat(filepath.Join(vendor, r.File+".LICENSE")); err != nil {
				t.Errorf("%s/%s: its licence is not copied beside it", vendor, r.File)
			}
		}
	}
}

var placeholder = regexp.MustCompile(`\{\{(\w+)\}\}`)

// catalogIn reads a page's catalog in one language (page/locales/<lang>.json).
func catalogIn(t *testing.T, page, lang string) map[string]string {
	t.Helper()
	var c map[string]string
	raw, err := os.ReadFile(filepath.Join(page, "locales", lang+".json"))
	if err != nil || json.Unmarshal(raw, &c) != nil {
		t.Fatalf("%s %s catalog: %v", page, lang, err)
	}
	return c
}

// translationsMatchEnglish checks that a page's French and Dutch catalogs have English's keys,
// each with English's placeholders; it answers the English catalog.
func translationsMatchEnglish(t *testing.T, page string) map[string]string {
	t.Helper()
	en := catalogIn(t, page, "en")
	for _, lang := range []string{"fr", "nl"} {
		c := catalogIn(t, page, lang)
		if !slices.Equal(slices.Sorted(maps.Keys(c)), slices.Sorted(maps.Keys(en))) {
			t.Errorf("%s and en have different keys", lang)
		}
		for key, text := range en {
			if !slices.Equal(placeholder.FindAllString(text, -1), placeholder.FindAllString(c[key], -1)) {
				t.Errorf("%s %s: placeholders differ from English", lang, key)
			}
		}
	}
	return en
}

// Every text of the console is in French, Dutch and English, with the same placeholders, and
// every key the pages use is in the catalogs.
func TestConsoleCatalogsAreComplete(t *testing.T) {
	en := translationsMatchEnglish(t, console)
	var used []string
	scripts, _ := filepath.Glob(filepath.Join(console, "*.js"))
	attribute := regexp.MustCompile(`data-i18n(?:-label)?="([^"]+)"`)
	files := map[string]*regexp.Regexp{filepath.Join(console, "index.html"): attribute, filepath.Join(console, "password.html"): attribute}
	for _, f := range scripts {
		files[f] = regexp.MustCompile(`\bt\('([^']+)'`)
	}
	for file, pattern := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pattern.FindAllStringSubmatch(string(raw), -1) {
			used = append(used, m[1])
		}
	}
	for _, reason := range []string{matching.ReasonLanguages, matching.ReasonSector, matching.ReasonSlots,
		matching.ReasonNoSharedSlot, matching.ReasonTrained, matching.ReasonUntrained, matching.ReasonBusy} {
		used = append(used, "match."+reason)
	}
	for _, status := range []string{lifecycle.Proposed, lifecycle.Validated, lifecycle.Declined, lifecycle.Active,
		lifecycle.Completed, lifecycle.Stopped} {
		used = append(used, "status."+status)
	}
	for _, risk := range []string{supervision.RiskNoMeeting, supervision.RiskUnconfirmed, supervision.RiskUnsigned,
		supervision.RiskEvaluationDue, supervision.RiskEnding} {
		used = append(used, "risk."+risk)
	}
	// Keys the scripts build from values: history kinds, objective states, evaluation kinds.
	for _, key := range []string{"event.created", "event.status_changed", "event.signed_mentor", "event.signed_mentee",
		"event.dates_corrected", "objective.open", "objective.in_progress", "objective.achieved", "objective.dropped",
		"evaluation.answered", "evaluation.waiting", "evaluation.overdue", "evaluationKind.final",
		"evaluationKind.followup_6m", "evaluationKind.followup_12m", "duo.moved.validated", "duo.moved.declined",
		"duo.moved.stopped", "duo.mentorSigned", "duo.menteeSigned", "duo.mentorNotSigned", "duo.menteeNotSigned"} {
		used = append(used, key)
	}
	for _, list := range []string{"SECTORS", "BARRIERS", "GENDERS", "EDUCATION", "DAYS", "PARTS"} {
		prefix := map[string]string{"SECTORS": "sector.", "BARRIERS": "barrier.", "GENDERS": "gender.",
			"EDUCATION": "education.", "DAYS": "day.", "PARTS": "part."}[list]
		for _, v := range choices(t)[list] {
			used = append(used, prefix+v)
		}
	}
	for _, day := range choices(t)["DAYS"] {
		used = append(used, "dayShort."+day)
	}
	for _, status := range intake.Statuses {
		used = append(used, "personStatus."+status)
	}
	used = append(used, "role.mentor", "role.mentee")
	for _, id := range append(slices.Clone(impact.Measures), impact.IntakeRates...) {
		used = append(used, "measure."+id)
	}
	for _, purpose := range []string{consent.Programme, consent.OriginStatistics, consent.FollowupContact} {
		used = append(used, "purpose."+purpose)
	}
	for _, key := range []string{"consent.given", "consent.withdrawn", "consent.via.app", "consent.via.console", "consent.via.paper"} {
		used = append(used, key)
	}
	for _, by := range []string{impact.ByQuarter, impact.ByMonth, impact.ByBranch} {
		used = append(used, "impact.by."+by)
	}
	for _, id := range []string{impact.TakenInMentees, impact.TakenInMentors, impact.Proposed, impact.Validated, "started",
		impact.ReachedTerm, impact.StoppedEarly, impact.Running, impact.MenteeDaysToMatch, impact.MeetingsPerDuo, impact.HoursPerDuo} {
		used = append(used, "impactColumn."+id)
	}
	for _, state := range []string{supervision.EvaluationAnswered, supervision.EvaluationWaiting, supervision.EvaluationOverdue,
		supervision.EvaluationUpcoming, supervision.EvaluationMissed} {
		used = append(used, "evaluationState."+state)
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys in use: is the pattern still right?", len(used))
	}
	for _, key := range used {
		if _, ok := en[key]; !ok {
			t.Errorf("%s is used but has no text", key)
		}
	}
}

var jsList = regexp.MustCompile(`(?s)export const (\w+) = \[(.*?)\];`)
var jsString = regexp.MustCompile(`'([^']*)'`)

// choices reads the lists of pb_public/console/choices.js.
func choices(t *testing.T) map[string][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(console, "choices.js"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, m := range jsList.FindAllStringSubmatch(string(raw), -1) {
		for _, v := range jsString.FindAllStringSubmatch(m[2], -1) {
			out[m[1]] = append(out[m[1]], v[1])
		}
	}
	return out
}

// The answers the person form offers are those the profiles collection accepts, no more, no
// fewer: a value added to the schema shows up in the console, or this fails.
func TestConsoleChoicesAreTheSchemas(t *testing.T) {
	app := testkit.App(t)
	profiles, err := app.FindCollectionByNameOrId("profiles")
	if err != nil {
		t.Fatal(err)
	}
	values := func(field string) []string {
		return profiles.Fields.GetByName(field).(*core.SelectField).Values
	}
	c := choices(t)
	var slots []string
	for _, day := range c["DAYS"] {
		for _, part := range c["PARTS"] {
			slots = append(slots, day+"_"+part)
		}
	}
	for list, field := range map[string]string{"LANGUAGES": "languages", "SECTORS": "sectors", "BARRIERS": "barriers",
		"GENDERS": "gender", "EDUCATION": "education_level"} {
		if !slices.Equal(slices.Sorted(slices.Values(c[list])), slices.Sorted(slices.Values(values(field)))) {
			t.Errorf("choices.js %s differs from profiles.%s", list, field)
		}
	}
	if !slices.Equal(slices.Sorted(slices.Values(slots)), slices.Sorted(slices.Values(values("availability")))) {
		t.Errorf("choices.js DAYS and PARTS differ from profiles.availability")
	}
	if len(c["COUNTRIES"]) < 240 {
		t.Errorf("only %d countries", len(c["COUNTRIES"]))
	}
}

// The impact page offers every rate the server computes, no more, no fewer.
func TestConsoleImpactPageOffersEveryRate(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(console, "impact.js"))
	if err != nil {
		t.Fatal(err)
	}
	var offered []string
	for _, m := range jsList.FindAllStringSubmatch(string(raw), -1) {
		if m[1] == "RATES" {
			for _, v := range jsString.FindAllStringSubmatch(m[2], -1) {
				offered = append(offered, v[1])
			}
		}
	}
	want := append(slices.Clone(impact.Measures), impact.IntakeRates...)
	if !slices.Equal(slices.Sorted(slices.Values(offered)), slices.Sorted(slices.Values(want))) {
		t.Errorf("impact.js offers %v, the server computes %v", offered, want)
	}
}

// Every route the console calls is in the app developers' contract.
func TestConsoleRoutesAreDocumented(t *testing.T) {
	doc, err := os.ReadFile("mobile-api.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, route := range []string{supervision.OverviewRoute, matching.SuggestionsRoute, intake.PeopleRoute, intake.InviteRoute,
		supervision.EvaluationsRoute, impact.TableRoute, impact.CSVRoute, impact.ExportRoute, rights.ExportRoute, rights.EraseRoute,
		people.SignOutRoute, shell.SettingsPath, calendar.FeedRoute, supervision.DuosRoute, signup.SessionsRoute, signup.JoinRoute,
		signup.ConfirmRoute, signup.CancelRoute, signup.ConvertRoute} {
		if !strings.Contains(string(doc), "`GET "+route) && !strings.Contains(string(doc), "`POST "+route) {
			t.Errorf("mobile-api.md does not document %s", route)
		}
	}
}

// The person page offers a consent for every purpose the consents collection knows.
func TestConsolePrivacyOffersEveryPurpose(t *testing.T) {
	app := testkit.App(t)
	consents, err := app.FindCollectionByNameOrId("consents")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(console, "privacy.js"))
	if err != nil {
		t.Fatal(err)
	}
	var offered []string
	for _, m := range jsList.FindAllStringSubmatch(string(raw), -1) {
		if m[1] == "PURPOSES" {
			for _, v := range jsString.FindAllStringSubmatch(m[2], -1) {
				offered = append(offered, v[1])
			}
		}
	}
	want := consents.Fields.GetByName("purpose").(*core.SelectField).Values
	if !slices.Equal(slices.Sorted(slices.Values(offered)), slices.Sorted(slices.Values(want))) {
		t.Errorf("privacy.js offers %v, the collection has %v", offered, want)
	}
}

// The erase form offers the reasons the server accepts from a coordinator, each as an option
// of the page, and privacy.js checks the same list.
func TestConsoleEraseOffersEveryReason(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(console, "privacy.js"))
	if err != nil {
		t.Fatal(err)
	}
	var offered []string
	for _, m := range jsList.FindAllStringSubmatch(string(raw), -1) {
		if m[1] == "REASONS" {
			for _, v := range jsString.FindAllStringSubmatch(m[2], -1) {
				offered = append(offered, v[1])
			}
		}
	}
	page, err := os.ReadFile(filepath.Join(console, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := rights.ChosenReasons()
	if !slices.Equal(slices.Sorted(slices.Values(offered)), slices.Sorted(slices.Values(want))) {
		t.Errorf("privacy.js offers %v, the server accepts %v", offered, want)
	}
	for _, r := range want {
		if !strings.Contains(string(page), `<option value="`+r+`" data-i18n="erase.reasons.`+r+`">`) {
			t.Errorf("the erase form has no option %s", r)
		}
	}
}

// The console tells a coordinator when the server will erase a person who withdrew their
// consent to the programme: the same number of days.
func TestConsoleSaysTheWithdrawalGrace(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(console, "privacy.js"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("export const WITHDRAWAL_GRACE_DAYS = %d;", retention.WithdrawalGraceDays); !strings.Contains(string(raw), want) {
		t.Errorf("privacy.js does not say %q", want)
	}
}
