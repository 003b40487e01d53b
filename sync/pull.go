package sync

import (
	"net/http"
	"slices"
	"strconv"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// Page sizes of a pull.
const (
	DefaultLimit = 500
	MaxLimit     = 1000
)

// Change is one entry of a pull: the record as the REST API would return it to this person,
// or its deletion from their copy.
type Change struct {
	Collection string       `json:"collection"`
	ID         string       `json:"id"`
	Op         string       `json:"op"`
	Record     *core.Record `json:"record,omitempty"`
}

// PullResponse is the answer of GET /api/sync/pull.
type PullResponse struct {
	Cursor  string   `json:"cursor"`
	HasMore bool     `json:"hasMore"`
	Reset   bool     `json:"reset"`
	Changes []Change `json:"changes"`
}

func (s *Syncer) handlePull(e *core.RequestEvent) error {
	user, err := syncUser(e)
	if err != nil {
		return err
	}
	if err := checkSchema(e); err != nil {
		return err
	}
	limit, err := pullLimit(e.Request.URL.Query().Get("limit"))
	if err != nil {
		return err
	}
	m, err := loadMeta(e.App)
	if err != nil {
		return e.InternalServerError("", err)
	}
	cur, reset, err := startingCursor(e, m, user)
	if err != nil {
		return err
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	p := &pager{app: e.App, info: info, user: user, cur: cur, limit: limit}
	if err := p.fill(); err != nil {
		return e.InternalServerError("", err)
	}
	changes, err := p.resolve(e)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, PullResponse{Cursor: markCursor(e.App, p.cur).encode(m.secret), HasMore: p.hasMore(),
		Reset: reset, Changes: changes})
}

// syncUser is the person syncing: sync is for the app's people, not for superusers.
func syncUser(e *core.RequestEvent) (*core.Record, error) {
	if e.Auth == nil {
		return nil, e.UnauthorizedError("", nil)
	}
	if e.Auth.Collection().Name != "users" {
		return nil, e.ForbiddenError("Sync is for the app's people; superusers use the dashboard.", nil)
	}
	return e.Auth, nil
}

func pullLimit(raw string) (int, error) {
	if raw == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, badField("limit", CodeLimit, "Must be a whole number from 1 to {{.max}}.", map[string]any{"max": MaxLimit})
	}
	return n, nil
}

// startingCursor reads the phone's cursor; no cursor starts the initial copy, and a cursor
// the server can no longer continue (another epoch, another person, pruned tombstones)
// starts it again with reset, so the phone drops its synced rows first.
func startingCursor(e *core.RequestEvent, m meta, user *core.Record) (cursor, bool, error) {
	raw := e.Request.URL.Query().Get("cursor")
	if raw != "" {
		cur, err := decodeCursor(raw, m.secret)
		if err != nil {
			return cur, false, badField("cursor", CodeCursor, "Not a cursor this server gave out; start again without one.", nil)
		}
		if cur.Epoch == m.epoch && cur.User == user.Id && rewound(e.App, cur) {
			if m, err = loadMeta(e.App); err != nil {
				return cur, false, err
			}
		} else if cur.Epoch == m.epoch && cur.User == user.Id && cur.Seq >= m.horizon {
			return cur, false, nil
		}
	}
	// Every change after this seq will come after the initial copy, so nothing falls between.
	return cursor{Epoch: m.epoch, User: user.Id, Seq: currentSeq(e.App), Phase: &phase{Kind: "initial"}}, raw != "", nil
}

func badField(field, code, message string, params map[string]any) error {
	err := validation.NewError(code, message)
	if params != nil {
		err = err.SetParams(params)
	}
	return badRequest("Invalid sync request.", validation.Errors{field: err})
}

// candidate is a record the page will answer for: its current state if the person may read
// it, its deletion otherwise.
type candidate struct {
	collection, id string
	record         *core.Record // known visible (enumerations), or nil until resolved
}

func (c candidate) key() string { return c.collection + "/" + c.id }

// order sorts changes parents first, so a phone never receives a meeting before its duo.
func order(collection string) int { return slices.Index(access.SyncedCollections, collection) }
