// Package i18n renders duo's user-facing texts (API error messages, push notifications) in
// French, Dutch or English.
package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"text/template"
)

// Locales are the languages duo speaks; the first is the fallback.
var Locales = []string{"en", "fr", "nl"}

// Catalog holds one language's texts: error codes (PocketBase's and duo's own, with
// {{.param}} placeholders), the fixed top-level messages of API errors, and the words that
// may fill a placeholder (statuses, roles, kinds of value), so that a French sentence does
// not end in an English word; the title and body of each kind of push notification; and the
// subject and paragraphs of each e-mail duo writes itself; the evaluation form's questions.
type Catalog struct {
	Codes         map[string]string `json:"codes"`
	Messages      map[string]string `json:"messages"`
	Words         map[string]string `json:"words"`
	Notifications map[string]string `json:"notifications"`
	Mails         map[string]string `json:"mails"`
	Questions     map[string]string `json:"questions"`
}

//go:embed locales/*.json
var files embed.FS

var (
	loadOnce  sync.Once
	catalogs  map[string]*Catalog
	templates sync.Map // locale+"\x00"+code -> *template.Template
)

// Catalogs returns every language's catalog, keyed by locale.
func Catalogs() map[string]*Catalog {
	loadOnce.Do(func() {
		catalogs = make(map[string]*Catalog, len(Locales))
		for _, locale := range Locales {
			raw, err := files.ReadFile("locales/" + locale + ".json")
			if err != nil {
				panic(fmt.Errorf("i18n: missing catalog %s: %w", locale, err))
			}
			c := &Catalog{}
			if err := json.Unmarshal(raw, c); err != nil {
				panic(fmt.Errorf("i18n: catalog %s: %w", locale, err))
			}
			catalogs[locale] = c
		}
	})
	return catalogs
}

// Supported reports whether duo has texts in that language.
func Supported(locale string) bool {
	_, ok := Catalogs()[locale]
	return ok
}

// Code renders the text of an error code in a language, or returns ok=false when the
// catalog has no such code (the caller keeps its English message then).
func Code(locale, code string, params map[string]any) (string, bool) {
	c := Catalogs()[locale]
	if c == nil {
		return "", false
	}
	text, ok := c.Codes[code]
	if !ok {
		return "", false
	}
	return execute(locale+"\x00"+code, text, c.translateWords(params))
}

// Text renders a push notification text (a key of the catalog's notifications) in a
// language; params fill its placeholders as they are (see Word for translating one).
func Text(locale, key string, params map[string]any) (string, bool) {
	return render(locale, "notifications", key, params)
}

// Mail renders a text of an e-mail (a key of the catalog's mails) in a language.
func Mail(locale, key string, params map[string]any) (string, bool) {
	return render(locale, "mails", key, params)
}

// Question is the words of an evaluation question or answer (a key of the catalog's
// questions) in a language.
func Question(locale, key string) (string, bool) {
	return render(locale, "questions", key, nil)
}

// render fills a text of one section of a language's catalog.
func render(locale, section, key string, params map[string]any) (string, bool) {
	c := Catalogs()[locale]
	if c == nil {
		return "", false
	}
	texts := map[string]map[string]string{"notifications": c.Notifications, "mails": c.Mails, "questions": c.Questions}[section]
	text, ok := texts[key]
	if !ok {
		return "", false
	}
	return execute(locale+"\x00"+section+"\x00"+key, text, params)
}

// Word is a catalog word (a weekday, a status) in a language, the word itself if unknown.
func Word(locale, word string) string {
	if c := Catalogs()[locale]; c != nil {
		if translated, ok := c.Words[word]; ok {
			return translated
		}
	}
	return word
}

// execute fills a text's placeholders, parsing each text once.
func execute(cacheKey, text string, params map[string]any) (string, bool) {
	if !strings.Contains(text, "{{") {
		return text, true
	}
	cached, found := templates.Load(cacheKey)
	if !found {
		parsed, err := template.New(cacheKey).Option("missingkey=zero").Parse(text)
		if err != nil {
			return "", false
		}
		cached, _ = templates.LoadOrStore(cacheKey, parsed)
	}
	var out bytes.Buffer
	if err := cached.(*template.Template).Execute(&out, params); err != nil {
		return "", false
	}
	return out.String(), true
}

// Message translates one of the fixed top-level API error messages, if it is known.
func Message(locale, english string) (string, bool) {
	c := Catalogs()[locale]
	if c == nil {
		return "", false
	}
	text, ok := c.Messages[english]
	return text, ok
}

// translateWords returns params with each word the catalog knows in its language; the
// caller's params (returned to the app as they are) are not changed.
func (c *Catalog) translateWords(params map[string]any) map[string]any {
	out := make(map[string]any, len(params))
	for k, v := range params {
		if word, ok := v.(string); ok {
			if translated, known := c.Words[word]; known {
				v = translated
			}
		}
		out[k] = v
	}
	return out
}
