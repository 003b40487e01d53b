package sync

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
)

// Push limits and the schema this server speaks.
const (
	MaxMutations = 100
	MaxPushBytes = 1 << 20
	SchemaHeader = "X-Duo-Schema"
	// SchemaVersion is the version of the sync contract this server speaks, and
	// MinSchemaVersion the oldest it still answers. Within a version the server only adds
	// (fields of a record, collections in a pull), and the app ignores what it does not know;
	// removing or renaming a field, changing its type or meaning, or asking more of a push
	// makes a new version (mobile-api.md, "Versions").
	SchemaVersion    = 1
	MinSchemaVersion = 1
)

// PushRequest is the body of POST /api/sync/push.
type PushRequest struct {
	ClientID  string
	Mutations []Mutation
	// Acked is the last mid whose answer the app received (every mid up to it was answered):
	// a server restored from a backup may remember less of the install, and takes the app's
	// word for its own mids instead of asking for mutations the app no longer holds.
	Acked int64
}

// Mutation is one offline edit. What is wrong inside it (an unknown collection or field, an
// id of the wrong form) is answered in its result, so that one bad edit never blocks a queue.
type Mutation struct {
	Mid        int64
	Collection string
	Op         string
	ID         string
	Base       string
	Fields     map[string]any
	Problem    string // why the mutation cannot be read, if it cannot
}

// maxMid keeps mids exact in a float64 and in JavaScript numbers.
const maxMid = math.MaxInt32 * 1024.0

var clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

// Request-level problems.
var (
	errTooManyMutations = fmt.Errorf("at most %d mutations per push", MaxMutations)
	errNotPush          = errors.New("the body is not a push")
)

// DecodePush reads a push body. It fails only when the request as a whole cannot be answered
// mutation by mutation: not JSON, no client id, or mids that are missing, not whole numbers
// or not increasing (a mid is how the app recognises each answer).
func DecodePush(body []byte) (PushRequest, error) {
	var raw struct {
		ClientID  *string           `json:"clientId"`
		Mutations []json.RawMessage `json:"mutations"`
		Acked     *float64          `json:"acked"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil || dec.More() {
		return PushRequest{}, fmt.Errorf("%w: malformed JSON", errNotPush)
	}
	if raw.ClientID == nil || !clientIDPattern.MatchString(*raw.ClientID) {
		return PushRequest{}, fmt.Errorf("%w: clientId must be 8 to 64 characters among A-Z a-z 0-9 _ -", errNotPush)
	}
	if len(raw.Mutations) > MaxMutations {
		return PushRequest{}, errTooManyMutations
	}
	req := PushRequest{ClientID: *raw.ClientID, Mutations: make([]Mutation, 0, len(raw.Mutations))}
	if raw.Acked != nil {
		if a := *raw.Acked; a < 0 || a > maxMid || a != math.Trunc(a) {
			return PushRequest{}, fmt.Errorf("%w: acked must be a whole number from 0", errNotPush)
		}
		req.Acked = int64(*raw.Acked)
	}
	var last int64
	for i, item := range raw.Mutations {
		m, err := decodeMutation(item)
		if err != nil {
			return PushRequest{}, fmt.Errorf("%w: mutation %d: %v", errNotPush, i, err)
		}
		if m.Mid <= last {
			return PushRequest{}, fmt.Errorf("%w: mutation %d: mids must increase", errNotPush, i)
		}
		last = m.Mid
		req.Mutations = append(req.Mutations, m)
	}
	if len(req.Mutations) > 0 && req.Acked >= req.Mutations[0].Mid {
		return PushRequest{}, fmt.Errorf("%w: acked must be below the first mid (a mutation whose answer arrived is not sent again)", errNotPush)
	}
	return req, nil
}

func decodeMutation(item json.RawMessage) (Mutation, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(item, &fields); err != nil || fields == nil {
		return Mutation{}, errors.New("not an object")
	}
	var mid float64
	if err := json.Unmarshal(fields["mid"], &mid); err != nil || mid < 1 || mid > maxMid || mid != math.Trunc(mid) {
		return Mutation{}, errors.New("mid must be a whole number from 1")
	}
	m := Mutation{Mid: int64(mid)}
	text := func(key string, dst *string) {
		if v, ok := fields[key]; ok && m.Problem == "" {
			if json.Unmarshal(v, dst) != nil {
				m.Problem = key + " must be text"
			}
		}
	}
	text("collection", &m.Collection)
	text("op", &m.Op)
	text("id", &m.ID)
	text("base", &m.Base)
	if v, ok := fields["fields"]; ok && m.Problem == "" && string(v) != "null" {
		if json.Unmarshal(v, &m.Fields) != nil {
			m.Problem = "fields must be an object"
		}
	}
	return m, nil
}
