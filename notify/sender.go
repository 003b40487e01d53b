package notify

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Message is one push to one device, rendered and ready to go.
type Message struct {
	Token    string
	Platform string
	Title    string
	Body     string
	// Data is the deep-link part the app reads: kind, notification id, screen and ids.
	Data map[string]string
	// CollapseKey makes a newer push of the same duo and kind replace an older one unread.
	CollapseKey string
	// Expires is when the push stops being useful; FCM drops it after that (its TTL).
	Expires time.Time
}

// Outcome classes of one message.
const (
	Delivered = iota // accepted by FCM (or logged)
	Retry            // throttled or server trouble: try again later (RetryAfter if known)
	BadToken         // the token is dead or not ours: remove that device
	Permanent        // will never succeed as it is: end the notification with the reason
	NotSent          // never left this server (shutdown): put back untouched
)

// Result is what became of one message.
type Result struct {
	Class      int
	Err        error
	RetryAfter time.Duration // server-advised wait before the next try, 0 when none
}

// Sender delivers messages; results come back in the messages' order.
type Sender interface {
	Send(ctx context.Context, messages []Message) []Result
}

// LogSender is the embedded default when no Firebase credentials are set: it logs each
// message and reports it delivered, so a server without push still empties its outbox.
type LogSender struct {
	App core.App
}

// logsWithoutDevice: in development nobody has a phone, and the log still shows what would go.
func (LogSender) logsWithoutDevice() {}

// Send logs the messages.
func (s LogSender) Send(ctx context.Context, messages []Message) []Result {
	results := make([]Result, len(messages))
	for i, m := range messages {
		s.App.Logger().Info("push (logged, not sent: no Firebase credentials)",
			"kind", m.Data["kind"], "notification", m.Data["notification_id"], "platform", m.Platform, "token", m.Token,
			"title", m.Title, "body", m.Body)
		results[i] = Result{Class: Delivered}
	}
	return results
}
