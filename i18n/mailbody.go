package i18n

import (
	"fmt"
	"html"
	"strings"
)

// ActionParagraph stands, in MailBody's list of paragraphs, where the mail's link goes.
const ActionParagraph = "action"

// MailBody writes a mail, paragraph by paragraph from the "mails" texts of keys, as plain text
// and as HTML (each text escaped); at ActionParagraph, the link under the text of action.
func MailBody(locale string, keys []string, action, link string, params map[string]any) (text, htmlBody string) {
	var plain, rich strings.Builder
	for _, key := range keys {
		if key == ActionParagraph {
			label, _ := Mail(locale, action, params)
			fmt.Fprintf(&plain, "%s:\n%s\n\n", label, link)
			fmt.Fprintf(&rich, "<p><a href=\"%s\">%s</a></p>\n", html.EscapeString(link), html.EscapeString(label))
			continue
		}
		line, _ := Mail(locale, key, params)
		plain.WriteString(line + "\n\n")
		rich.WriteString("<p>" + html.EscapeString(line) + "</p>\n")
	}
	return strings.TrimSpace(plain.String()) + "\n", rich.String()
}
