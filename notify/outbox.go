// Package notify delivers push notifications: the phones people register, the durable outbox
// every notification is written to first, and the dispatcher that sends it through Firebase
// (or the log) in the person's language, outside quiet hours, retrying what can be retried.
package notify

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Kinds of notification; each has its texts in i18n/locales (notifications).
const (
	KindMeetingReminder   = "meeting_reminder"
	KindMeetingNudge      = "meeting_nudge"
	KindAgreementReminder = "agreement_reminder"
	KindEvaluationDue     = "evaluation_due"
	KindEvaluationOverdue = "evaluation_overdue"
	KindWeeklyDigest      = "weekly_digest"
	KindSessionReminder   = "session_reminder"
	KindSessionNoShow     = "session_noshow"
)

// Statuses of an outbox row: pending (waiting for its time), sending (claimed by a
// dispatcher until next_attempt_at), then sent, failed (with the reason), expired, or
// cancelled (no longer true when its time came: the evaluation was answered meanwhile).
const (
	StatusPending   = "pending"
	StatusSending   = "sending"
	StatusSent      = "sent"
	StatusFailed    = "failed"
	StatusExpired   = "expired"
	StatusCancelled = "cancelled"
)

// Due is a notification about to be sent, as a relevance check sees it.
type Due struct {
	ID, User, Registration, Kind, Duo string
	Target                            map[string]string
}

// Obsolete tells, among notifications about to be sent, those no longer true (by id, with the
// reason): a reminder waits for the morning or for FCM, and meanwhile the person may have
// done what it asks.
type Obsolete func(app core.App, due []Due) (map[string]string, error)

// Notification is one push (or mail) to one person, as a reminder rule decides it.
type Notification struct {
	User string
	// Registration, instead of User, is a registrant of the public sign-up: no account, no
	// app, so a mail (ChannelMail) in the registration's language and its branch's zone.
	Registration string
	Kind         string
	Duo          string // empty for a notification about several duos
	// Period tells two notifications of the same kind, duo and person apart (a meeting
	// date, a ladder step); with them it makes the dedupe key.
	Period string
	// Text is the catalog key of the title and body, Kind when empty.
	Text string
	// Params fill the text's placeholders: first names, a time, a count; never more personal
	// than a first name, since the payload crosses Google's and Apple's servers.
	Params map[string]string
	// Target is where the app opens: screen (duo, meeting, objective, evaluation,
	// agreement, duos) and the ids it needs.
	Target map[string]string
	Due    time.Time
	// Expires is when the notification stops being useful; never when zero.
	Expires time.Time
	// AboutPerson or AboutRegistration is whom the notification names when that is not its
	// recipient (a no-show to the host): the outbox row is deleted with them (an erasure).
	AboutPerson, AboutRegistration string
	// Channel is how it leaves: a push (ChannelPush, the default), a push if the person has
	// a phone when it is sent and else a mail (ChannelPushElseMail), or a mail (ChannelMail).
	Channel string
}

// DedupeKey is kind:duo:person:period (the person a registrant's "registration.<id>"); the
// outbox holds each key at most once.
func (n Notification) DedupeKey() string {
	who := n.User
	if n.Registration != "" {
		who = "registration." + n.Registration
	}
	return strings.Join([]string{n.Kind, n.Duo, who, n.Period}, ":")
}

// payload is what the outbox keeps to render and route the notification when it is sent.
type payload struct {
	Text   string            `json:"text"`
	Params map[string]string `json:"params,omitempty"`
	Target map[string]string `json:"target,omitempty"`
	// Channel is the Notification's; empty for a push.
	Channel string `json:"channel,omitempty"`
}

const outboxTable = "notifications"

// enqueueChunk is how many notifications one transaction writes: a week of catch-up is
// 100,000 rows, and phones' writes must not wait for all of them (5,000 hold the writer
// about 50 ms; 1,000 cost a third more in all, in commits).
const enqueueChunk = 5000

// Enqueue writes notifications to the outbox unless their dedupe key is already there, in
// chunks of enqueueChunk per transaction; it returns how many were new. Two planners (or two servers)
// enqueuing the same reminder write it once: the unique index decides.
func Enqueue(app core.App, list ...Notification) (int, error) {
	created := 0
	for start := 0; start < len(list); start += enqueueChunk {
		n, err := enqueue(app, list[start:min(start+enqueueChunk, len(list))])
		created += n
		if err != nil {
			return created, err
		}
	}
	return created, nil
}

func enqueue(app core.App, list []Notification) (int, error) {
	created := 0
	err := app.RunInTransaction(func(tx core.App) error {
		created = 0
		now := types.NowDateTime().String()
		stmt := tx.DB().NewQuery(`INSERT INTO notifications
			(id, user, registration, about_person, about_registration, kind, dedupe_key, duo, payload, due_at, next_attempt_at,
				expires_at, status, attempts, last_error, sent_at, created, updated)
			VALUES ({:id}, {:user}, {:registration}, {:aboutPerson}, {:aboutRegistration}, {:kind}, {:key}, {:duo}, {:payload},
				{:due}, {:due}, {:expires}, 'pending', 0, '', '', {:now}, {:now})
			ON CONFLICT (dedupe_key) DO NOTHING`)
		stmt.Prepare()
		defer stmt.Close()
		for _, n := range list {
			text := n.Text
			if text == "" {
				text = n.Kind
			}
			body, err := json.Marshal(payload{Text: text, Params: n.Params, Target: n.Target, Channel: n.Channel})
			if err != nil {
				return err
			}
			res, err := stmt.Bind(dbx.Params{
				"id": core.GenerateDefaultRandomId(), "user": n.User, "registration": n.Registration,
				"aboutPerson": n.AboutPerson, "aboutRegistration": n.AboutRegistration, "kind": n.Kind,
				"key": n.DedupeKey(), "duo": n.Duo, "payload": string(body), "due": dateTime(n.Due),
				"expires": dateTime(n.Expires), "now": now,
			}).Execute()
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k > 0 {
				created++
			}
		}
		return nil
	})
	return created, err
}

// dateTime is a time as PocketBase stores it, "" for the zero time.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	dt, _ := types.ParseDateTime(t)
	return dt.String()
}
