package intake_test

import (
	"testing"

	"github.com/duoforajob/duo/demo"
	"github.com/duoforajob/duo/intake"
	. "github.com/duoforajob/duo/internal/testkit"
)

// A page of the roster of a branch of 1,000 mentors and mentees (500 duos, 13,000 meetings):
// the first page unfiltered, and a search by name with a filter.
func BenchmarkRosterOfABusyBranch(b *testing.B) {
	app := App(b)
	if err := demo.Busy(app, BranchBrussels, 500, 27, Now()); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		filter intake.Filter
	}{
		{"first page", intake.Filter{Page: 1, PerPage: intake.DefaultPerPage}},
		{"search and filter", intake.Filter{Role: "mentee", Status: intake.StatusInDuo, Query: "mentee 42", Page: 1, PerPage: intake.DefaultPerPage}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := intake.Find(app, BranchBrussels, c.filter); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
