package sync_test

import (
	"fmt"
	"net/url"
	"strings"
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

// subscriber subscribes a person to a topic as PocketBase's realtime subscribe route does.
func subscriber(t *testing.T, app core.App) func(userID, topic string) subscriptions.Client {
	return func(userID, topic string) subscriptions.Client {
		c := subscriptions.NewDefaultClient()
		user := Find(t, app, "users", userID)
		c.Set(apis.RealtimeClientAuthKey, user)
		c.Subscribe(topic)
		app.SubscriptionsBroker().Register(c)
		event := &core.RealtimeSubscribeRequestEvent{RequestEvent: &core.RequestEvent{App: app, Auth: user},
			Client: c, Subscriptions: []string{topic}}
		if err := app.OnRealtimeSubscribeRequest().Trigger(event, func(e *core.RealtimeSubscribeRequestEvent) error { return nil }); err != nil {
			t.Fatal(err)
		}
		return c
	}
}

// The SDK subscribes to "sync?options=..." once given headers or a query: still poked.
func TestRealtimePokesASubscriptionWithOptions(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	amina := subscriber(t, app)(MenteeOne, sync.Topic+"?options="+url.QueryEscape(`{"headers":{"X-App":"duo 1.4"},"query":{"a":"b"}}`))
	expectStatus(t, Send(t, h, DuoMentor, "POST", "/api/collections/meetings/records",
		`{"duo":"`+DuoOne+`","held_on":"`+Day(-1)+`","minutes":60,"mode":"phone"}`), 200)
	select {
	case msg := <-amina.Channel():
		if !strings.HasPrefix(msg.Name, sync.Topic+"?") || string(msg.Data) != "{}" {
			t.Errorf("unexpected message %s %s", msg.Name, msg.Data)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a subscription with options was not poked")
	}
}

func TestRealtimePokesOnlyThoseConcerned(t *testing.T) {
	app := App(t)
	h := Handler(t, app) // starts the notifier, as serve does
	subscribe := subscriber(t, app)
	amina, olga := subscribe(MenteeOne, sync.Topic), subscribe(MenteeTwo, sync.Topic)
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

// The notifier's goroutine is gone before the database closes: a server stopped while a
// round of pokes is under way (a long one: a thousand phones subscribed) waits for it, and
// no round runs on a closed database. Before, such a round panicked on a nil database.
func TestNotifierStopsBeforeTheDatabaseCloses(t *testing.T) {
	s := StartServer(t)
	for round := range 3 {
		subscribe := subscriber(t, s.App)
		for range 1000 {
			c := subscribe(MenteeOne, sync.Topic)
			go func() { // a phone reading its stream
				for range c.Channel() {
				}
			}()
		}
		expectStatus(t, Send(t, s.Handler, DuoMentor, "PATCH", "/api/collections/meetings/records/"+MeetingOne,
			fmt.Sprintf(`{"notes":"round %d"}`, round)), 200)
		time.Sleep(200 * time.Millisecond) // past the debounce: the round is under way
		s.Restart()
	}
}
