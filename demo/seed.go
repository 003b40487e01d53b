// Package demo fills an empty data folder with a demo branch, its people and duos at every
// stage of the programme, made through the same rules as real data.
package demo

import (
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// Login is one account of the demo.
type Login struct {
	Role, Name, Email string
}

// ErrNotEmpty refuses to mix demo people with real ones.
var ErrNotEmpty = errors.New("the data folder already holds branches or users; the demo only fills an empty one")

// seeder makes the demo's records as their real authors would, so that the history of each
// duo says who did what.
type seeder struct {
	app      core.App
	password string
	hash     string // of the password, computed once: bcrypt takes a tenth of a second a person
	now      time.Time
	branch   *core.Record
	coord    *core.Record
	logins   []Login
}

// Seed creates the demo branch, a superuser, a coordinator and seven duos (one at each stage)
// with meetings, objectives and evaluations; every account gets the given password.
func Seed(app core.App, password string, now time.Time) ([]Login, error) {
	if n, _ := app.CountRecords("users"); n > 0 {
		return nil, ErrNotEmpty
	}
	if n, _ := app.CountRecords("branches"); n > 0 {
		return nil, ErrNotEmpty
	}
	s := &seeder{app: app, password: password, now: now}
	err := app.RunInTransaction(func(tx core.App) error {
		s.app = tx
		return s.all()
	})
	return s.logins, err
}

func (s *seeder) all() error {
	if err := s.superuser("admin@demo.example.org"); err != nil {
		return err
	}
	branch, err := s.record("branches", nil, map[string]any{"name": "DUO for a JOB Bruxelles (démo)",
		"city": "Bruxelles", "country": "BE", "timezone": "Europe/Brussels", "locale": "fr"})
	if err != nil {
		return err
	}
	s.branch = branch
	if s.coord, err = s.person("coordinator", "Sofia Coordinatrice", "coordinator@demo.example.org", "fr"); err != nil {
		return err
	}
	for _, d := range stories {
		if err := s.story(d); err != nil {
			return fmt.Errorf("demo duo %s: %w", d.mentor, err)
		}
	}
	if err := s.branchLife(); err != nil {
		return err
	}
	if err := s.fillProfiles(); err != nil {
		return err
	}
	if err := s.branchSessions(); err != nil {
		return err
	}
	return s.caseNotes()
}

func (s *seeder) superuser(email string) error {
	collection, err := s.app.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	su := core.NewRecord(collection)
	su.SetEmail(email)
	su.SetPassword(s.password)
	s.logins = append(s.logins, Login{Role: "superuser", Name: "Dashboard (/_/)", Email: email})
	return s.app.Save(su)
}

func (s *seeder) person(role, name, email, locale string) (*core.Record, error) {
	collection, err := s.app.FindCachedCollectionByNameOrId("users")
	if err != nil {
		return nil, err
	}
	user := core.NewRecord(collection)
	user.SetEmail(email)
	s.setPassword(user)
	user.SetVerified(true)
	user.Set("name", name)
	user.Set("role", role)
	user.Set("branch", s.branch.Id)
	user.Set("locale", locale)
	if err := s.save(user, s.coord); err != nil {
		return nil, err
	}
	s.logins = append(s.logins, Login{Role: role, Name: name, Email: email})
	return user, nil
}

// setPassword gives a demo account the demo's password.
func (s *seeder) setPassword(user *core.Record) {
	if s.hash == "" {
		user.SetPassword(s.password)
		s.hash = user.GetRaw(core.FieldNamePassword).(*core.PasswordFieldValue).Hash
		return
	}
	user.SetRaw(core.FieldNamePassword, &core.PasswordFieldValue{Hash: s.hash})
	user.RefreshTokenKey()
}

// record creates a record of a collection with the given fields, saved by author.
func (s *seeder) record(collection string, author *core.Record, fields map[string]any) (*core.Record, error) {
	c, err := s.app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(c)
	r.Load(fields)
	return r, s.save(r, author)
}

// update reloads a record, changes fields and saves it as author.
func (s *seeder) update(r *core.Record, author *core.Record, fields map[string]any) (*core.Record, error) {
	fresh, err := s.app.FindRecordById(r.Collection(), r.Id)
	if err != nil {
		return nil, err
	}
	fresh.Load(fields)
	return fresh, s.save(fresh, author)
}

func (s *seeder) save(r *core.Record, author *core.Record) error {
	if author != nil {
		defer access.Attach(r, access.ActorFrom(author))()
	}
	return s.app.Save(r)
}

// daysAgo is a calendar date of the branch, days before today.
func (s *seeder) daysAgo(days int) types.DateTime {
	return lifecycle.AddDays(lifecycle.LocalDate(s.now, lifecycle.BranchLocation(s.app, s.branch.Id)), -days)
}
