package sync

import (
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// write is what a save of a synced record must log, worked out before the save (audiences,
// and what people leaving an audience held through it) and completed after it.
type write struct {
	op                 string
	audiencesBefore    []string
	leaves, joins      []membership
	people, profilesOf []string // user records whose audiences move with this save, and whose profile's do
	session            string   // a session whose list this save changes
	listed             []string // who joins or leaves that list
}

type membership struct {
	user, audience string
	held           []recordRef
}

// logWrites wraps every create, update and delete of the synced collections: the change and
// the save commit together or not at all.
func (s *Syncer) logWrites(app core.App) {
	wrap := func(op string) func(e *core.RecordEvent) error {
		return func(e *core.RecordEvent) error {
			outer := e.App
			defer func() { e.App = outer }()
			return outer.RunInTransaction(func(tx core.App) error {
				e.App = tx
				w, err := s.prepareWrite(tx, e.Record, op)
				if err != nil {
					return err
				}
				if err := e.Next(); err != nil {
					return err
				}
				return s.finishWrite(tx, e.Record, w)
			})
		}
	}
	app.OnRecordCreateExecute(access.SyncedCollections...).BindFunc(wrap("create"))
	app.OnRecordUpdateExecute(access.SyncedCollections...).BindFunc(wrap("update"))
	app.OnRecordDeleteExecute(access.SyncedCollections...).BindFunc(wrap("delete"))
}

func (s *Syncer) prepareWrite(app core.App, record *core.Record, op string) (*write, error) {
	w := &write{op: op}
	switch op {
	case "update":
		w.audiencesBefore = access.Audiences(app, record.Original())
	case "delete":
		if a, noted := s.cascade.take(record.Collection().Name, record.Id); noted {
			w.audiencesBefore = a
		} else {
			w.audiencesBefore = access.Audiences(app, record)
		}
		if err := s.cascade.noteCascade(app, record); err != nil {
			return nil, err
		}
	}
	switch record.Collection().Name {
	case "duos":
		s.duoMemberships(app, record, w)
	case "users":
		s.userMemberships(app, record, w)
	case "attendance":
		listChanges(record, w)
	}
	return w, nil
}

// listChanges: a session is read by the people on its list, so a line that comes, goes or
// changes its person (a registrant made a person) moves the session into or out of a copy.
func listChanges(line *core.Record, w *write) {
	before, after := "", ""
	if w.op != "create" {
		before = line.Original().GetString("person")
	}
	if w.op != "delete" {
		after = line.GetString("person")
	}
	if before == after {
		return
	}
	w.session = line.GetString("session")
	for _, p := range []string{before, after} {
		if p != "" {
			w.listed = append(w.listed, p)
		}
	}
}

// duoMemberships: a duo's mentor and mentee belong to its audience; when the pair changes
// (while proposed) or the duo is erased, who leaves takes their copy's deletion with them.
func (s *Syncer) duoMemberships(app core.App, duo *core.Record, w *write) {
	audience := access.Duo(duo.Id)
	var before, after []string
	if w.op != "create" {
		before = []string{duo.Original().GetString("mentor"), duo.Original().GetString("mentee")}
	}
	if w.op != "delete" {
		after = []string{duo.GetString("mentor"), duo.GetString("mentee")}
	}
	for _, person := range before {
		if !slices.Contains(after, person) {
			w.leaves = append(w.leaves, membership{user: person, audience: audience, held: audienceRecords(app, audience)})
			w.people = append(w.people, person)
		}
	}
	for _, person := range after {
		if !slices.Contains(before, person) {
			w.joins = append(w.joins, membership{user: person, audience: audience})
			if w.op != "create" {
				w.people = append(w.people, person)
			}
		}
	}
}

// userMemberships: a person belongs to their branch, and to its staff if a coordinator.
func (s *Syncer) userMemberships(app core.App, user *core.Record, w *write) {
	if w.op != "update" {
		return // a new person starts with an initial sync; an erased one no longer pulls
	}
	before, after := branchMemberships(user.Original()), branchMemberships(user)
	for _, a := range before {
		if !slices.Contains(after, a) {
			w.leaves = append(w.leaves, membership{user: user.Id, audience: a, held: audienceRecords(app, a)})
		}
	}
	for _, a := range after {
		if !slices.Contains(before, a) {
			w.joins = append(w.joins, membership{user: user.Id, audience: a})
		}
	}
	if user.Original().GetString("branch") != user.GetString("branch") {
		w.profilesOf = append(w.profilesOf, user.Id)
	}
}

func branchMemberships(user *core.Record) []string {
	m := []string{access.Members(user.GetString("branch"))}
	if user.GetString("role") == access.RoleCoordinator {
		m = append(m, access.Staff(user.GetString("branch")))
	}
	return m
}

func (s *Syncer) finishWrite(app core.App, record *core.Record, w *write) error {
	access.ForgetRuleChecksReaching(app, record.Collection().Name)
	now := s.now()
	c := change{collection: record.Collection().Name, recordID: record.Id, op: OpUpsert, fields: allFields,
		client: access.ActorOf(record).Client(), audiences: w.audiencesBefore}
	switch w.op {
	case "delete":
		c.op = OpDelete
	case "update":
		// Logged even when no field changed: the save moved "updated", and copies must hold
		// exactly what the REST API returns. An empty field list conflicts with nobody.
		c.fields = strings.Join(access.ChangedFields(record), ",")
	}
	if w.op != "delete" {
		c.audiences = append(c.audiences, access.Audiences(app, record)...)
	}
	if _, err := writeChange(app, c, now); err != nil {
		return err
	}
	if err := s.writeMemberships(app, w, now); err != nil {
		return err
	}
	if err := s.touchDependents(app, w, record, now); err != nil {
		return err
	}
	s.notifier.afterCommit(app)
	return nil
}

func (s *Syncer) writeMemberships(app core.App, w *write, now time.Time) error {
	for _, m := range w.leaves {
		if _, err := writeChange(app, change{op: OpLeave, recordID: m.audience, audiences: []string{access.Person(m.user)},
			held: m.held}, now); err != nil {
			return err
		}
	}
	for _, m := range w.joins {
		if _, err := writeChange(app, change{op: OpJoin, recordID: m.audience, audiences: []string{access.Person(m.user)}},
			now); err != nil {
			return err
		}
	}
	return nil
}

// touchDependents logs the records whose audiences moved with this save without being saved
// themselves: the people of a re-paired duo (their partner changed), a moved person's profile,
// the session of a line that came or went (to its person too when they no longer read it).
func (s *Syncer) touchDependents(app core.App, w *write, record *core.Record, now time.Time) error {
	if err := touchSession(app, w, now); err != nil {
		return err
	}
	for _, person := range w.people {
		user, err := app.FindRecordById("users", person)
		if err != nil {
			continue
		}
		audiences := append(access.Audiences(app, user), access.Duo(record.Id))
		if _, err := writeChange(app, change{collection: "users", recordID: person, op: OpUpsert, audiences: audiences}, now); err != nil {
			return err
		}
	}
	for _, person := range w.profilesOf {
		profile, err := app.FindFirstRecordByData("profiles", "user", person)
		if err != nil {
			continue
		}
		audiences := append(access.Audiences(app, profile), access.Staff(record.Original().GetString("branch")))
		if _, err := writeChange(app, change{collection: "profiles", recordID: profile.Id, op: OpUpsert, audiences: audiences}, now); err != nil {
			return err
		}
	}
	return nil
}

func touchSession(app core.App, w *write, now time.Time) error {
	if w.session == "" {
		return nil
	}
	session, err := app.FindRecordById("sessions", w.session)
	if err != nil {
		return nil // cascaded away with its session: that deletion is logged of its own
	}
	audiences := access.Audiences(app, session)
	for _, p := range w.listed {
		audiences = append(audiences, access.Person(p))
	}
	_, err = writeChange(app, change{collection: "sessions", recordID: session.Id, op: OpUpsert, audiences: audiences}, now)
	return err
}
