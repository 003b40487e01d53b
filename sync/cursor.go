package sync

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// cursor is where a phone's copy stands. The app stores it with the rows of the page that
// returned it and sends it back as is: it is opaque, signed, and bound to one person.
type cursor struct {
	Epoch string `json:"e"`
	User  string `json:"u"`
	Seq   int64  `json:"s"` // every change up to Seq is in the copy (but for Phase)
	// Mark fingerprints the change at Seq (changeMark): a log restored by hand, without a new
	// epoch, that has since moved past Seq holds another change there.
	Mark  string `json:"w,omitempty"`
	Phase *phase `json:"p,omitempty"`
}

// phase is a long enumeration under way, resumed page after page: the initial copy, the
// records of an audience the person joined, or the deletions of one they left.
type phase struct {
	Kind       string `json:"k"` // initial | join | leave
	Audience   string `json:"a,omitempty"`
	At         int64  `json:"t,omitempty"` // the join or leave change being worked through
	Collection int    `json:"c"`           // index in access.SyncedCollections (initial, join)
	After      string `json:"l,omitempty"` // last id (or "collection/id" for a leave) already sent
}

var errBadCursor = errors.New("malformed or forged cursor")

// meta is the server's sync state: its epoch (new after a restore), the key that signs
// cursors, and the horizon below which tombstones were pruned.
type meta struct {
	epoch, secret string
	horizon       int64
}

func loadMeta(app core.App) (meta, error) {
	rows := []struct {
		Key   string `db:"key"`
		Value string `db:"value"`
	}{}
	if err := app.DB().Select("key", "value").From("_sync_meta").All(&rows); err != nil {
		return meta{}, err
	}
	var m meta
	for _, r := range rows {
		switch r.Key {
		case "epoch":
			m.epoch = r.Value
		case "secret":
			m.secret = r.Value
		case "horizon":
			_ = json.Unmarshal([]byte(r.Value), &m.horizon)
		}
	}
	if m.epoch == "" || m.secret == "" {
		return m, errors.New("sync metadata missing")
	}
	return m, nil
}

func (c cursor) encode(secret string) string {
	payload, _ := json.Marshal(c)
	body := base64.RawURLEncoding.EncodeToString(payload)
	return body + "." + sign(secret, body)
}

func decodeCursor(s, secret string) (cursor, error) {
	var c cursor
	body, mac, found := strings.Cut(s, ".")
	if !found || !hmac.Equal([]byte(mac), []byte(sign(secret, body))) {
		return c, errBadCursor
	}
	payload, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || json.Unmarshal(payload, &c) != nil || c.Seq < 0 {
		return c, errBadCursor
	}
	return c, nil
}

func sign(secret, body string) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:16])
}
