package notify

import (
	"testing"
	"time"
)

// Quiet hours, every quarter of an hour of two years (29 February and four DST changes
// among them) in the zones people live in: a push is delivered at once from 08:00 to 20:59
// on the person's wall clock, and otherwise at the next 08:00 there, never later.
func TestQuietHoursSweepTwoYears(t *testing.T) {
	for _, zone := range []string{"Europe/Brussels", "Europe/Paris", "Europe/Amsterdam", "Europe/Lisbon", "Africa/Casablanca"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		first := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		for now := first; now.Before(first.AddDate(2, 0, 0)); now = now.Add(15 * time.Minute) {
			got := quietUntil(now, loc)
			local := now.In(loc)
			if h := local.Hour(); h >= QuietTo && h < QuietFrom {
				if !got.Equal(now) {
					t.Fatalf("%s %v: held until %v outside quiet hours", zone, local, got.In(loc))
				}
				continue
			}
			at := got.In(loc)
			wantDay := local
			if local.Hour() >= QuietFrom {
				wantDay = local.AddDate(0, 0, 1)
			}
			if at.Hour() != QuietTo || at.Minute() != 0 || at.YearDay() != wantDay.YearDay() || !got.After(now) {
				t.Fatalf("%s %v: held until %v, want the next %02d:00 there", zone, local, at, QuietTo)
			}
			if wait := got.Sub(now); wait > 12*time.Hour {
				t.Fatalf("%s %v: held %v", zone, local, wait)
			}
		}
	}
}
