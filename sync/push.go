package sync

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

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
		return badField("body", CodeBody, "Not a push: {{.why}}.", map[string]any{"why": err.Error()})
	}
	// The rules only ask who is asking; the body was read once, by DecodePush.
	info := &core.RequestInfo{Auth: user, Method: e.Request.Method, Context: core.RequestInfoContextDefault,
		Query: map[string]string{}, Headers: map[string]string{}, Body: map[string]any{}}
	resp, err := s.applyPush(e.App, pushContext{info: info, user: user, client: req.ClientID,
		locale: i18n.LocaleFor(user, "")}, req.Mutations)
	if err != nil {
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) {
			return apiErr
		}
		e.App.Logger().Error("sync: push failed", "error", err)
		return router.NewApiError(http.StatusServiceUnavailable, "The server could not take these changes now; nothing was applied. Try again later.", nil)
	}
	return e.JSON(http.StatusOK, resp)
}

// checkSchema answers 426 to an app that speaks another version of the sync contract: the
// X-Duo-Schema header, when sent, must name this server's.
func checkSchema(e *core.RequestEvent) error {
	v := e.Request.Header.Get(SchemaHeader)
	if v == "" || v == strconv.Itoa(SchemaVersion) {
		return nil
	}
	return router.NewApiError(http.StatusUpgradeRequired, "This version of the app is too old; please update it.",
		validation.Errors{"schema": validation.NewError(CodeSchema, "Supported: {{.version}}.").
			SetParams(map[string]any{"version": SchemaVersion})})
}

// pushContext is who pushes, through which app install.
type pushContext struct {
	info   *core.RequestInfo
	user   *core.Record
	client string
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
			lastMid, err := bindClient(tx, pc, s.now().UnixMilli())
			if err != nil {
				return err
			}
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
			_, err = tx.DB().Update("_sync_clients", dbx.Params{"last_mid": resp.LastMid, "updated": now},
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

// bindClient ties an app install to its person on first use; another person may not push
// through it. It returns the last mid processed for it.
func bindClient(tx core.App, pc pushContext, now int64) (int64, error) {
	if _, err := tx.DB().NewQuery("INSERT OR IGNORE INTO _sync_clients (id, user_id, last_mid, created, updated) " +
		"VALUES ({:id}, {:user}, 0, {:now}, {:now})").Bind(dbx.Params{"id": pc.client, "user": pc.user.Id, "now": now}).Execute(); err != nil {
		return 0, err
	}
	var owner string
	var lastMid int64
	if err := tx.DB().NewQuery("SELECT user_id, last_mid FROM _sync_clients WHERE id = {:id}").
		Bind(dbx.Params{"id": pc.client}).Row(&owner, &lastMid); err != nil {
		return 0, err
	}
	if owner != pc.user.Id {
		return 0, router.NewForbiddenError("This app install belongs to another person: sign out, then in, to get a new client id.",
			validation.Errors{"clientId": validation.NewError(CodeClientTaken, "Used by another person.")})
	}
	return lastMid, nil
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
