package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	cases := []struct {
		name      string
		env       map[string]string
		retention time.Duration
		bad       bool
	}{
		{"defaults", nil, 90 * 24 * time.Hour, false},
		{"a retention in days", map[string]string{"DUO_SYNC_RETENTION_DAYS": "30"}, 30 * 24 * time.Hour, false},
		{"not a number", map[string]string{"DUO_SYNC_RETENTION_DAYS": "a month"}, 0, true},
		{"zero days", map[string]string{"DUO_SYNC_RETENTION_DAYS": "0"}, 0, true},
		{"hours, for a test of pruning", map[string]string{"DUO_SYNC_RETENTION_DAYS": "36h"}, 36 * time.Hour, false},
		{"seconds, for an end-to-end test", map[string]string{"DUO_SYNC_RETENTION_DAYS": "3s"}, 3 * time.Second, false},
		{"less than a second", map[string]string{"DUO_SYNC_RETENTION_DAYS": "500ms"}, 0, true},
		{"a negative time", map[string]string{"DUO_SYNC_RETENTION_DAYS": "-2h"}, 0, true},
		{"more than ten years", map[string]string{"DUO_SYNC_RETENTION_DAYS": "3651"}, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := load(func(k string) (string, bool) { v, ok := c.env[k]; return v, ok })
			if (err != nil) != c.bad {
				t.Fatalf("error %v", err)
			}
			if !c.bad && cfg.SyncRetention != c.retention {
				t.Errorf("retention %v, want %v", cfg.SyncRetention, c.retention)
			}
		})
	}
}

func TestLoadRetentionMonths(t *testing.T) {
	cases := []struct {
		name            string
		env             map[string]string
		erase, comments int
		bad             bool
	}{
		{"defaults: 24 months, comments kept with the person", nil, 24, 0, false},
		{"a shorter retention", map[string]string{"DUO_ERASE_AFTER_MONTHS": "12"}, 12, 0, false},
		{"comments sooner", map[string]string{"DUO_COMMENTS_KEEP_MONTHS": "6"}, 24, 6, false},
		{"comments as long as the person", map[string]string{"DUO_COMMENTS_KEEP_MONTHS": "0"}, 24, 0, false},
		{"people kept for ever", map[string]string{"DUO_ERASE_AFTER_MONTHS": "0"}, 0, 0, true},
		{"more than ten years", map[string]string{"DUO_ERASE_AFTER_MONTHS": "121"}, 0, 0, true},
		{"words", map[string]string{"DUO_COMMENTS_KEEP_MONTHS": "six"}, 0, 0, true},
		{"negative", map[string]string{"DUO_COMMENTS_KEEP_MONTHS": "-1"}, 0, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := load(func(k string) (string, bool) { v, ok := c.env[k]; return v, ok })
			if (err != nil) != c.bad {
				t.Fatalf("error %v", err)
			}
			if !c.bad && (cfg.EraseAfterMonths != c.erase || cfg.CommentMonths != c.comments) {
				t.Errorf("erase after %d, comments %d; want %d, %d", cfg.EraseAfterMonths, cfg.CommentMonths, c.erase, c.comments)
			}
		})
	}
}

func TestLoadJoinKeepDays(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		days int
		bad  bool
	}{
		{"default: 90 days", nil, 90, false},
		{"a month", map[string]string{"DUO_JOIN_KEEP_DAYS": "30"}, 30, false},
		{"empty reads as the default", map[string]string{"DUO_JOIN_KEEP_DAYS": ""}, 90, false},
		{"zero days", map[string]string{"DUO_JOIN_KEEP_DAYS": "0"}, 0, true},
		{"more than ten years", map[string]string{"DUO_JOIN_KEEP_DAYS": "3651"}, 0, true},
		{"words", map[string]string{"DUO_JOIN_KEEP_DAYS": "three months"}, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := load(func(k string) (string, bool) { v, ok := c.env[k]; return v, ok })
			if (err != nil) != c.bad {
				t.Fatalf("error %v", err)
			}
			if !c.bad && cfg.JoinKeepDays != c.days {
				t.Errorf("%d days, want %d", cfg.JoinKeepDays, c.days)
			}
		})
	}
}

func TestLoadFirebase(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("sa.json", `{"type":"service_account","project_id":"duo-prod","client_email":"push@duo-prod.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\n..."}`)
	cases := []struct {
		name     string
		env      map[string]string
		creds    bool
		endpoint string
		bad      bool
	}{
		{"no credentials: push is logged", nil, false, "", false},
		{"a service-account key", map[string]string{"DUO_FCM_CREDENTIALS": good}, true, "", false},
		{"a missing file", map[string]string{"DUO_FCM_CREDENTIALS": filepath.Join(dir, "nope.json")}, false, "", true},
		{"not JSON", map[string]string{"DUO_FCM_CREDENTIALS": write("bad.json", "project_id=x")}, false, "", true},
		{"a key that is not a service account's", map[string]string{"DUO_FCM_CREDENTIALS": write("user.json",
			`{"type":"authorized_user","client_id":"x"}`)}, false, "", true},
		{"an endpoint", map[string]string{"DUO_FCM_ENDPOINT": "http://127.0.0.1:9099/v1"}, false, "http://127.0.0.1:9099/v1", false},
		{"an endpoint that is no URL", map[string]string{"DUO_FCM_ENDPOINT": "fcm.local"}, false, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := load(func(k string) (string, bool) { v, ok := c.env[k]; return v, ok })
			if (err != nil) != c.bad {
				t.Fatalf("error %v", err)
			}
			if c.bad {
				return
			}
			if (len(cfg.FCMCredentials) > 0) != c.creds || cfg.FCMEndpoint != c.endpoint {
				t.Errorf("credentials %t endpoint %q", len(cfg.FCMCredentials) > 0, cfg.FCMEndpoint)
			}
		})
	}
}

func TestLoadWebPush(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const full = `{"apiKey":"AIzaSyExample","authDomain":"duo-prod.firebaseapp.com","projectId":"duo-prod",` +
		`"messagingSenderId":"1234567890","appId":"1:1234567890:web:abc","vapidKey":"BExampleKey"}`
	cases := []struct {
		name string
		env  map[string]string
		on   bool
		bad  bool
	}{
		{"none: the app shows what is new from its data", nil, false, false},
		{"empty: none", map[string]string{"DUO_FCM_WEB_CONFIG": ""}, false, false},
		{"the Firebase web app's settings and the VAPID key", map[string]string{"DUO_FCM_WEB_CONFIG": write("web.json", full)}, true, false},
		{"a missing file", map[string]string{"DUO_FCM_WEB_CONFIG": filepath.Join(dir, "nope.json")}, false, true},
		{"not JSON", map[string]string{"DUO_FCM_WEB_CONFIG": write("bad.json", "apiKey=x")}, false, true},
		{"no VAPID key", map[string]string{"DUO_FCM_WEB_CONFIG": write("novapid.json",
			`{"apiKey":"a","projectId":"p","messagingSenderId":"1","appId":"x"}`)}, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := load(func(k string) (string, bool) { v, ok := c.env[k]; return v, ok })
			if (err != nil) != c.bad {
				t.Fatalf("error %v", err)
			}
			if (cfg.WebPush != nil) != c.on {
				t.Fatalf("web push %+v", cfg.WebPush)
			}
			if c.on && (cfg.WebPush.VapidKey != "BExampleKey" || cfg.WebPush.ProjectID != "duo-prod") {
				t.Errorf("read %+v", cfg.WebPush)
			}
		})
	}
}
