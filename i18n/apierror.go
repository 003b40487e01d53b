package i18n

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// LocaleFor picks the language of a response: the signed-in person's own setting, then the
// first supported language of the Accept-Language header, then English.
func LocaleFor(auth *core.Record, acceptLanguage string) string {
	if auth != nil && auth.Collection().Name == "users" {
		if l := auth.GetString("locale"); Supported(l) {
			return l
		}
	}
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		lang := strings.ToLower(strings.SplitN(tag, "-", 2)[0])
		if Supported(lang) {
			return lang
		}
	}
	return Locales[0]
}

// Localize rewrites an API error's messages in place into the given language. Codes and
// params are left untouched so that an app may still map them itself.
func Localize(apiErr *router.ApiError, locale string) {
	if apiErr == nil {
		return
	}
	if text, ok := Message(locale, apiErr.Message); ok {
		apiErr.Message = text
	}
	localizeData(apiErr.Data, locale)
}

func localizeData(data map[string]any, locale string) {
	for _, v := range data {
		item, ok := v.(map[string]any)
		if !ok {
			continue
		}
		code, isLeaf := item["code"].(string)
		if !isLeaf {
			localizeData(item, locale) // nested errors, e.g. per list item
			continue
		}
		params, _ := item["params"].(map[string]any)
		if text, ok := Code(locale, code, params); ok {
			item["message"] = text
		}
	}
}
