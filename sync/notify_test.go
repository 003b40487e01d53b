package sync_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// waitFor polls cond until it holds (or fails the test after a generous deadline): it waits
// for the notifier's goroutine, it does not time it.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRealtimePokesOnlyThoseConcerned(t *testing.T) {
	app := App(t)
	h := Handler(t, app) // starts the notifier, as serve does
	subscribe := func(userID string) subscriptions.Client {
		c := subscriptions.NewDefaultClient()
		user := Find(t, app, "users", userID)
		c.Set(apis.RealtimeClientAuthKey, user)
		c.Subscribe(sync.Topic)
		app.SubscriptionsBroker().Register(c)
		// what PocketBase's realtime subscribe route triggers
		event := &core.RealtimeSubscribeRequestEvent{RequestEvent: &core.RequestEvent{App: app, Auth: user},
			Client: c, Subscriptions: []string{sync.Topic}}
		if err := app.OnRealtimeSubscribeRequest().Trigger(event, func(e *core.RealtimeSubscribeRequestEvent) error { return nil }); err != nil {
			t.Fatal(err)
		}
		return c
	}
	amina, olga := subscribe(MenteeOne), subscribe(MenteeTwo)
	seen := func(c subscriptions.Client) int64 { v, _ := c.Get("duoSyncSeen").(int64); return v }
	maxSeq := func() int64 {
		var n int64
		_ = app.DB().NewQuery("SELECT MAX(seq) FROM _sync_changes").Row(&n)
		return n
	}

	// The first change after subscribing already pokes.
	expectStatus(t, Send(t, h, DuoMentor, "POST", "/api/collections/meetings/records",
		`{"duo":"`+DuoOne+`","held_on":"`+Day(-1)+`","minutes":60,"mode":"phone"}`), 200)
	select {
	case msg := <-amina.Channel():
		if msg.Name != sync.Topic || string(msg.Data) != "{}" {
			t.Errorf("unexpected message %s %s", msg.Name, msg.Data)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the mentee of the duo was not poked")
	}
	latest := maxSeq()
	waitFor(t, "the notifier to look at the other mentee", func() bool { return seen(olga) >= latest })
	if len(olga.Channel()) != 0 {
		t.Error("another duo's mentee was poked about a change that is not theirs")
	}
}
