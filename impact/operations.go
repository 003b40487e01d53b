package impact

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/lifecycle"
)

// Operational measures (definitions in impact.md). Counts whose key ends in ":" are families,
// one count per value ("stopped:job", "mentee_age:18-21", "mentee_language:ar").
const (
	TakenInMentees = "taken_in:mentee"
	TakenInMentors = "taken_in:mentor"
	Proposed       = "proposed"
	Validated      = "validated"
	ReachedTerm    = "reached_term"
	Running        = "running"
	StoppedEarly   = "stopped"

	MenteeIntakeToStart = "mentee_intake_to_start_6m"
	MentorIntakeToStart = "mentor_intake_to_start_6m"
	MenteeDaysToMatch   = "mentee_days_to_match"
	MentorDaysToMatch   = "mentor_days_to_match"
	MeetingsPerDuo      = "meetings_per_duo"
	HoursPerDuo         = "hours_per_duo"
)

// IntakeRates are the rates over people taken in (the others are over started duos), and
// Stats the medians and means, in their order.
var (
	IntakeRates = []string{MenteeIntakeToStart, MentorIntakeToStart}
	Stats       = []string{MenteeDaysToMatch, MentorDaysToMatch, MeetingsPerDuo, HoursPerDuo}
)

// conversionMonths is how long after intake a first duo may start to count as a conversion.
const conversionMonths = 6

// notGiven is the value counted when a person's profile does not say (or its consent lacks).
const notGiven = "unknown"

// addDuo counts one started duo of the group's cohort: how it ended.
func (g *groupTally) addDuo(r duoRow) {
	switch r.Status {
	case lifecycle.Completed:
		g.counts[ReachedTerm]++
	case lifecycle.Stopped:
		g.counts[StoppedEarly]++
		category := r.StopCategory
		if category == "" {
			category = "unrecorded" // stopped before a category was asked for
		}
		g.counts[StoppedEarly+":"+category]++
	default:
		g.counts[Running]++
	}
}

// addMeetings counts one started duo's meetings into its cohort.
func (g *groupTally) addMeetings(meetings, minutes int) {
	g.values[MeetingsPerDuo] = append(g.values[MeetingsPerDuo], float64(meetings))
	g.values[HoursPerDuo] = append(g.values[HoursPerDuo], float64(minutes)/60)
}

// person is what the operational measures read of a mentee or a mentor.
type person struct {
	ID, Branch, Role, Created string
	Key                       uint32 // the person's cell key (cellkey.go)
	BirthYear                 int
	Languages, Barriers       string // JSON arrays
	BirthCountry, Nationality string // only where consented
}

const peopleQuery = `SELECT u.id, u.branch, u.role, u.created, u.cell_key, COALESCE(p.birth_year, 0),
	COALESCE(p.languages, '[]'), COALESCE(p.barriers, '[]'),
	CASE WHEN p.birth_country_consent_on != '' THEN p.birth_country ELSE '' END,
	CASE WHEN p.nationality_consent_on != '' THEN p.nationality ELSE '' END
	FROM users u LEFT JOIN profiles p ON p.user = u.id
	WHERE u.role IN ('mentee', 'mentor') AND u.created != '' AND ({:branch} = '' OR u.branch = {:branch})`

// eachPerson reads every mentee and mentor, one at a time, with the day they were taken in
// (their account's creation), in their branch's calendar.
func eachPerson(app core.App, branch string, zones *zones, each func(p person, intake time.Time)) error {
	rows, err := app.DB().NewQuery(peopleQuery).Bind(dbx.Params{"branch": branch}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var p person
	for rows.Next() {
		if err := rows.Scan(&p.ID, &p.Branch, &p.Role, &p.Created, &p.Key, &p.BirthYear, &p.Languages, &p.Barriers, &p.BirthCountry,
			&p.Nationality); err != nil {
			return err
		}
		each(p, zones.day(p.Branch, stamp(p.Created)))
	}
	return rows.Err()
}

// facts are what one person taken in adds to their period's group: the counts they are in,
// the days to their first proposal (if any), how their conversion stands.
type facts struct {
	counts     []string
	daysID     string
	days       float64
	matched    bool
	rateID     string
	conversion verdict
}

// keyNames builds the counts' names once each ("mentee_language:" + "ar"), not per person.
type keyNames map[[2]string]string

func (k keyNames) of(prefix, value string) string {
	name, ok := k[[2]string{prefix, value}]
	if !ok {
		name = prefix + value
		k[[2]string{prefix, value}] = name
	}
	return name
}

// personFacts: who a person taken in is (age band at intake, languages, barriers, origin
// where consented) and how soon they were matched (the days of their first duo proposed and
// started, zero if none).
func (k keyNames) personFacts(p person, intake, proposed, started, today time.Time) facts {
	role := p.Role
	f := facts{counts: make([]string, 0, 8), daysID: k.of(role, "_days_to_match"), rateID: k.of(role, "_intake_to_start_6m")}
	bands := mentorBands
	if role == "mentee" {
		bands = menteeBands
	}
	f.counts = append(f.counts, k.of("taken_in:", role), k.of(role+"_age:", orNotGiven(ageBand(p.BirthYear, intake.Year(), bands))))
	for _, code := range list(p.Languages) {
		f.counts = append(f.counts, k.of(role+"_language:", code))
	}
	if role == "mentee" {
		barriers := list(p.Barriers)
		for _, b := range barriers {
			f.counts = append(f.counts, k.of("mentee_barrier:", b))
		}
		if len(barriers) == 0 {
			f.counts = append(f.counts, "mentee_barrier:none")
		}
		f.counts = append(f.counts, k.of("mentee_birth_country:", orNotGiven(p.BirthCountry)),
			k.of("mentee_nationality:", orNotGiven(p.Nationality)))
	}
	if !proposed.IsZero() {
		f.matched = true
		f.days = math.Round(proposed.Sub(intake).Hours() / 24) // calendar days: a summer-time day has 23 or 25 hours
	}
	horizon := lifecycle.AddMonths(mustDateTime(intake), conversionMonths).Time()
	f.conversion = pending
	switch {
	case !started.IsZero() && !started.After(horizon):
		f.conversion = yes
	case !horizon.After(today):
		f.conversion = no
	}
	return f
}

// addPerson counts one person taken in during the group's period.
func (g *groupTally) addPerson(f facts) {
	for _, id := range f.counts {
		g.counts[id]++
	}
	if f.matched {
		g.values[f.daysID] = append(g.values[f.daysID], f.days)
	}
	g.intake(f.rateID).add(f.conversion)
}

// eachProposal reads every duo proposed: its branch, its people, its key, the day it was
// proposed in its branch's calendar and the day it started (zero if it did not).
func eachProposal(app core.App, branch string, zones *zones, each func(branch, mentor, mentee string, key uint32, day, started time.Time)) error {
	rows, err := app.DB().NewQuery(`SELECT branch, mentor, mentee, cell_key, created, started_on FROM duos
		WHERE created != '' AND ({:branch} = '' OR branch = {:branch})`).Bind(dbx.Params{"branch": branch}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var b, mentor, mentee, at, started string
	var key uint32
	for rows.Next() {
		if err := rows.Scan(&b, &mentor, &mentee, &key, &at, &started); err != nil {
			return err
		}
		each(b, mentor, mentee, key, zones.day(b, stamp(at)), date(started))
	}
	return rows.Err()
}

// eachValidation reads every duo validated: its branch, its key and the day (a duo is
// validated once: nothing leads back to validated).
func eachValidation(app core.App, branch string, zones *zones, each func(branch string, day time.Time, key uint32)) error {
	rows, err := app.DB().NewQuery(`SELECT d.branch, d.cell_key, e.at FROM duo_events e JOIN duos d ON d.id = e.duo
		WHERE e.to_status = 'validated' AND ({:branch} = '' OR d.branch = {:branch})`).
		Bind(dbx.Params{"branch": branch}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var b, at string
	var key uint32
	for rows.Next() {
		if err := rows.Scan(&b, &key, &at); err != nil {
			return err
		}
		each(b, zones.day(b, stamp(at)), key)
	}
	return rows.Err()
}

// firsts holds, per person, the day of their first duo proposed and of the first started.
type firsts struct{ proposed, started map[string]time.Time }

// earliest keeps in the map the earlier of the day it holds for person and day.
func earliest(in map[string]time.Time, person string, day time.Time) {
	if was, ok := in[person]; !ok || day.Before(was) {
		in[person] = day
	}
}

// zones gives the calendar day of an instant in a branch, reading each branch's zone once.
type zones struct {
	app core.App
	loc map[string]*time.Location
}

func newZones(app core.App) *zones { return &zones{app: app, loc: map[string]*time.Location{}} }

func (z *zones) day(branch string, t time.Time) time.Time {
	loc, ok := z.loc[branch]
	if !ok {
		loc = lifecycle.BranchLocation(z.app, branch)
		z.loc[branch] = loc
	}
	return lifecycle.LocalDate(t, loc).Time()
}

// list reads a stored JSON array of codes (["ar","fr"]); codes hold no quote nor escape, so
// it is split directly, and anything else read as JSON.
func list(jsonArray string) []string {
	inner, ok := strings.CutPrefix(jsonArray, "[")
	inner, closed := strings.CutSuffix(inner, "]")
	if !ok || !closed || strings.ContainsAny(inner, `\ `) {
		var out []string
		_ = json.Unmarshal([]byte(jsonArray), &out)
		return out
	}
	if inner == "" {
		return nil
	}
	parts := strings.Split(inner, ",")
	for i, p := range parts {
		parts[i] = strings.Trim(p, `"`)
	}
	return parts
}

func orNotGiven(s string) string {
	if s == "" {
		return notGiven
	}
	return s
}
