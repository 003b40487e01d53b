// Package config reads duo's settings once, from DUO_* environment variables, with defaults
// that let `duo serve` run out of the box.
package config

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"time"
)

// Prefix starts every environment variable duo reads.
const Prefix = "DUO_"

// Config is every setting of duo.
type Config struct {
	// SyncRetention is how long deletes are kept as tombstones for offline phones; a cursor
	// older than that gets a reset (DUO_SYNC_RETENTION_DAYS: days, default 90; a test may
	// give a Go duration such as 36h or 90s).
	SyncRetention time.Duration
	// FCMCredentials is the Firebase service-account JSON read from the file named by
	// DUO_FCM_CREDENTIALS; without it pushes are logged, not sent.
	FCMCredentials []byte
	// FCMEndpoint replaces https://fcm.googleapis.com/v1 when set (DUO_FCM_ENDPOINT).
	FCMEndpoint string
	// EraseAfterMonths is how long a person is kept after their last duo and its follow-ups
	// ended (or after their intake, if they never had a duo), before the daily retention job
	// erases them (DUO_ERASE_AFTER_MONTHS: 1 to 120, default 24).
	EraseAfterMonths int
	// WebPush is the Firebase web app's configuration, read from the JSON file named by
	// DUO_FCM_WEB_CONFIG: with it the app at /app/ offers notifications on a phone's browser;
	// nil without it (the app then shows what is new from its synced data alone).
	WebPush *WebPush
	// CommentMonths is how long an evaluation's free-text comments are kept after it was
	// answered (DUO_COMMENTS_KEEP_MONTHS: 1 to 120; 0, the default, keeps them as long as
	// the person).
	CommentMonths int
	// JoinKeepDays is how many days after its information session a confirmed registration
	// of the public sign-up that no coordinator turned into a person is kept, before the
	// hourly job erases it (DUO_JOIN_KEEP_DAYS: 1 to 3650, default 90).
	JoinKeepDays int
}

// Load reads the settings from the environment; a malformed value is an error, not a default.
func Load() (Config, error) {
	return load(os.LookupEnv)
}

func load(lookup func(string) (string, bool)) (Config, error) {
	cfg := Config{SyncRetention: 90 * 24 * time.Hour, EraseAfterMonths: 24, JoinKeepDays: 90}
	if v, ok := lookup(Prefix + "SYNC_RETENTION_DAYS"); ok {
		retention, err := retention(v)
		if err != nil {
			return cfg, fmt.Errorf("%sSYNC_RETENTION_DAYS must be a number of days between 1 and 3650, "+
				"or a shorter time for a test such as 36h or 90s, got %q", Prefix, v)
		}
		cfg.SyncRetention = retention
	}
	if path, ok := lookup(Prefix + "FCM_CREDENTIALS"); ok && path != "" {
		creds, err := readServiceAccount(path)
		if err != nil {
			return cfg, fmt.Errorf("%sFCM_CREDENTIALS: %w", Prefix, err)
		}
		cfg.FCMCredentials = creds
	}
	if v, ok := lookup(Prefix + "FCM_ENDPOINT"); ok && v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return cfg, fmt.Errorf("%sFCM_ENDPOINT must be an http(s) URL such as https://fcm.googleapis.com/v1, got %q", Prefix, v)
		}
		cfg.FCMEndpoint = v
	}
	if path, ok := lookup(Prefix + "FCM_WEB_CONFIG"); ok && path != "" {
		web, err := readWebPush(path)
		if err != nil {
			return cfg, fmt.Errorf("%sFCM_WEB_CONFIG: %w", Prefix, err)
		}
		cfg.WebPush = web
	}
	var err error
	if cfg.EraseAfterMonths, err = months(lookup, "ERASE_AFTER_MONTHS", 1, cfg.EraseAfterMonths); err != nil {
		return cfg, err
	}
	if cfg.CommentMonths, err = months(lookup, "COMMENTS_KEEP_MONTHS", 0, cfg.CommentMonths); err != nil {
		return cfg, err
	}
	if v, ok := lookup(Prefix + "JOIN_KEEP_DAYS"); ok && v != "" {
		days, err := strconv.Atoi(v)
		if err != nil || days < 1 || days > 3650 {
			return cfg, fmt.Errorf("%sJOIN_KEEP_DAYS must be a number of days from 1 to 3650, got %q", Prefix, v)
		}
		cfg.JoinKeepDays = days
	}
	return cfg, nil
}

// months reads a number of months from least to 120, or answers dflt when it is not set.
func months(lookup func(string) (string, bool), name string, least, dflt int) (int, error) {
	v, ok := lookup(Prefix + name)
	if !ok || v == "" {
		return dflt, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < least || n > 120 {
		return 0, fmt.Errorf("%s%s must be a number of months from %d to 120, got %q", Prefix, name, least, v)
	}
	return n, nil
}

// retention reads whole days (90), or a Go duration (36h, 90s) for a test of the pruning
// path that cannot wait a day.
func retention(v string) (time.Duration, error) {
	if days, err := strconv.Atoi(v); err == nil {
		if days < 1 || days > 3650 {
			return 0, fmt.Errorf("out of range")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second || d > 3650*24*time.Hour {
		return 0, fmt.Errorf("not a retention")
	}
	return d, nil
}

// readServiceAccount reads a Firebase service-account JSON and checks it can sign in.
func readServiceAccount(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var account struct {
		Type        string `json:"type"`
		ProjectID   string `json:"project_id"`
		ClientEmail string `json:"client_email"`
		PrivateKey  string `json:"private_key"`
	}
	if err := json.Unmarshal(raw, &account); err != nil {
		return nil, fmt.Errorf("%s is not JSON: %w", path, err)
	}
	if account.Type != "service_account" || account.ProjectID == "" || account.ClientEmail == "" || account.PrivateKey == "" {
		return nil, fmt.Errorf("%s is not a service-account key (type service_account, project_id, client_email, private_key)", path)
	}
	return raw, nil
}

// WebPush is what a browser needs to get a Firebase Cloud Messaging token: the web app's
// settings from the Firebase console (Project settings, Your apps, the web app's config) and
// the key pair of Cloud Messaging's "Web Push certificates". None of it is secret: every
// browser that opens the app reads it.
type WebPush struct {
	APIKey            string `json:"apiKey"`
	AuthDomain        string `json:"authDomain,omitempty"`
	ProjectID         string `json:"projectId"`
	MessagingSenderID string `json:"messagingSenderId"`
	AppID             string `json:"appId"`
	VapidKey          string `json:"vapidKey"`
}

// readWebPush reads the Firebase web configuration and checks it names every value getToken needs.
func readWebPush(path string) (*WebPush, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var web WebPush
	if err := json.Unmarshal(raw, &web); err != nil {
		return nil, fmt.Errorf("%s is not JSON: %w", path, err)
	}
	for name, v := range map[string]string{"apiKey": web.APIKey, "projectId": web.ProjectID,
		"messagingSenderId": web.MessagingSenderID, "appId": web.AppID, "vapidKey": web.VapidKey} {
		if v == "" {
			return nil, fmt.Errorf("%s has no %s (it needs apiKey, projectId, messagingSenderId, appId and vapidKey)", path, name)
		}
	}
	return &web, nil
}
