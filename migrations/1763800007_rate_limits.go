package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// rateLimits are PocketBase's own rate limits, on from the start (PocketBase leaves them off),
// per client address: password guessing meets a 429 within a minute, while a branch office
// whose staff sign in behind one address at nine o'clock does not. Documented in README.md;
// a superuser may tune them in the dashboard (Settings, Rate limits).
var rateLimits = []core.RateLimitRule{
	// Every way of signing in (password, one-time code, OAuth2), per collection and route.
	{Label: "*:auth", MaxRequests: 20, Duration: 60},
	// Mails sent on a stranger's request, and the codes and links they carry.
	{Label: "*:requestPasswordReset", MaxRequests: 10, Duration: 600},
	{Label: "*:confirmPasswordReset", MaxRequests: 20, Duration: 600},
	{Label: "*:requestOTP", MaxRequests: 10, Duration: 600},
	{Label: "*:requestVerification", MaxRequests: 10, Duration: 600},
	{Label: "*:requestEmailChange", MaxRequests: 10, Duration: 600},
	// Sync: a phone catching up pulls page after page and pushes in slices of 100.
	{Label: "/api/sync/", MaxRequests: 120, Duration: 10},
}

func init() {
	m.Register(func(app core.App) error {
		settings := app.Settings()
		settings.RateLimits.Enabled = true
		settings.RateLimits.Rules = rateLimits
		return app.Save(settings)
	}, func(app core.App) error {
		settings := app.Settings()
		settings.RateLimits.Enabled = false
		return app.Save(settings)
	})
}
