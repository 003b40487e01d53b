package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

var placeholder = regexp.MustCompile(`\{\{\.(\w+)\}\}`)

func placeholders(s string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return names
}

// Every language has every text, with the same placeholders as English.
func TestCatalogsMatchEnglish(t *testing.T) {
	en := Catalogs()["en"]
	for _, locale := range Locales[1:] {
		c := Catalogs()[locale]
		for code, text := range en.Codes {
			other, ok := c.Codes[code]
			if !ok {
				t.Errorf("%s: missing code %s", locale, code)
				continue
			}
			if !slices.Equal(placeholders(text), placeholders(other)) {
				t.Errorf("%s: %s has placeholders %v, English has %v", locale, code, placeholders(other), placeholders(text))
			}
		}
		for key, text := range en.Notifications {
			other, ok := c.Notifications[key]
			if !ok {
				t.Errorf("%s: missing notification text %s", locale, key)
				continue
			}
			if !slices.Equal(placeholders(text), placeholders(other)) {
				t.Errorf("%s: notification %s has placeholders %v, English has %v", locale, key, placeholders(other), placeholders(text))
			}
		}
		for key := range en.Questions {
			if c.Questions[key] == "" {
				t.Errorf("%s: missing question text %s", locale, key)
			}
		}
		for key, text := range en.Mails {
			other, ok := c.Mails[key]
			if !ok || !slices.Equal(placeholders(text), placeholders(other)) {
				t.Errorf("%s: mail text %s is missing or has placeholders %v, English has %v", locale, key, placeholders(other), placeholders(text))
			}
		}
		for msg := range en.Messages {
			if _, ok := c.Messages[msg]; !ok {
				t.Errorf("%s: missing message %q", locale, msg)
			}
		}
		if len(c.Codes) != len(en.Codes) || len(c.Messages) != len(en.Messages) || len(c.Notifications) != len(en.Notifications) ||
			len(c.Mails) != len(en.Mails) || len(c.Questions) != len(en.Questions) {
			t.Errorf("%s has texts English does not", locale)
		}
	}
}

// Every error code duo raises (a "duo_..." constant) and every message it answers with has a text.
func TestEveryRaisedCodeIsTranslated(t *testing.T) {
	codeConst := regexp.MustCompile(`Code\w+\s*=\s*"(duo_\w+)"`)
	apiMessage := regexp.MustCompile(`(?:NewBadRequestError|NewForbiddenError|BadRequestError|ForbiddenError|NewApiError\(http\.\w+,)\s*\(?"([A-Z][^"]+)"`)
	files, _ := filepath.Glob("../*/*.go")
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.Contains(f, "internal") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range codeConst.FindAllStringSubmatch(string(src), -1) {
			seen++
			if _, ok := Catalogs()["en"].Codes[m[1]]; !ok {
				t.Errorf("%s raises %s, which has no text", f, m[1])
			}
		}
		for _, m := range apiMessage.FindAllStringSubmatch(string(src), -1) {
			if _, ok := Catalogs()["en"].Messages[m[1]]; !ok {
				t.Errorf("%s answers %q, which has no translation", f, m[1])
			}
		}
	}
	if seen < 30 {
		t.Fatalf("found only %d codes in the sources; is the scan still looking in the right place?", seen)
	}
}

func TestLocaleFor(t *testing.T) {
	users := core.NewAuthCollection("users")
	users.Fields.Add(&core.TextField{Name: "locale"})
	nl := core.NewRecord(users)
	nl.Set("locale", "nl")
	none := core.NewRecord(users)
	cases := []struct {
		auth   *core.Record
		header string
		want   string
	}{
		{nl, "fr-BE", "nl"},
		{none, "fr-BE,fr;q=0.9", "fr"},
		{nil, "de-DE, nl;q=0.8", "nl"},
		{nil, "", "en"},
		{nil, "*", "en"},
	}
	for _, c := range cases {
		if got := LocaleFor(c.auth, c.header); got != c.want {
			t.Errorf("LocaleFor(%v, %q) = %s, want %s", c.auth != nil, c.header, got, c.want)
		}
	}
}

func TestLocalizeKeepsCodesAndFillsParams(t *testing.T) {
	apiErr := router.NewBadRequestError("Failed to create record.", validation.Errors{
		"minutes": validation.NewError("validation_min_number_constraint", "Must be greater or equal than {{.min}}").
			SetParams(map[string]any{"min": 15.0}),
		"custom": validation.NewError("not_in_catalog", "Kept as is"),
	})
	Localize(apiErr, "fr")
	if apiErr.Message != "L'enregistrement n'a pas pu être créé." {
		t.Errorf("message = %q", apiErr.Message)
	}
	minutes := apiErr.Data["minutes"].(map[string]any)
	if minutes["message"] != "Doit être au moins 15." || minutes["code"] != "validation_min_number_constraint" {
		t.Errorf("minutes = %v", minutes)
	}
	if custom := apiErr.Data["custom"].(map[string]any); custom["message"] != "Kept as is." {
		t.Errorf("an unknown code should keep its English message, got %v", custom)
	}
}

func TestPlaceholderWordsAreTranslated(t *testing.T) {
	got, _ := Code("fr", "duo_transition", map[string]any{"from": "declined", "to": "validated"})
	if got != "Un duo ne peut pas passer de refusé à validé." {
		t.Errorf("got %q", got)
	}
	got, _ = Code("nl", "duo_wrong_type", map[string]any{"expected": "number"})
	if got != "Moet een getal zijn." {
		t.Errorf("got %q", got)
	}
	for _, locale := range Locales {
		if len(Catalogs()[locale].Words) != len(Catalogs()["en"].Words) {
			t.Errorf("%s does not translate every word", locale)
		}
	}
}
