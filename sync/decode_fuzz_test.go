package sync

import (
	"encoding/json"
	"testing"
)

// FuzzDecodePush: whatever the body, the decoder never panics, and what it accepts keeps its
// promises: a well-formed client id, at most 100 mutations, mids from 1 and increasing.
func FuzzDecodePush(f *testing.F) {
	for _, seed := range []string{
		`{"clientId":"phone-of-amina","mutations":[]}`,
		`{"clientId":"phone-of-amina","mutations":[{"mid":1,"collection":"meetings","op":"create","id":"abcdefghij12345","base":"","fields":{"minutes":90}}]}`,
		`{"clientId":"phone-of-amina","mutations":[{"mid":1,"op":"delete","id":"x"},{"mid":2,"fields":[1]}]}`,
		`{"clientId":"short","mutations":[]}`,
		`{"clientId":"phone-of-amina","mutations":[{"mid":2},{"mid":1}]}`,
		`{"clientId":"phone-of-amina","mutations":[{"mid":1e300}]}`,
		`{"clientId":"phone-of-amina","mutations":[{"mid":"1"}]}`,
		`{"clientId":"phone-of-amina","mutations":null}`,
		`[]`, `null`, `{`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := DecodePush(body)
		if err != nil {
			return
		}
		if !clientIDPattern.MatchString(req.ClientID) {
			t.Fatalf("accepted client id %q", req.ClientID)
		}
		if len(req.Mutations) > MaxMutations {
			t.Fatalf("accepted %d mutations", len(req.Mutations))
		}
		var last int64
		for _, m := range req.Mutations {
			if m.Mid <= last {
				t.Fatalf("mids %d after %d", m.Mid, last)
			}
			last = m.Mid
			if m.Problem == "" {
				if _, err := json.Marshal(m.Fields); err != nil {
					t.Fatalf("fields that cannot be written back: %v", err)
				}
			}
		}
	})
}
