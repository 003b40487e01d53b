package testkit

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// NowEnv sets the tests' "now": `DUO_TEST_NOW="2028-02-29 23:30" go test ./...` runs the whole
// suite as if it were that moment in Brussels (RFC 3339 is read too). Unset, it is the wall
// clock. A date-dependent failure is then repeated by setting the date the failing run printed.
const NowEnv = "DUO_TEST_NOW"

var (
	clockOnce sync.Once
	realStart time.Time
	origin    time.Time
)

// startClock reads the setting at the first look at the clock, while the test runs: go test
// then knows the setting was read and caches a run per value.
func startClock() {
	realStart = time.Now()
	origin = clockOrigin()
}

func clockOrigin() time.Time {
	raw := os.Getenv(NowEnv)
	if raw == "" {
		return realStart
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", raw, brussels())
	if err != nil {
		panic(fmt.Sprintf("testkit: %s=%q is neither RFC 3339 nor \"2006-01-02 15:04\"", NowEnv, raw))
	}
	return t
}

// Now is the one clock of every test that depends on today's date: the seeded database, the
// rules of every test app, Today and Day read it. It starts at DUO_TEST_NOW (or the wall
// clock) and runs at the wall clock's pace, so that saves still follow each other in time.
func Now() time.Time {
	clockOnce.Do(startClock)
	return origin.Add(time.Since(realStart))
}

// Clock is a settable clock for tests that move time by hand (planners, the dispatcher).
type Clock struct{ T time.Time }

// Now is the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Brussels is a wall-clock time, "2006-01-02 15:04", in Brussels.
func Brussels(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, brussels())
	if err != nil {
		panic(err)
	}
	return t
}

func brussels() *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		panic(err)
	}
	return loc
}
