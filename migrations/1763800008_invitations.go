package migrations

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Invitations: staff make the accounts of mentors and mentees, who choose their password
// through a link sent by e-mail (POST /api/console/people/{id}/invite). invited_at is when
// the last one left, set by the server only; the console shows it. A reset asked for from the
// app now lands on duo's own page for it, in the person's language, not on the dashboard's.
func init() {
	const dashboardPage = "/_/#/auth/confirm-password-reset/"
	const duoPage = "/console/password.html#token="
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.Add(&core.DateField{Name: "invited_at",
			Help: "When the last invitation to set a password was sent (set by the server)"})
		users.ResetPasswordTemplate.Body = strings.ReplaceAll(users.ResetPasswordTemplate.Body, dashboardPage, duoPage)
		return app.Save(users)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.RemoveByName("invited_at")
		users.ResetPasswordTemplate.Body = strings.ReplaceAll(users.ResetPasswordTemplate.Body, duoPage, dashboardPage)
		return app.Save(users)
	})
}
