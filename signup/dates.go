package signup

import (
	"fmt"
	"time"
)

// The names of days and months in the sign-up's languages (Go's time package speaks English
// only); a mail reads "mardi 8 décembre 2026, 18:00 - 20:00".
var (
	weekdays = map[string][7]string{
		"fr": {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		"nl": {"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
		"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	}
	months = map[string][12]string{
		"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	}
)

// When is a session's day and hours in its branch's time zone, written in locale; an
// unknown zone reads as Brussels, where every branch is today.
func When(locale string, start, end time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" {
		loc, _ = time.LoadLocation("Europe/Brussels")
	}
	if _, ok := weekdays[locale]; !ok {
		locale = "en"
	}
	s, e := start.In(loc), end.In(loc)
	day := weekdays[locale][s.Weekday()]
	month := months[locale][s.Month()-1]
	hours := s.Format("15:04") + " - " + e.Format("15:04")
	return fmt.Sprintf("%s %d %s %d, %s", day, s.Day(), month, s.Year(), hours)
}
