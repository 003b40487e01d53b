package sync

import (
	gosync "sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/routine"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/duoforajob/duo/access"
)

// Topic is the realtime topic an open app subscribes to: a message on it, with no data, means
// "something in your scope changed: pull".
const Topic = "sync"

// debounce groups the pokes of a burst of writes (a push of 100 mutations) into one.
const debounce = 150 * time.Millisecond

const seenKey = "duoSyncSeen" // per realtime client: the last seq it was poked about

// notifier pokes, after each commit, the subscribed clients whose person's audiences changed.
// Its goroutine lives from serve to terminate and is gone before the app's database closes.
type notifier struct {
	app     core.App
	wake    chan struct{}
	quit    chan struct{}
	mu      gosync.Mutex
	started bool
	stopped bool
	done    chan struct{} // closed when the goroutine has returned
}

func newNotifier(app core.App) *notifier {
	return &notifier{app: app, wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
}

// afterCommit asks for a round of pokes once the caller's transaction has committed.
func (n *notifier) afterCommit(tx core.App) {
	if info := tx.TxInfo(); info != nil {
		info.OnComplete(func(txErr error) error {
			if txErr == nil {
				n.poke()
			}
			return nil
		})
		return
	}
	n.poke()
}

func (n *notifier) poke() {
	select {
	case n.wake <- struct{}{}:
	default: // a round is already due
	}
}

func (n *notifier) start(app core.App) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.started || n.stopped {
		return
	}
	n.started = true
	go func() {
		defer close(n.done)
		n.run(app)
	}()
}

// noteSubscriptions remembers where the log stood when a client subscribed to the topic:
// every later change in its scope pokes it, even one made before the next round.
func (n *notifier) noteSubscriptions(e *core.RealtimeSubscribeRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	if subscribed(e.Client) {
		if _, known := e.Client.Get(seenKey).(int64); !known {
			e.Client.Set(seenKey, currentSeq(e.App))
		}
	}
	return nil
}

// subscribed reports a client subscribed to the sync topic, with or without options (the
// SDK subscribes to "sync?options=..." as soon as it is given headers or a query).
func subscribed(client subscriptions.Client) bool {
	return len(client.Subscriptions(Topic+"?")) > 0
}

func currentSeq(app core.App) int64 {
	var seq int64
	_ = app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM _sync_changes").Row(&seq)
	return seq
}

// stop ends the goroutine and waits for a round in progress: the database closes next.
func (n *notifier) stop() {
	n.mu.Lock()
	if !n.stopped {
		n.stopped = true
		close(n.quit)
	}
	started := n.started
	n.mu.Unlock()
	if started {
		<-n.done
	}
}

func (n *notifier) run(app core.App) {
	for {
		select {
		case <-n.quit:
			return
		case <-n.wake:
		}
		select {
		case <-n.quit:
			return
		case <-time.After(debounce):
		}
		if err := n.round(app); err != nil {
			app.Logger().Warn("sync: realtime pokes failed", "error", err)
		}
	}
}

// round pokes every subscribed client that has changes in its audiences since its last poke.
func (n *notifier) round(app core.App) error {
	maxSeq := currentSeq(app)
	for _, client := range app.SubscriptionsBroker().Clients() {
		if !subscribed(client) {
			continue
		}
		user, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
		if user == nil || user.Collection().Name != "users" {
			continue
		}
		seen, _ := client.Get(seenKey).(int64) // set when it subscribed
		if seen >= maxSeq {
			continue
		}
		client.Set(seenKey, maxSeq)
		if concerns(app, access.Memberships(app, user), seen, maxSeq) {
			// One message per subscription: the SDK routes it by the subscription's own name.
			// Sent as PocketBase sends its own (a client's stream may be slow to read): a
			// round never waits for one client, and a send touches no database.
			for sub := range client.Subscriptions(Topic + "?") {
				routine.FireAndForget(func() { client.Send(subscriptions.Message{Name: sub, Data: []byte(`{}`)}) })
			}
		}
	}
	return nil
}

func concerns(app core.App, memberships []string, after, upTo int64) bool {
	var exists int
	params := withAudiences(memberships, dbx.Params{"after": after, "upTo": upTo})
	_ = app.DB().NewQuery("SELECT EXISTS (SELECT 1 FROM _sync_audiences WHERE audience IN (" + placeholders(len(memberships)) +
		") AND seq > {:after} AND seq <= {:upTo})").Bind(params).Row(&exists)
	return exists == 1
}
