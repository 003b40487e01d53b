package notify

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Dispatcher sends what the outbox holds and is due, in batches: claim (one transaction),
// send (no transaction open), record every outcome (one transaction). A claim is a lease: a
// dispatcher that dies while sending leaves its rows to be taken again when the lease ends,
// so nothing is lost; a dispatcher asked to Stop finishes its batch first, so a restart sends
// nothing twice.
type Dispatcher struct {
	app    core.App
	sender Sender
	now    func() time.Time
	// Batch is how many notifications one claim takes (4,000: eight SendEach calls at once).
	Batch int
	// MaxBatches bounds one run; what is left waits for the next (50 batches: 200,000).
	MaxBatches int
	// Lease is how long a claim holds its rows; longer than any send can take.
	Lease time.Duration
	// MaxAttempts ends a notification that keeps failing (about a day of backoff at 12).
	MaxAttempts int
	// Obsolete, when set, drops what is no longer true before it is sent.
	Obsolete Obsolete
	// jitter spreads retries: a factor in [0.5, 1).
	jitter func() float64

	running  sync.Mutex
	stopping atomic.Bool
}

// NewDispatcher makes a dispatcher with the defaults above.
func NewDispatcher(app core.App, sender Sender, now func() time.Time) *Dispatcher {
	if now == nil {
		now = time.Now
	}
	return &Dispatcher{app: app, sender: sender, now: now, Batch: 4000, MaxBatches: 50,
		Lease: 10 * time.Minute, MaxAttempts: 12, jitter: func() float64 { return 0.5 + rand.Float64()/2 }}
}

// Stats counts what a run did.
type Stats struct {
	Sent, Retried, Failed, Expired, Cancelled, Deferred, NotSent, DevicesRemoved int
}

func (s *Stats) add(o Stats) {
	s.Sent += o.Sent
	s.Retried += o.Retried
	s.Failed += o.Failed
	s.Expired += o.Expired
	s.Cancelled += o.Cancelled
	s.Deferred += o.Deferred
	s.NotSent += o.NotSent
	s.DevicesRemoved += o.DevicesRemoved
}

// Run sends due notifications until none is left, MaxBatches is reached or Stop is called.
// It is a pipeline: the next batch is claimed and the previous one recorded while a batch is
// on the network, since the database and FCM each take about half of the time. A second Run
// while one is going returns at once.
func (d *Dispatcher) Run(ctx context.Context) (Stats, error) {
	var total Stats
	if !d.running.TryLock() {
		return total, nil
	}
	defer d.running.Unlock()
	claimed := make(chan []*claim) // one batch claimed ahead of the one being sent
	var claimStats Stats
	var claimErr error
	go func() {
		defer close(claimed)
		for range d.MaxBatches {
			if d.stopping.Load() || ctx.Err() != nil {
				return
			}
			claims, stats, more, err := d.claim()
			claimStats.add(stats)
			if err != nil || !more {
				claimErr = err
				return
			}
			if len(claims) > 0 { // a batch may have been all deferred, expired or cancelled
				claimed <- claims
			}
		}
	}()
	type delivered struct {
		claims  []*claim
		results []Result
	}
	toRecord := make(chan delivered, 1)
	recorded := make(chan error)
	go func() {
		var err error
		for b := range toRecord {
			if err == nil { // after a failure the rows stay leased and are taken over later
				var stats Stats
				stats, err = d.record(b.claims, b.results)
				total.add(stats)
			}
		}
		recorded <- err
	}()
	for claims := range claimed {
		toRecord <- delivered{claims, d.deliver(ctx, claims)}
	}
	close(toRecord)
	recordErr := <-recorded
	total.add(claimStats)
	return total, errors.Join(claimErr, recordErr)
}

// Stop asks a running Run to claim no more: the batches it holds are sent and recorded, then
// Run returns.
// Cancelling Run's context instead abandons the sends not yet made (they stay pending).
func (d *Dispatcher) Stop() { d.stopping.Store(true) }

// deliver renders one message per device of each claimed notification and sends them all;
// the notifications leaving as mails are sent one by one. Results come back in the order of
// the claims and their devices (a mail counts as one device).
func (d *Dispatcher) deliver(ctx context.Context, claims []*claim) []Result {
	_, logOnly := d.sender.(interface{ logsWithoutDevice() })
	var messages []Message
	for _, c := range claims {
		if c.mail = c.byMail(); c.mail {
			c.devices = []device{{user: c.user, token: "(mail)", platform: sentByMail}}
			continue
		}
		if logOnly && len(c.devices) == 0 {
			c.devices = []device{{user: c.user, token: "(no device)"}}
		}
		for _, dev := range c.devices {
			title, body, data := render(c.id, c.kind, c.payload, language(c.locale, dev.locale, c.branchLocale), c.name)
			messages = append(messages, Message{Token: dev.token, Platform: dev.platform, Title: title, Body: body,
				Data: data, CollapseKey: c.collapseKey(), Expires: c.expires})
		}
	}
	var pushed []Result
	if len(messages) > 0 {
		pushed = d.sender.Send(ctx, messages)
	}
	results := make([]Result, 0, len(pushed)+len(claims))
	next := 0
	for _, c := range claims {
		if c.mail {
			results = append(results, d.sendMail(ctx, c))
			continue
		}
		results = append(results, pushed[next:next+len(c.devices)]...)
		next += len(c.devices)
	}
	return results
}
