package retention_test

import (
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

func TestMain(m *testing.M) { Run(m) }

// The logs keep IP addresses 7 days at most: a longer (or endless) retention is refused,
// naming the field, in the dashboard and the API alike; without IPs, any retention will do.
func TestLogRetentionKeepsIPsAFewDays(t *testing.T) {
	url := "/api/settings"
	RunAll(t, []Call{
		{Name: "90 days with IPs is refused", Caller: Superuser, Method: "PATCH", URL: url, Body: `{"logs":{"maxDays":90}}`,
			Status: 400, Want: []string{`"maxDays":{"code":"duo_log_days"`}},
		{Name: "forever with IPs is refused", Caller: Superuser, Method: "PATCH", URL: url, Body: `{"logs":{"maxDays":0}}`,
			Status: 400, Want: []string{`"duo_log_days"`}},
		{Name: "7 days with IPs will do", Caller: Superuser, Method: "PATCH", URL: url, Body: `{"logs":{"maxDays":7}}`,
			Status: 200, Want: []string{`"maxDays":7`}},
		{Name: "90 days without IPs will do", Caller: Superuser, Method: "PATCH", URL: url,
			Body: `{"logs":{"maxDays":90,"logIP":false}}`, Status: 200, Want: []string{`"logIP":false`}},
		{Name: "nobody else touches the settings", Caller: Coord, Method: "PATCH", URL: url, Body: `{"logs":{"maxDays":7}}`,
			Status: 403},
	})
}
