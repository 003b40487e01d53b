package impact

import (
	"math"
	"testing"
)

// The perturbation table is what impact.md publishes: zero stays zero, no cell moves by more
// than 2 nor below zero, every noise averages to zero over the keys, with the variance the
// intervals take in.
func TestPerturbationTable(t *testing.T) {
	for n := range 40 {
		var sum, squares float64
		for key := range uint32(256) {
			v := perturb(n, key)
			if v < 0 || v < n-maxNoise || v > n+maxNoise || (n == 0 && v != 0) {
				t.Fatalf("a count of %d with key %d is published as %d", n, key, v)
			}
			sum += float64(v - n)
			squares += float64((v - n) * (v - n))
		}
		if sum != 0 {
			t.Errorf("the noise of a count of %d averages %v, not zero", n, sum/256)
		}
		if variance := squares / 256; n >= 2 && math.Abs(variance-perturbVariance) > 1e-9 {
			t.Errorf("the noise of a count of %d has variance %v, not %v", n, variance, perturbVariance)
		}
	}
}

// No published value tells its count for sure: each comes from two counts or more.
func TestEveryPublishedValueComesFromSeveralCounts(t *testing.T) {
	from := map[int]map[int]bool{}
	for n := range 40 {
		for key := range uint32(256) {
			v := perturb(n, key)
			if from[v] == nil {
				from[v] = map[int]bool{}
			}
			from[v][n] = true
		}
	}
	for v := range 36 {
		if len(from[v]) < 2 {
			t.Errorf("%d is published only for a count of %v", v, from[v])
		}
	}
}
