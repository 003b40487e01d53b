package notify

import (
	"fmt"
	"math"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Backoff of retries: 1 minute, doubling, at most 6 hours, each spread by jitter.
const (
	retryBase = time.Minute
	retryCap  = 6 * time.Hour
)

// outcome is what one claimed notification becomes.
type outcome struct {
	status string
	next   time.Time // pending only
	err    string
	undo   bool // not attempted after all: give the attempt back
}

// record writes every outcome of a batch in one transaction and removes the devices FCM
// reported dead. results are in the order deliver built the messages.
func (d *Dispatcher) record(claims []*claim, results []Result) (Stats, error) {
	var stats Stats
	now := d.now()
	var deadDevices []any
	outcomes := make([]outcome, len(claims))
	i := 0
	for n, c := range claims {
		mine := results[i : i+len(c.devices)]
		i += len(c.devices)
		for k, r := range mine {
			if r.Class == BadToken {
				deadDevices = append(deadDevices, c.devices[k].id)
			}
		}
		outcomes[n] = d.decide(c, mine, now)
		stats.count(outcomes[n])
	}
	stats.DevicesRemoved = len(deadDevices)
	err := d.app.RunInTransaction(func(tx core.App) error {
		stamp := dateTime(now)
		// Most of a batch is simply sent: one statement for all of those (per channel).
		sent := map[string][]any{}
		for n, c := range claims {
			if outcomes[n].status == StatusSent {
				channel := sentByPush
				if c.mail {
					channel = sentByMail
				}
				sent[channel] = append(sent[channel], c.id)
				continue
			}
			if err := write(tx, c, outcomes[n], stamp); err != nil {
				return err
			}
		}
		for channel, ids := range sent {
			if err := markSent(tx, ids, claims[0].lease, stamp, channel); err != nil {
				return err
			}
		}
		if len(deadDevices) == 0 {
			return nil
		}
		_, err := tx.DB().Delete("devices", dbx.In("id", deadDevices...)).Execute()
		return err
	})
	return stats, err
}

// decide: delivered to any device is sent; else a retryable error retries (after the
// backoff or the server's Retry-After, whichever is later) until MaxAttempts or the expiry;
// else it fails with the reason.
func (d *Dispatcher) decide(c *claim, results []Result, now time.Time) outcome {
	var retry, permanent, notSent *Result
	for k := range results {
		r := &results[k]
		switch r.Class {
		case Delivered:
			return outcome{status: StatusSent}
		case Retry:
			if retry == nil || r.RetryAfter > retry.RetryAfter {
				retry = r
			}
		case Permanent:
			permanent = r
		case NotSent:
			notSent = r
		}
	}
	switch {
	case retry != nil:
		return d.retry(c, retry, now)
	case c.payload.Channel == ChannelPushElseMail && allDead(results):
		// Every phone is gone (removed in this same transaction): the next claim mails it.
		return outcome{status: StatusPending, next: now, undo: true, err: "every device was unregistered: sent by mail next"}
	case notSent != nil:
		return outcome{status: StatusPending, next: now, undo: true, err: errText(notSent.Err)}
	case permanent != nil:
		return outcome{status: StatusFailed, err: errText(permanent.Err)}
	case len(c.devices) == 0:
		return outcome{status: StatusFailed, err: "no registered device"}
	default:
		return outcome{status: StatusFailed, err: "every device of this person was unregistered"}
	}
}

// allDead: every message of a notification was refused for a dead token.
func allDead(results []Result) bool {
	for _, r := range results {
		if r.Class != BadToken {
			return false
		}
	}
	return len(results) > 0
}

func (d *Dispatcher) retry(c *claim, r *Result, now time.Time) outcome {
	reason := errText(r.Err)
	if c.attempts >= d.MaxAttempts {
		return outcome{status: StatusFailed, err: fmt.Sprintf("gave up after %d attempts: %s", c.attempts, reason)}
	}
	exp := math.Pow(2, float64(c.attempts-1))
	wait := time.Duration(math.Min(float64(retryBase)*exp, float64(retryCap)) * d.jitter())
	wait = max(wait, r.RetryAfter)
	next := now.Add(wait)
	if !c.expires.IsZero() && !next.Before(c.expires) {
		return outcome{status: StatusExpired, err: "expired while retrying: " + reason}
	}
	return outcome{status: StatusPending, next: next, err: reason}
}

// markSent records the sent ones of a claim (all leased together, with the same mark) and
// how they left.
func markSent(tx core.App, ids []any, lease, stamp, channel string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.DB().Update(outboxTable, dbx.Params{"status": StatusSent, "sent_at": stamp, "last_error": "", "updated": stamp,
		"channel": channel},
		dbx.And(dbx.In("id", ids...), dbx.HashExp{"status": StatusSending, "next_attempt_at": lease})).Execute()
	return err
}

// write records an outcome unless the claim was lost: a dispatcher that outlived its lease
// (paused, partitioned) must not overwrite what the one that took over has recorded.
func write(tx core.App, c *claim, o outcome, stamp string) error {
	cols := dbx.Params{"status": o.status, "last_error": o.err, "updated": stamp}
	if o.status == StatusPending {
		cols["next_attempt_at"] = dateTime(o.next)
	}
	if o.undo {
		cols["attempts"] = dbx.NewExp("MAX(attempts - 1, 0)")
	}
	_, err := tx.DB().Update(outboxTable, cols,
		dbx.HashExp{"id": c.id, "status": StatusSending, "next_attempt_at": c.lease}).Execute()
	return err
}

func (s *Stats) count(o outcome) {
	switch {
	case o.status == StatusSent:
		s.Sent++
	case o.status == StatusFailed:
		s.Failed++
	case o.status == StatusExpired:
		s.Expired++
	case o.undo:
		s.NotSent++
	default:
		s.Retried++
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	text := err.Error()
	if len(text) > 1000 {
		text = text[:1000]
	}
	return text
}
