// Package impact computes the programme's measures from duo's own records, per branch and
// cohort: counts, rates with their Wilson intervals, suppression of small cells.
package impact

import (
	"encoding/json"
	"math"
)

// z95 is the standard normal quantile of a two-sided 95% interval.
const z95 = 1.959963984540054

// MinCell is the smallest count, and denominator, shown outside its branch (after the
// perturbation: publish.go): a smaller cell could let someone recognise a person.
const MinCell = 10

// Rate is a share of a denominator: how many of the Denominator are in the Numerator, how
// many of them are not known (Unknown: no answer, counted in the denominator and not in the
// numerator; Pending, among them, those whose horizon has not come yet), the Value and its
// Wilson 95% interval. A suppressed rate carries no figures.
type Rate struct {
	Numerator   int      `json:"numerator"`
	Denominator int      `json:"denominator"`
	Unknown     int      `json:"unknown"`
	Pending     int      `json:"pending"`
	Value       *float64 `json:"value"`
	Low         *float64 `json:"low"`
	High        *float64 `json:"high"`
	Suppressed  bool     `json:"suppressed,omitempty"`
}

// NewRate computes a rate and its interval; an empty denominator has no value.
func NewRate(numerator, denominator, unknown, pending int) Rate {
	r := Rate{Numerator: numerator, Denominator: denominator, Unknown: unknown, Pending: pending}
	if denominator > 0 {
		v := float64(numerator) / float64(denominator)
		low, high := Wilson(numerator, denominator)
		r.Value, r.Low, r.High = &v, &low, &high
	}
	return r
}

// MarshalJSON writes a suppressed rate as {"suppressed": true} alone: no zero that could be
// read as a figure.
func (r Rate) MarshalJSON() ([]byte, error) {
	if r.Suppressed {
		return []byte(`{"suppressed":true}`), nil
	}
	type plain Rate
	return json.Marshal(plain(r))
}

// Wilson is the Wilson score interval of k successes in n trials, at 95%: unlike the normal
// approximation it stays within [0, 1] and is honest for small n and for rates near 0 or 1.
func Wilson(k, n int) (low, high float64) {
	if n == 0 {
		return 0, 1
	}
	p := float64(k) / float64(n)
	nf := float64(n)
	z2 := z95 * z95
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z95 / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}
