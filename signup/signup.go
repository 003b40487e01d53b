// Package signup is the public sign-up (/join/): registering for an information session without an account, confirming by mail, and a coordinator turning a registrant into a person.
package signup

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// The sign-up's routes: the first four are public (no account), the last a coordinator's.
const (
	SessionsRoute = "/api/join/sessions"
	JoinRoute     = "/api/join"
	ConfirmRoute  = "/api/join/confirm"
	CancelRoute   = "/api/join/cancel"
	ConvertRoute  = "/api/registrations/{id}/convert"
)

// Page is the sign-up's page, where a confirmation link leads (the token in the fragment,
// which browsers never send to a server, so it stays out of every request log).
const Page = "/join/"

// collection holds the registrations.
const collection = "registrations"

// ConfirmWithin is how long a confirmation link works after its mail left; an unconfirmed
// registration is erased once it is over (retention.go).
const ConfirmWithin = 48 * time.Hour

// DefaultKeepDays is how long a confirmed registration nobody turned into a person is kept
// after its session (DUO_JOIN_KEEP_DAYS).
const DefaultKeepDays = 90

// Error codes; their texts in every language are in i18n/locales.
const (
	CodeSession     = "duo_join_session"
	CodeName        = "duo_join_name"
	CodeEmail       = "duo_join_email"
	CodePhone       = "duo_join_phone"
	CodeRole        = "duo_join_role"
	CodeLanguage    = "duo_join_language"
	CodeConsent     = "duo_join_consent"
	CodeExpired     = "duo_join_expired"
	CodeFull        = "duo_join_full"
	CodeCancelled   = "duo_join_cancelled"
	CodePast        = "duo_join_past"
	CodeConverted   = "duo_join_converted"
	CodeUnconfirmed = "duo_join_unconfirmed"
	CodeAccount     = "duo_join_account"
)

// Options are the sign-up's settings.
type Options struct {
	// KeepDays is how many days after its session a confirmed, unconverted registration is
	// kept; DefaultKeepDays when 0.
	KeepDays int
}

// Bind registers the sign-up's routes and the erasure of the registrations kept long enough
// (impact draws their cell keys, as for people and duos); now is the server's clock.
func Bind(app core.App, opts Options, now func() time.Time) {
	if opts.KeepDays == 0 {
		opts.KeepDays = DefaultKeepDays
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(SessionsRoute, func(e *core.RequestEvent) error { return listSessions(e, opts.KeepDays, now()) })
		se.Router.POST(JoinRoute, func(e *core.RequestEvent) error { return register(e, now()) })
		se.Router.POST(ConfirmRoute, func(e *core.RequestEvent) error { return confirm(e, now()) })
		se.Router.POST(CancelRoute, func(e *core.RequestEvent) error { return cancel(e, now()) })
		se.Router.POST(ConvertRoute, func(e *core.RequestEvent) error { return convert(e, now()) }).Bind(apis.RequireAuth())
		return se.Next()
	})
	bindRetention(app, opts.KeepDays, now)
	outboxOf(app) // shutdown waits for the mails still leaving
}

// newToken is a confirmation link's token and the hash the registration keeps of it.
func newToken() (token, hashed string) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		panic(err) // crypto/rand does not fail on the systems duo runs on
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	return token, hash(token)
}

func hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
