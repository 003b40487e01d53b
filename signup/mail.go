package signup

import (
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/i18n"
)

// MailsPerDay is how many confirmation mails one address receives in 24 hours, whatever
// asks for them: a person who lost the first mail asks again, nobody fills someone's inbox
// through the form.
const MailsPerDay = 3

// mailsTable holds when a confirmation mail left for an address (its SHA-256, not the
// address itself), for a day (migrations).
const mailsTable = "_join_mails"

// claimMail counts a mail against the address's day, or answers false when it has had its
// mails. What is older than a day is forgotten on the way.
func claimMail(tx core.App, email string, now time.Time) (bool, error) {
	stamp := func(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }
	if _, err := tx.DB().Delete(mailsTable, dbx.NewExp("sent_at <= {:from}", dbx.Params{"from": stamp(now.Add(-24 * time.Hour))})).Execute(); err != nil {
		return false, err
	}
	var sent int
	if err := tx.DB().Select("COUNT(*)").From(mailsTable).Where(dbx.HashExp{"address": hash(email)}).Row(&sent); err != nil {
		return false, err
	}
	if sent >= MailsPerDay {
		return false, nil
	}
	_, err := tx.DB().Insert(mailsTable, dbx.Params{"address": hash(email), "sent_at": stamp(now)}).Execute()
	return err == nil, err
}

// confirmation is a confirmation mail to write and send.
type confirmation struct {
	record  *core.Record
	session sessionRow
	token   string
}

// outbox sends the confirmation mails after the answer has left, so that the answer takes
// the same time whether a mail is sent or not; shutdown (and a test) waits for them.
type outbox struct{ pending sync.WaitGroup }

func outboxOf(app core.App) *outbox {
	return app.Store().GetOrSet("duo.signup.outbox", func() any {
		o := &outbox{}
		app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
			o.pending.Wait()
			return e.Next()
		})
		return o
	}).(*outbox)
}

func (o *outbox) send(app core.App, letter *confirmation) {
	o.pending.Add(1)
	go func() {
		defer o.pending.Done()
		if err := app.NewMailClient().Send(letter.message(app)); err != nil {
			app.Logger().Error("signup: the confirmation mail could not be sent", "registration", letter.record.Id, "error", err)
		}
	}()
}

// Flush waits for the confirmation mails still leaving (tests read the mailer afterwards).
func Flush(app core.App) { outboxOf(app).pending.Wait() }

// message writes the confirmation mail in the registrant's language, as text and HTML.
func (c *confirmation) message(app core.App) *mailer.Message {
	r := c.record
	locale := r.GetString("language")
	base := strings.TrimRight(app.Settings().Meta.AppURL, "/")
	link := base + Page + "?lang=" + locale + "#token=" + c.token
	params := map[string]any{
		"name": r.GetString("first_name"), "branch": c.session.BranchName, "role": i18n.Word(locale, r.GetString("role")),
		"when":  When(locale, c.session.StartsAt.Time(), c.session.EndsAt.Time(), c.session.Timezone),
		"place": c.session.Place, "hours": int(ConfirmWithin.Hours()),
	}
	where := "join.place"
	if c.session.Place == "" {
		where = "join.online"
	}
	subject, _ := i18n.Mail(locale, "join.subject", params)
	m := &mailer.Message{
		From:    mail.Address{Name: app.Settings().Meta.SenderName, Address: app.Settings().Meta.SenderAddress},
		To:      []mail.Address{{Name: r.GetString("first_name") + " " + r.GetString("last_name"), Address: r.GetString("email")}},
		Subject: subject,
	}
	m.Text, m.HTML = i18n.MailBody(locale, []string{"join.greeting", "join.intro", "join.when", where, i18n.ActionParagraph,
		"join.validity", "join.cancel", "join.ignore"}, "join.action", link, params)
	return m
}
