package notify

import (
	"context"
	"errors"
	"html"
	"net/mail"
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/duoforajob/duo/i18n"
)

// Channels of a notification (Notification.Channel). The choice between push and mail is
// made when it leaves, not when it is planned: someone who removed their phone meanwhile
// gets the mail, someone who installed the app gets the push.
const (
	ChannelPush         = ""
	ChannelPushElseMail = "push_else_mail"
	ChannelMail         = "mail"
)

// How a sent notification left, as the outbox's channel column records it.
const (
	sentByPush = "push"
	sentByMail = "mail"
)

// mailParagraphs bounds the numbered paragraphs (text.1, text.2, ...) a mail may have.
const mailParagraphs = 12

var errNoEmail = errors.New("the person has no e-mail address")

// byMail tells whether a claimed notification leaves as a mail: always for ChannelMail, and
// for ChannelPushElseMail when the person has no phone registered at this moment.
func (c *claim) byMail() bool {
	switch c.payload.Channel {
	case ChannelMail:
		return true
	case ChannelPushElseMail:
		return len(c.devices) == 0
	}
	return false
}

// sendMail writes one claimed notification as a mail through PocketBase's mailer (SMTP, or
// the log when none is set up). An SMTP failure is retried like a push FCM could not take.
func (d *Dispatcher) sendMail(ctx context.Context, c *claim) Result {
	if ctx.Err() != nil {
		return Result{Class: NotSent, Err: ctx.Err()}
	}
	if c.email == "" {
		return Result{Class: Permanent, Err: errNoEmail}
	}
	base := strings.TrimRight(d.app.Settings().Meta.AppURL, "/")
	subject, text, htmlBody, ok := renderMail(c.payload, language(c.locale, c.branchLocale), c.name, base)
	if !ok {
		return Result{Class: Permanent, Err: errors.New("no mail text for " + c.payload.Text)}
	}
	message := &mailer.Message{
		From:    mail.Address{Name: d.app.Settings().Meta.SenderName, Address: d.app.Settings().Meta.SenderAddress},
		To:      []mail.Address{{Name: c.name, Address: c.email}},
		Subject: subject, Text: text, HTML: htmlBody,
		Headers: map[string]string{"X-Duo-Notification": c.id},
	}
	if err := d.app.NewMailClient().Send(message); err != nil {
		return Result{Class: Retry, Err: err}
	}
	return Result{Class: Delivered}
}

// renderMail writes a notification as a mail in a language: the subject (text.subject) and
// the numbered paragraphs text.1, text.2, ... (one that renders empty is left out, so a
// paragraph can be conditional), as plain text and as HTML. A parameter named x_path is a
// path on this server and becomes the absolute address x; addresses are links in the HTML.
func renderMail(p payload, locale, recipientName, base string) (subject, text, htmlBody string, ok bool) {
	params := fill(p, locale, recipientName)
	var links []string
	for key, value := range p.Params {
		if name, isPath := strings.CutSuffix(key, "_path"); isPath && value != "" {
			params[name] = base + value
			links = append(links, base+value)
		}
	}
	if link := p.Params["link"]; strings.HasPrefix(link, "https://") || strings.HasPrefix(link, "http://") {
		links = append(links, link)
	}
	sort.Slice(links, func(i, j int) bool { return len(links[i]) > len(links[j]) }) // longest first: no link inside another
	subject, ok = i18n.Mail(locale, p.Text+".subject", params)
	if !ok {
		return "", "", "", false
	}
	var plain, rich strings.Builder
	for n := 1; n <= mailParagraphs; n++ {
		line, found := i18n.Mail(locale, p.Text+"."+strconv.Itoa(n), params)
		if !found {
			break
		}
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		plain.WriteString(line + "\n\n")
		rich.WriteString("<p>" + linkify(html.EscapeString(line), links) + "</p>\n")
	}
	return subject, strings.TrimSpace(plain.String()) + "\n", rich.String(), true
}

// linkify turns each known address in an escaped line into a link, once per address.
func linkify(escaped string, links []string) string {
	for i, link := range links {
		e := html.EscapeString(link)
		escaped = strings.ReplaceAll(escaped, e, "\x00"+strconv.Itoa(i)+"\x00")
	}
	for i, link := range links {
		e := html.EscapeString(link)
		escaped = strings.ReplaceAll(escaped, "\x00"+strconv.Itoa(i)+"\x00", `<a href="`+e+`">`+e+`</a>`)
	}
	return escaped
}
