package config

import (
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
