package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// bindMailLog writes mails to the app's log when no SMTP server is set up (Settings, Mail
// settings), as push notifications are logged without Firebase credentials: PocketBase would
// otherwise hand them to a sendmail program that a container or a laptop does not have, and
// `make run` on a fresh machine could not invite anyone. Only superusers read the log.
func bindMailLog(app core.App) {
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		if _, sendmail := e.Mailer.(*mailer.Sendmail); !sendmail {
			return e.Next()
		}
		to := make([]string, 0, len(e.Message.To))
		for _, a := range e.Message.To {
			to = append(to, a.Address)
		}
		e.App.Logger().Warn("mail not sent: no SMTP server is set up, so it is written here",
			"to", to, "subject", e.Message.Subject, "text", e.Message.Text)
		return nil
	})
}
