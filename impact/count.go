package impact

import (
	"encoding/json"
	"slices"
)

// Count is a number of people or duos; suppressed outside its branch when under MinCell (or
// when it would give away a smaller one), so it marshals as {"n": 12} or {"suppressed": true}.
type Count struct {
	N          int  `json:"n"`
	Suppressed bool `json:"suppressed,omitempty"`
}

func (c Count) MarshalJSON() ([]byte, error) {
	if c.Suppressed {
		return []byte(`{"suppressed":true}`), nil
	}
	return json.Marshal(struct {
		N int `json:"n"`
	}{c.N})
}

// Stat sums up a figure over N duos or people: its median and its mean (nil when N is 0).
type Stat struct {
	N          int      `json:"n"`
	Median     *float64 `json:"median"`
	Mean       *float64 `json:"mean"`
	Suppressed bool     `json:"suppressed,omitempty"`
}

func (s Stat) MarshalJSON() ([]byte, error) {
	if s.Suppressed {
		return []byte(`{"suppressed":true}`), nil
	}
	type plain Stat
	return json.Marshal(plain(s))
}

// newStat is the median and mean of values (sorted in place).
func newStat(values []float64) Stat {
	s := Stat{N: len(values)}
	if s.N == 0 {
		return s
	}
	slices.Sort(values)
	median := values[s.N/2]
	if s.N%2 == 0 {
		median = (values[s.N/2-1] + values[s.N/2]) / 2
	}
	var sum float64
	for _, v := range values {
		sum += v
	}
	mean := sum / float64(s.N)
	s.Median, s.Mean = &median, &mean
	return s
}
