// Package intake takes people into the programme: accounts made by staff, the e-mail that
// lets a new person choose their password, and the branch's roster of mentors and mentees.
package intake

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/i18n"
	"github.com/duoforajob/duo/lifecycle"
)

// InviteValidity is how long an invitation's link works: a mentor who reads their mail on
// Sunday still finds it working. PocketBase's own reset links last 30 minutes.
const InviteValidity = 7 * 24 * time.Hour

// ResendAfter is how soon the same person may be sent another invitation: a double click,
// or two coordinators at once, send one mail.
const ResendAfter = time.Minute

// AppPage is the mentors' and mentees' app, which the invitation names (shell.Root).
const AppPage = "/app/"

// PasswordPage is where an invitation's link leads, in the person's language; the token
// travels in the fragment, which browsers never send to a server, so it stays out of every
// request log.
const PasswordPage = "/console/password.html"

// How many invitations one sender (a coordinator, an administrator) sends in an hour and
// in a day: an intake session's newcomers fit, a stolen or runaway session does not turn the
// programme's mail server into a spammer's. Each person also waits ResendAfter between two.
const (
	SenderPerHour = 30
	SenderPerDay  = 100
)

// Why an invitation was not sent.
var (
	ErrRecent   = errors.New("intake: an invitation was sent less than a minute ago")
	ErrNoEmail  = errors.New("intake: the person has no e-mail address")
	ErrMailSend = errors.New("intake: the mail could not be sent")
)

// SenderLimitError: the sender sent Max invitations within Window; the next may leave at Next.
type SenderLimitError struct {
	Max    int
	Window time.Duration
	Next   time.Time
}

func (e *SenderLimitError) Error() string {
	return fmt.Sprintf("intake: %d invitations sent within %v; the next at %v", e.Max, e.Window, e.Next)
}

// Invitation is what the console learns of one that left.
type Invitation struct {
	Person    string         `json:"person"`
	Email     string         `json:"email"`
	SentAt    types.DateTime `json:"sentAt"`
	ExpiresAt types.DateTime `json:"expiresAt"`
}

// Invite sends a person the link to choose their password on behalf of sender (the id of the
// account asking), and records when. The moment is claimed in a transaction first, for the
// person and against the sender's limits, so that of two simultaneous requests one sends; if
// the mail fails, both claims are given back and the person shows as not invited.
func Invite(app core.App, sender, personID string, now time.Time) (Invitation, error) {
	sent := now.UTC().Truncate(time.Millisecond)
	var person *core.Record
	var before types.DateTime
	err := app.RunInTransaction(func(tx core.App) error {
		p, err := tx.FindRecordById("users", personID)
		if err != nil {
			return err
		}
		if p.Email() == "" {
			return ErrNoEmail
		}
		before = p.GetDateTime("invited_at")
		if !before.IsZero() && sent.Sub(before.Time()) < ResendAfter && sent.Sub(before.Time()) > -ResendAfter {
			return ErrRecent
		}
		if err := claimSending(tx, sender, sent); err != nil {
			return err
		}
		p.Set("invited_at", sent)
		person = p
		return tx.Save(p)
	})
	if err != nil {
		return Invitation{}, err
	}
	if err := send(app, person, sent); err != nil {
		giveBack(app, personID, sent, before)
		_, _ = app.DB().Delete(sentTable, dbx.HashExp{"sender": sender, "sent_at": stamp(sent)}).Execute()
		return Invitation{}, fmt.Errorf("%w: %v", ErrMailSend, err)
	}
	return Invitation{Person: person.Id, Email: person.Email(), SentAt: dateTime(sent),
		ExpiresAt: dateTime(sent.Add(InviteValidity))}, nil
}

// sentTable holds who sent an invitation when, for a day (migrations).
const sentTable = "_invitations_sent"

func stamp(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// claimSending counts the invitation against its sender's hour and day, or says when the
// next may leave. What is older than a day is forgotten on the way.
func claimSending(tx core.App, sender string, at time.Time) error {
	day := 24 * time.Hour
	if _, err := tx.DB().Delete(sentTable, dbx.NewExp("sent_at <= {:from}", dbx.Params{"from": stamp(at.Add(-day))})).Execute(); err != nil {
		return err
	}
	for _, limit := range []struct {
		max    int
		window time.Duration
	}{{SenderPerHour, time.Hour}, {SenderPerDay, day}} {
		var times []string
		if err := tx.DB().Select("sent_at").From(sentTable).Where(dbx.HashExp{"sender": sender}).
			AndWhere(dbx.NewExp("sent_at > {:from}", dbx.Params{"from": stamp(at.Add(-limit.window))})).
			OrderBy("sent_at").Column(&times); err != nil {
			return err
		}
		if len(times) >= limit.max {
			oldest, _ := types.ParseDateTime(times[len(times)-limit.max]) // the one that must leave the window
			return &SenderLimitError{Max: limit.max, Window: limit.window, Next: oldest.Time().Add(limit.window)}
		}
	}
	_, err := tx.DB().Insert(sentTable, dbx.Params{"sender": sender, "sent_at": stamp(at)}).Execute()
	return err
}

func dateTime(t time.Time) types.DateTime {
	d, _ := types.ParseDateTime(t)
	return d
}

// giveBack restores the invitation time a failed mail had claimed, unless another one has
// been sent since.
func giveBack(app core.App, personID string, claimed time.Time, before types.DateTime) {
	_ = app.RunInTransaction(func(tx core.App) error {
		p, err := tx.FindRecordById("users", personID)
		if err != nil || !p.GetDateTime("invited_at").Time().Equal(claimed) {
			return err
		}
		p.Set("invited_at", before)
		return tx.Save(p)
	})
}

// token is a password-reset token, as PocketBase's confirm-password-reset route reads it,
// valid for InviteValidity. It is signed with the person's token key, which changes with their
// password: once used, the link works no more.
func token(person *core.Record) (string, error) {
	claims := jwt.MapClaims{
		core.TokenClaimType:         core.TokenTypePasswordReset,
		core.TokenClaimId:           person.Id,
		core.TokenClaimCollectionId: person.Collection().Id,
		core.TokenClaimEmail:        person.Email(),
	}
	key := person.TokenKey() + person.Collection().PasswordResetToken.Secret
	return security.NewJWT(claims, key, InviteValidity)
}

func send(app core.App, person *core.Record, sent time.Time) error {
	tok, err := token(person)
	if err != nil {
		return err
	}
	branch, err := app.FindRecordById("branches", person.GetString("branch"))
	if err != nil {
		return err
	}
	locale := person.GetString("locale")
	if !i18n.Supported(locale) {
		locale = branch.GetString("locale")
	}
	base := strings.TrimRight(app.Settings().Meta.AppURL, "/")
	link := base + PasswordPage + "?lang=" + locale + "#token=" + tok
	until := sent.Add(InviteValidity).In(lifecycle.BranchLocation(app, branch.Id))
	params := map[string]any{
		"name": person.GetString("name"), "branch": branch.GetString("name"),
		"role": i18n.Word(locale, person.GetString("role")), "email": person.Email(),
		"until": until.Format("02/01/2006 15:04"), "app": base + AppPage,
	}
	subject, _ := i18n.Mail(locale, "invite.subject", params)
	message := &mailer.Message{
		From:    mail.Address{Name: app.Settings().Meta.SenderName, Address: app.Settings().Meta.SenderAddress},
		To:      []mail.Address{{Name: person.GetString("name"), Address: person.Email()}},
		Subject: subject,
	}
	message.Text, message.HTML = body(locale, params, link)
	return app.NewMailClient().Send(message)
}

// body writes the invitation as plain text and as HTML, paragraph by paragraph.
func body(locale string, params map[string]any, link string) (text, htmlBody string) {
	return i18n.MailBody(locale, []string{"invite.greeting", "invite.intro", i18n.ActionParagraph, "invite.validity",
		"invite.then", "invite.ignore"}, "invite.action", link, params)
}
