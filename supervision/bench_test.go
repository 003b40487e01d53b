package supervision_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/demo"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/supervision"
)

func busyBranch(b *testing.B, app core.App, duos, weeks int) {
	b.Helper()
	if err := demo.Busy(app, BranchBrussels, duos, weeks, Now()); err != nil {
		b.Fatal(err)
	}
}

// The overview of a branch of 500 duos and 13,200 meetings (goal: under 100 ms); every duo is near its end, so all are at risk: the largest answer.
func BenchmarkOverviewOfABusyBranch(b *testing.B) {
	app := App(b)
	busyBranch(b, app, 500, 27)
	b.ResetTimer()
	var o supervision.Overview
	for b.Loop() {
		var err error
		if o, err = supervision.Build(app, BranchBrussels, Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(o.AtRisk)), "at-risk")
}
