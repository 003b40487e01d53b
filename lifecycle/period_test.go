package lifecycle

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
)

func day(s string) types.DateTime {
	dt, err := types.ParseDateTime(s)
	if err != nil || dt.IsZero() {
		panic("bad date " + s)
	}
	return dt
}

func TestAddMonthsNeverExceedsTheMonth(t *testing.T) {
	cases := []struct{ from, want string }{
		{"2026-11-22", "2027-05-22"},
		{"2026-08-31", "2027-02-28"}, // no 31 February: the period stays within six months
		{"2027-08-31", "2028-02-29"}, // leap year
		{"2026-12-31", "2027-06-30"},
		{"2026-01-31", "2026-07-31"},
	}
	for _, c := range cases {
		if got := AddMonths(day(c.from), 6).Time().Format(time.DateOnly); got != c.want {
			t.Errorf("AddMonths(%s, 6) = %s, want %s", c.from, got, c.want)
		}
	}
}

func TestLocalDateFollowsTheBranchCalendar(t *testing.T) {
	brussels, _ := time.LoadLocation("Europe/Brussels")
	cases := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC), "2026-11-23"}, // already tomorrow in Brussels
		{time.Date(2026, 11, 22, 22, 59, 0, 0, time.UTC), "2026-11-22"},
		{time.Date(2026, 7, 1, 22, 30, 0, 0, time.UTC), "2026-07-02"}, // summer time: UTC+2
		{time.Date(2026, 7, 1, 21, 59, 0, 0, time.UTC), "2026-07-01"},
	}
	for _, c := range cases {
		if got := LocalDate(c.at, brussels).Time().Format(time.DateOnly); got != c.want {
			t.Errorf("LocalDate(%s) = %s, want %s", c.at, got, c.want)
		}
	}
}

func TestDateOnlyAndAddDays(t *testing.T) {
	if got := DateOnly(day("2026-11-22 18:45:00.000Z")).String(); got != "2026-11-22 00:00:00.000Z" {
		t.Errorf("DateOnly kept the time: %s", got)
	}
	if got := AddDays(day("2026-03-28"), 2).Time().Format(time.DateOnly); got != "2026-03-30" {
		t.Errorf("AddDays across the DST change = %s", got)
	}
	if got := AddDays(day("2026-03-01"), -1).Time().Format(time.DateOnly); got != "2026-02-28" {
		t.Errorf("AddDays backwards = %s", got)
	}
}

func TestCommitmentsExistInEveryLanguage(t *testing.T) {
	for _, locale := range []string{"en", "fr", "nl"} {
		if len(Commitments(locale)) < 200 {
			t.Errorf("commitments in %s are missing", locale)
		}
	}
	if Commitments("de") != Commitments("en") {
		t.Error("an unknown language should fall back to English")
	}
}
