package testkit

import "time"

// Clock is a settable clock for duo's rules, planners and dispatcher.
type Clock struct{ T time.Time }

// Now is the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Brussels is a wall-clock time, "2006-01-02 15:04", in Brussels.
func Brussels(s string) time.Time {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		panic(err)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}
