package notify_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
)

// twenty enqueues twenty notifications to one phone and returns their ids.
func twenty(t *testing.T, w *world) []notify.Notification {
	w.device(t, testkit.MenteeOne, "phone", "android", "")
	var list []notify.Notification
	for i := range 20 {
		list = append(list, w.push(t, testkit.MenteeOne, string(rune('a'+i))))
	}
	return list
}

func (w *world) countStatus(t *testing.T, status string) int {
	t.Helper()
	var n int
	if err := w.app.DB().NewQuery("SELECT COUNT(*) FROM notifications WHERE status = {:s}").
		Bind(map[string]any{"s": status}).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitSending waits until a claim has leased n rows.
func (w *world) waitSending(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if w.countStatus(t, notify.StatusSending) == n {
			return
		}
	}
	t.Fatalf("no claim of %d rows", n)
}

// waitHeld waits for n calls held at FCM.
func (w *world) waitHeld(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if w.fake.Held() == n {
			return
		}
	}
	t.Fatalf("FCM holds %d calls, want %d", w.fake.Held(), n)
}

// onceEach checks that FCM got each notification exactly once.
func onceEach(t *testing.T, w *world, list []notify.Notification) {
	t.Helper()
	seen := map[string]int{}
	for _, r := range w.fake.Received() {
		seen[r.Message["data"].(map[string]any)["notification_id"].(string)]++
	}
	for _, n := range list {
		if id := w.row(t, n).Id; seen[id] != 1 {
			t.Errorf("notification %s reached FCM %d times", id, seen[id])
		}
	}
}

// A shutdown in the middle of a batch lets that batch finish and be recorded; the next
// process sends the rest. Nothing twice, nothing lost.
func TestDispatchGracefulStop(t *testing.T) {
	w := newWorld(t, morning)
	w.d.Batch = 5
	list := twenty(t, w)
	w.fake.Hold()
	done := make(chan notify.Stats)
	go func() { stats, _ := w.d.Run(context.Background()); done <- stats }()
	w.waitSending(t, 10) // a batch on the network, the next claimed ahead
	w.d.Stop()
	w.fake.Release()
	if stats := <-done; stats.Sent != 10 {
		t.Fatalf("the stopping run sent %d, want the 10 it held", stats.Sent)
	}
	if sent, pending := w.countStatus(t, notify.StatusSent), w.countStatus(t, notify.StatusPending); sent != 10 || pending != 10 {
		t.Fatalf("after the stop: %d sent, %d pending", sent, pending)
	}

	restarted := notify.NewDispatcher(w.app, w.sender, w.clock.Now)
	if stats, err := restarted.Run(context.Background()); err != nil || stats.Sent != 10 {
		t.Fatalf("after the restart: %+v %v", stats, err)
	}
	onceEach(t, w, list)
}

// A shutdown that cannot wait cancels the sends in flight: they are put back untouched (no
// attempt counted) and the next process sends them.
func TestDispatchStopTimeout(t *testing.T) {
	w := newWorld(t, morning)
	w.d.Batch = 5
	list := twenty(t, w)
	w.fake.Hold()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan notify.Stats)
	go func() { stats, _ := w.d.Run(ctx); done <- stats }()
	w.waitSending(t, 10)
	// Every call of the batch on the network waits at FCM before the hang-up: a call still on
	// its way when the gate opens could be taken as delivered (the fake has not yet seen the
	// client go), and the restart would send it a second time.
	w.waitHeld(t, 5)
	w.d.Stop()
	cancel() // the shutdown could not wait any longer
	if stats := <-done; stats.NotSent != 10 || stats.Sent != 0 {
		t.Fatalf("stats %+v, want the 10 held not sent", stats)
	}
	for w.fake.Held() > 0 { // FCM sees the calls hang up
		time.Sleep(time.Millisecond)
	}
	w.fake.Release()
	if pending := w.countStatus(t, notify.StatusPending); pending != 20 {
		t.Fatalf("%d pending, want 20", pending)
	}
	for _, n := range list[:1] {
		if a := w.row(t, n).GetInt("attempts"); a != 0 {
			t.Errorf("a send that never left counted %d attempts", a)
		}
	}
	restarted := notify.NewDispatcher(w.app, w.sender, w.clock.Now)
	if stats, err := restarted.Run(context.Background()); err != nil || stats.Sent != 20 {
		t.Fatalf("after the restart: %+v %v", stats, err)
	}
	onceEach(t, w, list)
}

// hangingSender is a process that died while sending: it never answers until released.
type hangingSender struct{ release chan struct{} }

func (h hangingSender) Send(ctx context.Context, messages []notify.Message) []notify.Result {
	<-h.release
	results := make([]notify.Result, len(messages))
	return results // "delivered", far too late to count
}

// A dispatcher that dies mid-batch loses nothing: when its lease ends another takes the rows
// over; if the first wakes up after all, what it records is ignored.
func TestDispatchLeaseTakeover(t *testing.T) {
	w := newWorld(t, morning)
	w.d.Batch = 5
	list := twenty(t, w)
	hang := hangingSender{release: make(chan struct{})}
	dead := notify.NewDispatcher(w.app, hang, w.clock.Now)
	dead.Batch = 5
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _, _ = dead.Run(context.Background()) }()
	w.waitSending(t, 10)

	if stats := w.run(t); stats.Sent != 10 {
		t.Fatalf("while the lease holds: sent %d, want the 10 not claimed", stats.Sent)
	}
	w.clock.T = morning.Add(dead.Lease + time.Second)
	if stats := w.run(t); stats.Sent != 10 {
		t.Fatalf("after the lease: sent %d, want the 10 taken over", stats.Sent)
	}
	onceEach(t, w, list)

	close(hang.release)
	wg.Wait()
	for _, n := range list {
		if row := w.row(t, n); row.GetString("status") != notify.StatusSent || row.GetInt("attempts") > 2 {
			t.Fatalf("after the late answer: %s attempts %d", row.GetString("status"), row.GetInt("attempts"))
		}
	}
}
