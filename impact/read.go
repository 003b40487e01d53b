package impact

import (
	"errors"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// sink is what the records are counted into, as they are read: the exact tallies of a table
// (builder, table.go) or the cells of the figures that leave a branch (cells, cells.go).
type sink interface {
	duo(r duoRow, judged verdicts)
	meetings(branch string, start time.Time, key uint32, meetings, minutes int)
	proposal(branch string, day time.Time, key uint32)
	validation(branch string, day time.Time, key uint32)
	person(p person, intake time.Time, f facts)
	entrant(branch string, cohort time.Time, key uint32, ids []string) // funnel.go
}

// read reads duo's records once each, of one branch or of all (""): the started duos and
// their meetings into duos, the proposals, validations and people into people, at the same
// time (the two sides take about as long). Each duo and person is judged on the day it is
// now in their branch.
func read(app core.App, branch string, now time.Time, duos, people sink) error {
	var errs [2]error
	var wg sync.WaitGroup
	wg.Go(func() { errs[0] = readDuos(app, branch, now, duos) })
	wg.Go(func() { errs[1] = readPeople(app, branch, now, people) })
	wg.Wait()
	return errors.Join(errs[:]...)
}

// readDuos counts every started duo, then their meetings (apart, in one pass over their index).
func readDuos(app core.App, branch string, now time.Time, s sink) error {
	err := eachStartedDuo(app, branch, now, newZones(app), false, func(r duoRow, today time.Time) {
		s.duo(r, judge(r, today))
	})
	if err != nil {
		return err
	}
	return eachDuoMeetings(app, branch, s.meetings)
}

// readPeople counts the duos proposed and validated, and the people taken in, each in its
// period, with when each person's first duo was proposed and started; then the funnel.
func readPeople(app core.App, branch string, now time.Time, s sink) error {
	z := newZones(app)
	first := firsts{proposed: map[string]time.Time{}, started: map[string]time.Time{}}
	err := eachProposal(app, branch, z, func(b, mentor, mentee string, key uint32, day, started time.Time) {
		for _, person := range []string{mentor, mentee} {
			earliest(first.proposed, person, day)
			if !started.IsZero() {
				earliest(first.started, person, started)
			}
		}
		s.proposal(b, day, key)
	})
	if err == nil {
		err = eachValidation(app, branch, z, s.validation)
	}
	if err == nil {
		names := keyNames{}
		err = eachPerson(app, branch, z, func(p person, intake time.Time) {
			s.person(p, intake, names.personFacts(p, intake, first.proposed[p.ID], first.started[p.ID], z.day(p.Branch, now)))
		})
	}
	if err == nil {
		err = readFunnel(app, branch, z, first, s)
	}
	return err
}
