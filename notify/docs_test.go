package notify_test

import (
	"os"
	"strings"
	"testing"

	"github.com/duoforajob/duo/i18n"
)

// mobile-api.md shows the app's developers every push text in every language, as sent.
func TestEveryTextIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../mobile-api.md")
	if err != nil {
		t.Fatal(err)
	}
	for locale, catalog := range i18n.Catalogs() {
		if len(catalog.Notifications) == 0 {
			t.Fatalf("%s has no notification texts", locale)
		}
		for key, text := range catalog.Notifications {
			if !strings.Contains(string(doc), text) {
				t.Errorf("mobile-api.md lacks the %s text %s: %q", locale, key, text)
			}
		}
	}
}
