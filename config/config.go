// Package config reads duo's settings once, from DUO_* environment variables, with defaults
// that let `duo serve` run out of the box.
package config

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// Prefix starts every environment variable duo reads.
const Prefix = "DUO_"

// Config is every setting of duo.
type Config struct {
	// SyncRetention is how long deletes are kept as tombstones for offline phones; a cursor
	// older than that gets a reset (DUO_SYNC_RETENTION_DAYS, default 90).
	SyncRetention time.Duration
}

// Load reads the settings from the environment; a malformed value is an error, not a default.
func Load() (Config, error) {
	return load(os.LookupEnv)
}

func load(lookup func(string) (string, bool)) (Config, error) {
	cfg := Config{SyncRetention: 90 * 24 * time.Hour}
	if v, ok := lookup(Prefix + "SYNC_RETENTION_DAYS"); ok {
		days, err := strconv.Atoi(v)
		if err != nil || days < 1 || days > 3650 {
			return cfg, fmt.Errorf("%sSYNC_RETENTION_DAYS must be a number of days between 1 and 3650, got %q", Prefix, v)
		}
		cfg.SyncRetention = time.Duration(days) * 24 * time.Hour
	}
	return cfg, nil
}
