package demo

import (
	"testing"
	"time"

	"github.com/duoforajob/duo/lifecycle"
)

// On every day of 2027 and 2028, the busy branch's duos started 26 weeks back and still run
// two weeks later: the evaluations job never completes them while the console is measured.
func TestBusyDuosRunOnWhateverTheDay(t *testing.T) {
	brussels, _ := time.LoadLocation("Europe/Brussels")
	for day := time.Date(2027, 1, 1, 12, 0, 0, 0, brussels); day.Year() < 2029; day = day.AddDate(0, 0, 1) {
		today := lifecycle.LocalDate(day, brussels)
		start, end := busyPeriod(today, 26)
		if start != lifecycle.AddDays(today, -182) || end.Before(lifecycle.AddDays(today, 14)) {
			t.Fatalf("on %s: from %s to %s", today, start, end)
		}
	}
}
