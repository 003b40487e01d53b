package impact

import (
	"math"
	"testing"
)

// The Wilson intervals of Newcombe's Table I ("Two-sided confidence intervals for the single
// proportion", Statistics in Medicine 17, 1998, method 3), to the four decimals it prints.
func TestWilsonMatchesNewcombesTable(t *testing.T) {
	cases := []struct {
		k, n      int
		low, high float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0.0000, 0.1611},
		{1, 29, 0.0061, 0.1718},
	}
	for _, c := range cases {
		low, high := Wilson(c.k, c.n)
		if math.Abs(low-c.low) > 5e-5 || math.Abs(high-c.high) > 5e-5 {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", c.k, c.n, low, high, c.low, c.high)
		}
	}
}

// Every measure has its verdict, once: judge's verdicts follow Measures one for one.
func TestEveryMeasureHasItsVerdict(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range Measures {
		if seen[id] {
			t.Errorf("%s twice", id)
		}
		seen[id] = true
	}
	if len(Measures) != len(verdicts{}) {
		t.Errorf("%d measures, %d verdicts", len(Measures), len(verdicts{}))
	}
}

func TestAgeBands(t *testing.T) {
	cases := []struct {
		born, at int
		bands    []int
		want     string
	}{
		{2010, 2027, menteeBands, "under 18"}, {2009, 2027, menteeBands, "18-21"}, {2005, 2027, menteeBands, "22-25"},
		{2001, 2027, menteeBands, "26-30"}, {1996, 2027, menteeBands, "31+"}, {0, 2027, menteeBands, ""},
		{1980, 2027, mentorBands, "under 50"}, {1977, 2027, mentorBands, "50-59"}, {1958, 2027, mentorBands, "60-69"},
		{1950, 2027, mentorBands, "70+"},
	}
	for _, c := range cases {
		if got := ageBand(c.born, c.at, c.bands); got != c.want {
			t.Errorf("born %d, in %d: %q, want %q", c.born, c.at, got, c.want)
		}
	}
}
