package impact

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// The funnel (impact.md, "The funnel"): per cohort of people, the month of their first
// contact (the first information session they were expected at, or their intake when they
// came in another way), how far each has gone, step by step, and the rates between the steps.
// Its counts are cells like every other (cells.go): a person counts once per step, with their
// key, in their branch and the month of their cohort.

// The steps, each counted per role ("info_attended:mentee"); trained is the mentors' alone.
const (
	StepInfoRegistered = "info_registered" // expected at an information session: came, or absent
	StepInfoAttended   = "info_attended"
	StepIntake         = "intake" // taken in, or came to an intake interview
	StepTrained        = "trained"
	StepMatched        = "matched" // in a duo proposed
	StepSigned         = "signed"  // in a duo started
)

// FunnelSteps are the steps in their order; FunnelRoles the roles counted.
var (
	FunnelSteps = []string{StepInfoRegistered, StepInfoAttended, StepIntake, StepTrained, StepMatched, StepSigned}
	FunnelRoles = []string{"mentee", "mentor"}
)

// funnelRate is one conversion: its numerator is counted in a cell of its own (id + ":yes"),
// its denominator is a step.
type funnelRate struct {
	suffix, over string
	mentorsOnly  bool
}

// The rates DUO reports, per role ("mentee_info_to_intake"; "mentor_trained").
var funnelRates = []funnelRate{
	{"info_show_up", StepInfoRegistered, false},
	{"info_to_intake", StepInfoAttended, false},
	{"intake_to_match", StepIntake, false},
	{"trained", StepIntake, true},
	{"match_to_signed", StepMatched, false},
}

// FunnelRateIDs are the rates' ids, in order, per role.
func FunnelRateIDs() []string {
	var ids []string
	for _, role := range FunnelRoles {
		for _, r := range funnelRates {
			if !r.mentorsOnly || role == "mentor" {
				ids = append(ids, role+"_"+r.suffix)
			}
		}
	}
	return ids
}

// FunnelStepIDs are the steps' ids, in order, per role.
func FunnelStepIDs() []string {
	var ids []string
	for _, role := range FunnelRoles {
		for _, s := range FunnelSteps {
			if s != StepTrained || role == "mentor" {
				ids = append(ids, s+":"+role)
			}
		}
	}
	return ids
}

// FunnelGroup is the funnel of one cohort (or branch; the total has neither): each step's
// count and each rate, by id.
type FunnelGroup struct {
	Cohort string           `json:"cohort,omitempty"`
	Branch string           `json:"branch,omitempty"`
	Steps  map[string]Count `json:"steps"`
	Rates  map[string]Rate  `json:"rates"`
}

// entrant is one person (or a registrant never converted) as the funnel reads them.
type entrant struct {
	branch, role string
	key          uint32
	contact      time.Time // the first information session they were expected at (zero: none)
	created      time.Time // their account's creation (zero: a registrant)
	interviewed  time.Time // the first intake interview they came to (zero: none)
	listed       bool      // on an intake interview's list, whatever their state
	registered   bool      // expected at an information session: came or was absent
	attended     bool      // came to one
	trained      bool
	matched      bool
	signed       bool
}

// intake is the day of the entrant's intake: the first intake interview they came to; for a
// person on no intake interview's list, their account's creation (the intake as duo recorded
// it before it had sessions); for someone matched, that day at the latest. Zero: none yet.
func (e *entrant) intake() time.Time {
	switch {
	case !e.interviewed.IsZero():
		return e.interviewed
	case !e.listed || e.matched:
		return e.created
	}
	return time.Time{}
}

// cohort is the day the entrant came into the funnel: the earlier of their first contact and
// their intake; for someone still waiting for their intake, their account's creation.
func (e *entrant) cohort() time.Time {
	intake := e.intake()
	if intake.IsZero() {
		intake = e.created
	}
	if e.contact.IsZero() || (!intake.IsZero() && intake.Before(e.contact)) {
		return intake
	}
	return e.contact
}

// ids are the steps and numerators this entrant counts in: each step after the intake counts
// only those taken in, so that every rate is a share of its denominator.
func (e *entrant) ids() []string {
	taken := !e.intake().IsZero()
	in := map[string]bool{
		StepInfoRegistered: e.registered, StepInfoAttended: e.attended, StepIntake: taken,
		StepTrained: taken && e.trained && e.role == "mentor", StepMatched: taken && e.matched, StepSigned: taken && e.signed,
	}
	yes := map[string]bool{
		"info_show_up": e.attended, "info_to_intake": e.attended && taken, "intake_to_match": in[StepMatched],
		"trained": in[StepTrained], "match_to_signed": in[StepSigned],
	}
	var ids []string
	for _, s := range FunnelSteps {
		if in[s] {
			ids = append(ids, s+":"+e.role)
		}
	}
	for _, r := range funnelRates {
		if yes[r.suffix] && (!r.mentorsOnly || e.role == "mentor") {
			ids = append(ids, e.role+"_"+r.suffix+":yes")
		}
	}
	return ids
}

// funnelPeopleQuery reads every mentor and mentee with their training date.
const funnelPeopleQuery = `SELECT u.id, u.branch, u.role, u.cell_key, u.created, COALESCE(p.training_completed_on, '')
	FROM users u LEFT JOIN profiles p ON p.user = u.id
	WHERE u.role IN ('mentee', 'mentor') AND u.created != '' AND ({:branch} = '' OR u.branch = {:branch})`

// registrantsQuery reads the sign-up's registrants never turned into a person (a converted
// one is counted as that person, whose lines the conversion moved: once).
const registrantsQuery = `SELECT r.id, r.branch, r.role, r.cell_key FROM registrations r
	WHERE r.converted_at = '' AND r.person = '' AND ({:branch} = '' OR r.branch = {:branch})`

// attendanceQuery reads what people (or registrants) did at the sessions of the funnel's
// steps, held or planned (not cancelled): at an information session, attended or absent
// (invited, registered and excused say nothing of who came); at an intake interview, any
// state (being on its list says the intake is its to record); at a training, attended.
const attendanceQuery = `SELECT %[1]s, s.kind, a.state, s.starts_at
	FROM attendance a JOIN sessions s ON s.id = a.session JOIN %[2]s
	WHERE s.status != 'cancelled' AND ((s.kind = 'info_session' AND a.state IN ('attended', 'absent'))
		OR s.kind = 'intake' OR (s.kind = 'training' AND a.state = 'attended'))
	AND %[3]s AND ({:branch} = '' OR w.branch = {:branch})`

var (
	peopleAttendance = fmt.Sprintf(attendanceQuery, "a.person", "users w ON w.id = a.person", "w.role IN ('mentee', 'mentor')")
	// A registrant's id, read as "r:" + id, to tell it from a person's.
	registrantsAttendance = fmt.Sprintf(attendanceQuery, "'r:' || a.registration", "registrations w ON w.id = a.registration",
		"a.person = '' AND w.converted_at = ''")
)

// readFunnel counts every entrant of branch ("" every branch) into s, each in the month of
// their cohort in their branch's calendar; first says who was proposed and started a duo.
func readFunnel(app core.App, branch string, z *zones, first firsts, s sink) error {
	people := map[string]*entrant{}
	rows, err := app.DB().NewQuery(funnelPeopleQuery).Bind(dbx.Params{"branch": branch}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var id, b, role, created, trained string
	var key uint32
	for rows.Next() {
		if err := rows.Scan(&id, &b, &role, &key, &created, &trained); err != nil {
			return err
		}
		_, matched := first.proposed[id]
		_, signed := first.started[id]
		people[id] = &entrant{branch: b, role: role, key: key, created: z.day(b, stamp(created)), trained: trained != "",
			matched: matched, signed: signed}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := readRegistrants(app, branch, people); err != nil {
		return err
	}
	for _, query := range []string{peopleAttendance, registrantsAttendance} {
		if err := readAttendance(app, query, branch, z, people); err != nil {
			return err
		}
	}
	for _, e := range people {
		if ids := e.ids(); len(ids) > 0 { // a registrant who never came nor was absent is in no step
			s.entrant(e.branch, e.cohort(), e.key, ids)
		}
	}
	return nil
}

// readRegistrants adds the registrants never converted to people, as "r:" + their id.
func readRegistrants(app core.App, branch string, people map[string]*entrant) error {
	rows, err := app.DB().NewQuery(registrantsQuery).Bind(dbx.Params{"branch": branch}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var id, b, role string
	var key uint32
	for rows.Next() {
		if err := rows.Scan(&id, &b, &role, &key); err != nil {
			return err
		}
		people["r:"+id] = &entrant{branch: b, role: role, key: key}
	}
	return rows.Err()
}

// readAttendance adds to each entrant what they did at the sessions (query: the people's
// lines or the registrants').
func readAttendance(app core.App, query, branch string, z *zones, people map[string]*entrant) error {
	rows, err := app.DB().NewQuery(query).Bind(dbx.Params{"branch": branch}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var person, kind, state, at string
	for rows.Next() {
		if err := rows.Scan(&person, &kind, &state, &at); err != nil {
			return err
		}
		if e := people[person]; e != nil {
			e.attend(kind, state == "attended", z.day(e.branch, stamp(at)))
		}
	}
	return rows.Err()
}

// attend records one session: an information session expected at (and came or not), an
// intake interview they were listed for (and came or not), a training they came to.
func (e *entrant) attend(kind string, came bool, day time.Time) {
	switch {
	case kind == "info_session":
		e.registered = true
		e.attended = e.attended || came
		if e.contact.IsZero() || day.Before(e.contact) {
			e.contact = day
		}
	case kind == "intake":
		e.listed = true
		if came && (e.interviewed.IsZero() || day.Before(e.interviewed)) {
			e.interviewed = day
		}
	case kind == "training" && came:
		e.trained = true
	}
}

// The two sides of the funnel's output: exact (the builder's counts) and published (sums of
// perturbed cells, small ones hidden).

func (b *builder) entrant(branch string, cohort time.Time, _ uint32, ids []string) {
	b.add(cohort, branch, func(g *groupTally) {
		for _, id := range ids {
			g.funnel[id]++
		}
	})
}

func (c *cells) entrant(branch string, cohort time.Time, key uint32, ids []string) {
	at := make([]int32, len(ids))
	for i, id := range ids {
		at[i] = c.id(id, kindFunnel)
	}
	c.count(branch, cohort, key, at...)
}

// funnelOf builds one group's funnel from its counts (count) and rates (rate of a numerator's
// id over a step's id); hide says whether a count is shown.
func funnelOf(count func(id string) int, rate func(id, over string) Rate, hide func(n int) bool) FunnelGroup {
	f := FunnelGroup{Steps: map[string]Count{}, Rates: map[string]Rate{}}
	for _, id := range FunnelStepIDs() {
		n := count(id)
		if hide(n) {
			f.Steps[id] = Count{Suppressed: true}
		} else {
			f.Steps[id] = Count{N: n}
		}
	}
	for _, role := range FunnelRoles {
		for _, r := range funnelRates {
			if !r.mentorsOnly || role == "mentor" {
				f.Rates[role+"_"+r.suffix] = rate(role+"_"+r.suffix, r.over+":"+role)
			}
		}
	}
	return f
}

// funnel of the builder's groups, in the groups' order, the total last.
func (b *builder) funnel() []FunnelGroup {
	keys := keysTotalLast(b.groups)
	out := make([]FunnelGroup, 0, len(keys))
	for _, key := range keys {
		g := b.groups[key]
		f := funnelOf(func(id string) int { return g.funnel[id] },
			func(id, over string) Rate { return NewRate(g.funnel[id+":yes"], g.funnel[over], 0, 0) },
			func(int) bool { return false })
		out = append(out, namedFunnel(f, b.q, key))
	}
	return out
}

// funnel of the published groups: every count a sum of perturbed cells, hidden under MinCell,
// every rate over fewer than MinCell hidden, its interval widened by the noise (rate).
func (c *cells) funnel(groups map[string]*sums) []FunnelGroup {
	keys := keysTotalLast(groups)
	out := make([]FunnelGroup, 0, len(keys))
	for _, key := range keys {
		s := groups[key]
		f := funnelOf(func(id string) int { return c.sum(s, id) },
			func(id, over string) Rate { return c.rate(s, id, over) }, small)
		out = append(out, namedFunnel(f, c.q, key))
	}
	return out
}

func namedFunnel(f FunnelGroup, q Query, key string) FunnelGroup {
	if q.By == ByBranch {
		f.Branch = key
	} else {
		f.Cohort = key
	}
	return f
}
