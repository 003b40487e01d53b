package notify

import (
	"maps"
	"strings"
	"time"

	"github.com/duoforajob/duo/i18n"
)

// Quiet hours, in the person's time zone: nothing is delivered from 21:00 to 08:00.
const (
	QuietFrom = 21
	QuietTo   = 8
)

// quietUntil is when a push due at now may be delivered to someone in loc: now itself
// outside quiet hours, else the next 08:00 there (DST-correct: 08:00 on the wall clock).
func quietUntil(now time.Time, loc *time.Location) time.Time {
	local := now.In(loc)
	y, m, d := local.Date()
	switch h := local.Hour(); {
	case h >= QuietFrom:
		return time.Date(y, m, d+1, QuietTo, 0, 0, 0, loc)
	case h < QuietTo:
		return time.Date(y, m, d, QuietTo, 0, 0, 0, loc)
	}
	return now
}

// language picks the language of a push: the person's own, then their phone's, then their
// branch's, then English.
func language(candidates ...string) string {
	for _, l := range candidates {
		if i18n.Supported(l) {
			return l
		}
	}
	return i18n.Locales[0]
}

// FirstName is the part of a person's name a push may carry.
func FirstName(name string) string {
	if fields := strings.Fields(name); len(fields) > 0 {
		return fields[0]
	}
	return ""
}

// render writes a notification's title and body in a language, and its data part: the
// target screen and ids, the kind, and the outbox id (which lets the app ignore a repeat).
func render(id, kind string, p payload, locale, recipientName string) (title, body string, data map[string]string) {
	params := fill(p, locale, recipientName)
	title, _ = i18n.Text(locale, p.Text+".title", params)
	body, _ = i18n.Text(locale, p.Text+".body", params)
	data = maps.Clone(p.Target)
	if data == nil {
		data = map[string]string{}
	}
	data["kind"] = kind
	data["notification_id"] = id
	return title, body, data
}

// wordParams are the parameters whose value is a catalog word (a weekday, a kind of session),
// written in the recipient's language.
var wordParams = []string{"weekday", "session_kind"}

// fill makes a text's placeholders: the payload's parameters, the catalog words among them
// in the language, and the recipient's first name.
func fill(p payload, locale, recipientName string) map[string]any {
	params := make(map[string]any, len(p.Params)+1)
	for k, v := range p.Params {
		params[k] = v
	}
	for _, key := range wordParams {
		if word, ok := p.Params[key]; ok {
			params[key] = i18n.Word(locale, word)
		}
	}
	params["name"] = FirstName(recipientName)
	return params
}
