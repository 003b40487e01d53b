package sync

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/i18n"
)

// Statuses of a mutation's result.
const (
	Applied   = "applied"
	Duplicate = "duplicate"
	Conflict  = "conflict"
	Rejected  = "rejected"
	// Resend: not looked at, because a mutation before it is missing (its mid is above
	// lastMid + 1); the app sends it again, after the missing ones, from resendFrom.
	Resend = "resend"
)

// Result is the outcome of one mutation.
type Result struct {
	Mid     int64          `json:"mid"`
	Status  string         `json:"status"`
	Code    string         `json:"code,omitempty"`
	Message string         `json:"message,omitempty"`
	Fields  map[string]any `json:"fields,omitempty"`
	First   *Result        `json:"first,omitempty"` // for a duplicate: the outcome it had the first time
	// Record is the record as the server now holds it and shows it to the person; absent
	// when they may not read it or it is gone. Never stored with the outcome (withRecords).
	// (A *core.Record when answered; read back from JSON, a map of its fields.)
	Record any `json:"record,omitempty"`
}

// PushResponse is the answer of POST /api/sync/push.
type PushResponse struct {
	LastMid int64 `json:"lastMid"`
	// ResendFrom, when set, is the mid the app must send next: a gap stopped the push there.
	ResendFrom int64    `json:"resendFrom,omitempty"`
	Results    []Result `json:"results"`
}

func (s *Syncer) handlePush(e *core.RequestEvent) error {
	user, err := syncUser(e)
	if err != nil {
		return err
	}
	if err := checkSchema(e); err != nil {
		return err
	}
	body, err := io.ReadAll(e.Request.Body)
	if err != nil {
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) {
			return apiErr
		}
		return router.NewApiError(http.StatusRequestEntityTooLarge, "A push carries at most 1 MB.", nil)
	}
	req, err := DecodePush(body)
	switch {
	case errors.Is(err, errTooManyMutations):
		return router.NewApiError(http.StatusRequestEntityTooLarge, "A push carries at most 100 mutations.", nil)
	case err != nil:
		// why stays in the params, in English, for the app's developers; people read the rest
		return badField("body", CodeBody, "The app sent changes in a form the server cannot read.", map[string]any{"why": err.Error()})
	}
	// The rules only ask who is asking; the body was read once, by DecodePush.
	info := &core.RequestInfo{Auth: user, Method: e.Request.Method, Context: core.RequestInfoContextDefault,
		Query: map[string]string{}, Headers: map[string]string{}, Body: map[string]any{}}
	resp, err := s.applyPush(e.App, pushContext{info: info, user: user, client: req.ClientID,
		acked: req.Acked, locale: i18n.LocaleFor(user, "")}, req.Mutations)
	if err != nil {
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) {
			return apiErr
		}
		e.App.Logger().Error("sync: push failed", "error", err)
		return router.NewApiError(http.StatusServiceUnavailable, "The server could not take these changes now; nothing was applied. Try again later.", nil)
	}
	// The body was read once above; the records' enrichment asks PocketBase for the request's
	// info, which would read it again: an empty one serves (it needs who asks, not the body).
	e.Request.Body = io.NopCloser(strings.NewReader("{}"))
	if err := withRecords(e, info, req.Mutations, &resp); err != nil {
		// The push is applied and its outcomes stored: answer them without the records.
		e.App.Logger().Warn("sync: the records of a push's results could not be read", "error", err)
	}
	return e.JSON(http.StatusOK, resp)
}

// pushContext is who pushes, through which app install.
type pushContext struct {
	info   *core.RequestInfo
	user   *core.Record
	client string
	acked  int64
	locale string
}

// writtenThenFailed stops a push's transaction when a mutation failed after writing rows:
// the push is replayed without it, so nothing of it survives, not even in realtime events.
type writtenThenFailed struct{ result Result }

func (writtenThenFailed) Error() string { return "a mutation failed after writing" }

// applyPush applies the mutations in one transaction with the client's last mid and every
// outcome, so a response lost on the way is answered again, identically, to the retry.
func (s *Syncer) applyPush(app core.App, pc pushContext, mutations []Mutation) (PushResponse, error) {
	excluded := map[int64]Result{}
	for attempt := 0; attempt <= len(mutations); attempt++ {
		var resp PushResponse
		err := app.RunInTransaction(func(tx core.App) error {
			m, err := loadMeta(tx)
			if err != nil {
				return err
			}
			install, err := bindClient(tx, pc, s.now().UnixMilli(), m.epoch)
			if err != nil {
				return err
			}
			lastMid := install.resumeAt(tx, pc, mutations, m)
			resp = PushResponse{LastMid: lastMid, Results: make([]Result, 0, len(mutations))}
			var fresh []Result // first outcomes, kept for retries
			for _, m := range mutations {
				if m.Mid > resp.LastMid+1 || resp.ResendFrom != 0 {
					// A mutation before this one never arrived (two pushes crossed, a queue
					// lost an item): applying this one would make that one a "duplicate".
					resp.ResendFrom = resp.LastMid + 1
					resp.Results = append(resp.Results, pc.resend(m.Mid, resp.ResendFrom))
					continue
				}
				r, isNew, err := s.outcome(tx, pc, m, lastMid, excluded)
				if err != nil {
					return err
				}
				resp.Results = append(resp.Results, r)
				if isNew {
					resp.LastMid = m.Mid
					fresh = append(fresh, r)
				}
			}
			now := s.now().UnixMilli()
			if err := insertMany(tx, "_sync_results", []string{"client", "mid", "at", "result"}, fresh, func(r Result) []any {
				encoded, _ := json.Marshal(r)
				return []any{pc.client, r.Mid, now, string(encoded)}
			}); err != nil {
				return err
			}
			_, err = tx.DB().Update("_sync_clients", dbx.Params{"last_mid": resp.LastMid, "updated": now, "epoch": m.epoch},
				dbx.HashExp{"id": pc.client}).Execute()
			return err
		})
		var failed writtenThenFailed
		if errors.As(err, &failed) {
			excluded[failed.result.Mid] = failed.result
			continue
		}
		return resp, err
	}
	return PushResponse{}, errors.New("push did not settle")
}

// outcome answers one mutation: again its first outcome if it was already processed (isNew
// false), else the result of applying it now.
func (s *Syncer) outcome(tx core.App, pc pushContext, m Mutation, lastMid int64, excluded map[int64]Result) (Result, bool, error) {
	if m.Mid <= lastMid {
		return Result{Mid: m.Mid, Status: Duplicate, First: storedResult(tx, pc.client, m.Mid)}, false, nil
	}
	if r, ok := excluded[m.Mid]; ok {
		return r, true, nil
	}
	r, err := s.apply(tx, pc, m)
	return r, true, err
}

// install is what the server remembers of an app install: the last mid it processed, and
// the epoch it last pushed in.
type install struct {
	lastMid int64
	epoch   string
	known   bool // pushed before (in this database's memory)
}

// bindClient ties an app install to its person on first use; another person may not push
// through it.
func bindClient(tx core.App, pc pushContext, now int64, epoch string) (install, error) {
	res, err := tx.DB().NewQuery("INSERT OR IGNORE INTO _sync_clients (id, user_id, last_mid, created, updated, epoch) " +
		"VALUES ({:id}, {:user}, 0, {:now}, {:now}, {:epoch})").
		Bind(dbx.Params{"id": pc.client, "user": pc.user.Id, "now": now, "epoch": epoch}).Execute()
	if err != nil {
		return install{}, err
	}
	inserted, _ := res.RowsAffected()
	var owner string
	in := install{known: inserted == 0}
	if err := tx.DB().NewQuery("SELECT user_id, last_mid, epoch FROM _sync_clients WHERE id = {:id}").
		Bind(dbx.Params{"id": pc.client}).Row(&owner, &in.lastMid, &in.epoch); err != nil {
		return install{}, err
	}
	if owner != pc.user.Id {
		return install{}, router.NewForbiddenError("This app install belongs to another person: sign out, then in, to get a new client id.",
			validation.Errors{"clientId": validation.NewError(CodeClientTaken, "Used by another person.")})
	}
	return in, nil
}

// resumeAt is the last mid this push follows. Normally what the server stored; but a restore
// takes the server's memory of an install back in time while the phone has dropped the
// mutations it was answered for, so no resend could ever fill the gap. The server then takes
// the phone's word: the mid it says it was answered up to (acked), or, for an install last
// seen in an earlier epoch (or unknown, pushing edits based on an earlier epoch), the mid its
// queue now starts at. Its stale edits then come back as conflicts, never stuck.
func (in install) resumeAt(tx core.App, pc pushContext, mutations []Mutation, m meta) int64 {
	lastMid := in.lastMid
	if pc.acked > lastMid {
		tx.Logger().Warn("sync: an install was answered further than the server remembers (a restore?); resuming it",
			"client", pc.client, "remembered", lastMid, "acked", pc.acked)
		lastMid = pc.acked
	}
	if len(mutations) == 0 || mutations[0].Mid <= lastMid+1 {
		return lastMid
	}
	forgotten := in.known && in.epoch != m.epoch
	if !in.known {
		forgotten = slices.ContainsFunc(mutations, func(mu Mutation) bool { return baseOfAnotherEpoch(mu.Base, m) })
	}
	if !forgotten {
		return lastMid // a mutation really is missing (two pushes crossed): resend
	}
	tx.Logger().Warn("sync: an install from before the current epoch resumes where its queue starts",
		"client", pc.client, "remembered", lastMid, "from", mutations[0].Mid)
	return mutations[0].Mid - 1
}

// baseOfAnotherEpoch says whether a base is a cursor this server gave before its epoch changed.
func baseOfAnotherEpoch(base string, m meta) bool {
	if base == "" {
		return false
	}
	c, err := decodeCursor(base, m.secret)
	return err == nil && c.Epoch != m.epoch
}

func storedResult(tx core.App, client string, mid int64) *Result {
	var raw string
	if err := tx.DB().NewQuery("SELECT result FROM _sync_results WHERE client = {:c} AND mid = {:m}").
		Bind(dbx.Params{"c": client, "m": mid}).Row(&raw); err != nil {
		return nil // older than the retention period
	}
	r := &Result{}
	if json.Unmarshal([]byte(raw), r) != nil {
		return nil
	}
	return r
}
