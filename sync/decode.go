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
	MaxMutations  = 100
	MaxPushBytes  = 1 << 20
	SchemaVersion = 1
	SchemaHeader  = "X-Duo-Schema"
)

// PushRequest is the body of POST /api/sync/push.
type PushRequest struct {
	ClientID  string
	Mutations []Mutation
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
	return req, nil
}

func decodeMutation(item json.RawMessage) (Mutation, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(item, &fields); err != nil || fields == nil {
		return Mutation{}, errors.New("not an object")
	}
	var mid float64
	if err := json.Unmarshal(fields["mid"], &mid); err != nil || mid < 1 || mid > math.MaxInt32*1024.0 || mid != math.Trunc(mid) {
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
