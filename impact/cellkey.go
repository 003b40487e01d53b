package impact

// The cell key method (Eurostat's handbook on statistical disclosure control, frequency
// tables; ABS TableBuilder; ONS Cantabular): every duo and person carries a key drawn once
// at random (keys.go), a cell's key is the sum of its records' keys modulo 256, and the
// perturbation table below gives, for the cell's count and key, the noise added to it. The
// same records always give the same noise: asking again returns the same figure, and two
// tables that differ by a few people differ by noise, not by those people.
//
// The table is public (impact.md): zero stays zero (no records, nothing to perturb); a count
// of 1 becomes 0, 1, 2 or 3; any other count moves by at most 2. Every noise has mean zero,
// so sums and rates have no bias; its variance is at most perturbVariance.

// maxNoise is the most a cell moves.
const maxNoise = 2

// perturbVariance is the variance of a cell's noise (for a count of 2 or more; 0.87 for a
// count of 1), which the published intervals take in (publish.go).
const perturbVariance = (26*4*2 + 51*2) / 256.0

// noiseSlots: for a count of 1 and for any larger count, how many of the 256 cell keys give
// each noise from -2 to +2. Both average to zero exactly: 1 gives -1 on 91 keys, +1 on 51 and
// +2 on 20 (91 = 51 + 2×20); the larger counts are symmetric.
var noiseSlots = [2][2*maxNoise + 1]int{
	{0, 91, 94, 51, 20},
	{26, 51, 102, 51, 26},
}

// noiseByKey is noiseSlots spread over the keys: the noise of a cell of count 1 (row 0) or
// more (row 1) and key k.
var noiseByKey = func() (t [2][256]int8) {
	for row, slots := range noiseSlots {
		k := 0
		for i, n := range slots {
			for range n {
				t[row][k] = int8(i - maxNoise)
				k++
			}
		}
	}
	return t
}()

// perturb is the published value of a cell of n records whose keys add up to key.
func perturb(n int, key uint32) int {
	switch {
	case n <= 0:
		return 0
	case n == 1:
		return n + int(noiseByKey[0][key%256])
	}
	return n + int(noiseByKey[1][key%256])
}
