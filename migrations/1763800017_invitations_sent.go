package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Invitations sent per sender, so that one account (a coordinator's, or a token taken from
// one) cannot send mail after mail: the server's own table, not a collection (no API reads
// it), holding the sender's id and the moment only, for a day (intake.Invite).
func init() {
	m.Register(func(app core.App) error {
		if _, err := app.DB().NewQuery(`CREATE TABLE _invitations_sent (sender TEXT NOT NULL, sent_at TEXT NOT NULL)`).Execute(); err != nil {
			return err
		}
		_, err := app.DB().NewQuery(`CREATE INDEX idx_invitations_sent_sender ON _invitations_sent (sender, sent_at)`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS _invitations_sent`).Execute()
		return err
	})
}
