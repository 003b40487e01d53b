package notify

import (
	"encoding/json"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/lifecycle"
)

// claim is one notification taken for sending, with what rendering it needs.
type claim struct {
	id, user, kind, duo string
	registration        string // a registrant's, instead of user
	payload             payload
	attempts            int    // including this one
	lease               string // next_attempt_at while claimed: the claim's mark
	expires             time.Time
	name, locale, email string
	branchLocale, zone  string
	devices             []device
	mail                bool // leaves as a mail (decided by deliver, when it is sent)
}

type device struct {
	id, user, token, platform, locale string
}

// collapseKey: a newer push of the same kind about the same duo (or session) replaces an
// unread older one.
func (c *claim) collapseKey() string {
	if session := c.payload.Target["session"]; session != "" {
		return c.kind + "_" + session
	}
	if c.duo == "" {
		return c.kind + "_" + c.user
	}
	return c.kind + "_" + c.duo
}

type dueRow struct {
	ID           string `db:"id"`
	User         string `db:"user"`
	Registration string `db:"registration"`
	Kind         string `db:"kind"`
	Duo          string `db:"duo"`
	Payload      string `db:"payload"`
	Expires      string `db:"expires_at"`
	Attempts     int    `db:"attempts"`
	Name         string `db:"name"`
	Email        string `db:"email"`
	Locale       string `db:"locale"`
	BranchLocale string `db:"branch_locale"`
	Zone         string `db:"zone"`
}

// claim takes the next due notifications in one transaction: expired ones end, those due in
// their person's quiet hours wait for the morning, those no longer true are cancelled, the
// rest are leased for sending. more is false when nothing was due.
func (d *Dispatcher) claim() (claims []*claim, stats Stats, more bool, err error) {
	now := d.now()
	err = d.app.RunInTransaction(func(tx core.App) error {
		var rows []dueRow
		// A person's, or a registrant's (no account: the registration's language, its branch's zone).
		err := tx.DB().NewQuery(`SELECT n.id, n.user, n.registration, n.kind, n.duo, n.payload, n.expires_at, n.attempts,
				COALESCE(u.name, r.first_name, '') AS name, COALESCE(u.email, r.email, '') AS email,
				COALESCE(u.locale, r.language, '') AS locale, COALESCE(b.locale, '') AS branch_locale,
				COALESCE(NULLIF(u.timezone, ''), b.timezone, '') AS zone
			FROM notifications n LEFT JOIN users u ON u.id = n.user LEFT JOIN registrations r ON r.id = n.registration
				LEFT JOIN branches b ON b.id = COALESCE(u.branch, r.branch)
			WHERE n.status IN ('pending', 'sending') AND n.next_attempt_at <= {:now}
			ORDER BY n.next_attempt_at LIMIT {:limit}`).
			Bind(dbx.Params{"now": dateTime(now), "limit": d.Batch}).All(&rows)
		claims, stats, more = nil, Stats{}, len(rows) > 0
		if err != nil || !more {
			return err
		}
		var expired []any
		var morning map[string][]any
		claims, expired, morning = triage(rows, now)
		stamp := dateTime(now)
		stats = Stats{Expired: len(expired)}
		if err := setWhere(tx, expired, dbx.Params{"status": StatusExpired, "updated": stamp,
			"last_error": "expired before it could be delivered"}); err != nil {
			return err
		}
		for at, ids := range morning {
			if err := setWhere(tx, ids, dbx.Params{"status": StatusPending, "next_attempt_at": at, "updated": stamp}); err != nil {
				return err
			}
			stats.Deferred += len(ids)
		}
		if claims, err = d.dropObsolete(tx, claims, &stats, stamp); err != nil {
			return err
		}
		if err := d.lease(tx, claims, now); err != nil {
			return err
		}
		return attachDevices(tx, claims)
	})
	return claims, stats, more, err
}

// triage sorts due rows: expired, waiting for the morning (by the time they may go), or ready.
func triage(rows []dueRow, now time.Time) (ready []*claim, expired []any, morning map[string][]any) {
	morning = map[string][]any{}
	for _, r := range rows {
		expires := parseTime(r.Expires)
		if !expires.IsZero() && !now.Before(expires) {
			expired = append(expired, r.ID)
			continue
		}
		if until := quietUntil(now, lifecycle.Zone(r.Zone)); until.After(now) {
			at := dateTime(until)
			morning[at] = append(morning[at], r.ID)
			continue
		}
		c := &claim{id: r.ID, user: r.User, registration: r.Registration, kind: r.Kind, duo: r.Duo, attempts: r.Attempts + 1,
			expires: expires, name: r.Name, email: r.Email, locale: r.Locale, branchLocale: r.BranchLocale, zone: r.Zone}
		_ = json.Unmarshal([]byte(r.Payload), &c.payload) // written by Enqueue; a bad one renders empty
		ready = append(ready, c)
	}
	return ready, expired, morning
}

// dropObsolete cancels the claims the Obsolete check says are no longer true.
func (d *Dispatcher) dropObsolete(tx core.App, claims []*claim, stats *Stats, stamp string) ([]*claim, error) {
	if d.Obsolete == nil || len(claims) == 0 {
		return claims, nil
	}
	due := make([]Due, len(claims))
	for i, c := range claims {
		due[i] = Due{ID: c.id, User: c.user, Registration: c.registration, Kind: c.kind, Duo: c.duo, Target: c.payload.Target}
	}
	obsolete, err := d.Obsolete(tx, due)
	if err != nil || len(obsolete) == 0 {
		return claims, err
	}
	var keep []*claim
	for _, c := range claims {
		reason, drop := obsolete[c.id]
		if !drop {
			keep = append(keep, c)
			continue
		}
		if err := setWhere(tx, []any{c.id}, dbx.Params{"status": StatusCancelled, "last_error": reason, "updated": stamp}); err != nil {
			return nil, err
		}
		stats.Cancelled++
	}
	return keep, nil
}

// lease marks the claims as being sent until the lease ends; that mark is the claim's own.
func (d *Dispatcher) lease(tx core.App, claims []*claim, now time.Time) error {
	if len(claims) == 0 {
		return nil
	}
	until := dateTime(now.Add(d.Lease))
	ids := make([]any, len(claims))
	for i, c := range claims {
		ids[i], c.lease = c.id, until
	}
	_, err := tx.DB().Update(outboxTable, dbx.Params{"status": StatusSending, "next_attempt_at": until,
		"attempts": dbx.NewExp("attempts + 1"), "updated": dateTime(now)}, dbx.In("id", ids...)).Execute()
	return err
}

func setWhere(tx core.App, ids []any, cols dbx.Params) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.DB().Update(outboxTable, cols, dbx.In("id", ids...)).Execute()
	return err
}

// attachDevices reads the phones of the claimed people in one query.
func attachDevices(tx core.App, claims []*claim) error {
	users := make([]any, 0, len(claims))
	byUser := map[string][]*claim{}
	for _, c := range claims {
		if c.user == "" {
			continue // a registrant has no app
		}
		if _, seen := byUser[c.user]; !seen {
			users = append(users, c.user)
		}
		byUser[c.user] = append(byUser[c.user], c)
	}
	if len(users) == 0 {
		return nil
	}
	var rows []struct {
		ID       string `db:"id"`
		User     string `db:"user"`
		Token    string `db:"token"`
		Platform string `db:"platform"`
		Locale   string `db:"locale"`
	}
	if err := tx.DB().Select("id", "user", "token", "platform", "locale").From("devices").
		Where(dbx.In("user", users...)).OrderBy("id").All(&rows); err != nil {
		return err
	}
	for _, r := range rows {
		for _, c := range byUser[r.User] {
			c.devices = append(c.devices, device{id: r.ID, user: r.User, token: r.Token, platform: r.Platform, locale: r.Locale})
		}
	}
	return nil
}

func parseTime(s string) time.Time {
	dt, _ := types.ParseDateTime(s) // "" and bad values are the zero time
	return dt.Time()
}
