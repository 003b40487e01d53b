// Package retention holds personal data no longer than its purpose needs: people are erased
// a set time after their last duo, evaluation comments sooner if configured, and PocketBase's
// request logs keep the IP addresses they record for a few days only.
package retention

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// LogDays is the most days PocketBase's request logs are kept while they record the IP
// address of each request (a request's IP is personal data; a few days serve to trace an
// attack). Longer logs are allowed once they record no IP.
const LogDays = 7

// CodeLogDays is the error of a setting that would keep IP addresses longer.
const CodeLogDays = "duo_log_days"

// guardLogs refuses, in the dashboard or through the API, settings that would keep the logs'
// IP addresses beyond LogDays (0 would keep them forever).
func guardLogs(app core.App) {
	app.OnSettingsUpdateRequest().BindFunc(func(e *core.SettingsUpdateRequestEvent) error {
		if err := CheckLogs(e.NewSettings); err != nil {
			return e.BadRequestError("Invalid request.", validation.Errors{"logs": validation.Errors{"maxDays": err}})
		}
		return e.Next()
	})
}

// CheckLogs says whether the settings keep the logs' IP addresses too long.
func CheckLogs(s *core.Settings) error {
	if s.Logs.LogIP && (s.Logs.MaxDays == 0 || s.Logs.MaxDays > LogDays) {
		return validation.NewError(CodeLogDays, "While the logs record IP addresses, keep them {{.days}} days at most.").
			SetParams(map[string]any{"days": LogDays})
	}
	return nil
}
