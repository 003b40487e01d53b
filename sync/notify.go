package sync

import (
	gosync "sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
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
type notifier struct {
	app  core.App
	wake chan struct{}
	quit chan struct{}
	once gosync.Once
}

func newNotifier(app core.App) *notifier {
	return &notifier{app: app, wake: make(chan struct{}, 1), quit: make(chan struct{})}
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
	n.once.Do(func() { go n.run(app) })
}

// noteSubscriptions remembers where the log stood when a client subscribed to the topic:
// every later change in its scope pokes it, even one made before the next round.
func (n *notifier) noteSubscriptions(e *core.RealtimeSubscribeRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	if e.Client.HasSubscription(Topic) {
		if _, known := e.Client.Get(seenKey).(int64); !known {
			e.Client.Set(seenKey, currentSeq(e.App))
		}
	}
	return nil
}

func currentSeq(app core.App) int64 {
	var seq int64
	_ = app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM _sync_changes").Row(&seq)
	return seq
}

func (n *notifier) stop() {
	select {
	case <-n.quit:
	default:
		close(n.quit)
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
		if !client.HasSubscription(Topic) {
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
			client.Send(subscriptions.Message{Name: Topic, Data: []byte(`{}`)})
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
