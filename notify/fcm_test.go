package notify_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/duoforajob/duo/internal/fcmfake"
	"github.com/duoforajob/duo/notify"
)

func newSender(t *testing.T, fake *fcmfake.Server) *notify.FCMSender {
	t.Helper()
	sender, err := notify.NewFCMSender(context.Background(), fake.Credentials(), fake.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	return sender
}

// The SDK fetches an access token from the service account's token_uri (a JWT signed with
// its key, checked by the fake) and sends the message shape FCM v1 expects.
func TestFCMMessageShape(t *testing.T) {
	fake := fcmfake.New(t)
	expires := time.Now().Add(time.Hour)
	results := newSender(t, fake).Send(context.Background(), []notify.Message{{
		Token: "tok-android", Platform: "android", Title: "Rencontre demain", Body: "Bonjour Amina",
		Data:        map[string]string{"kind": "meeting_reminder", "notification_id": "n1", "duo": "d1"},
		CollapseKey: "meeting_reminder_d1", Expires: expires,
	}})
	if results[0].Class != notify.Delivered {
		t.Fatalf("result %+v", results[0])
	}
	if fake.TokensIssued() != 1 {
		t.Errorf("access tokens issued: %d, want 1", fake.TokensIssued())
	}
	got := fake.Received()
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	m := got[0].Message
	check := func(what string, have, want any) {
		t.Helper()
		if have != want {
			t.Errorf("%s = %v, want %v", what, have, want)
		}
	}
	check("token", m["token"], "tok-android")
	notification := m["notification"].(map[string]any)
	check("title", notification["title"], "Rencontre demain")
	check("body", notification["body"], "Bonjour Amina")
	data := m["data"].(map[string]any)
	check("data.kind", data["kind"], "meeting_reminder")
	check("data.duo", data["duo"], "d1")
	android := m["android"].(map[string]any)
	check("android.collapse_key", android["collapse_key"], "meeting_reminder_d1")
	check("android.priority", android["priority"], "high")
	if ttl, _ := android["ttl"].(string); ttl != "3599s" && ttl != "3600s" {
		t.Errorf("android.ttl = %q, want about 3600s", ttl)
	}
	headers := m["apns"].(map[string]any)["headers"].(map[string]any)
	check("apns-collapse-id", headers["apns-collapse-id"], "meeting_reminder_d1")
	check("apns-expiration", headers["apns-expiration"], itoa(expires.Unix()))
	check("apns-push-type", headers["apns-push-type"], "alert")
	webpush := m["webpush"].(map[string]any)["headers"].(map[string]any)
	if ttl, _ := webpush["TTL"].(string); ttl != "3599" && ttl != "3600" {
		t.Errorf("webpush TTL = %q, want about 3600", ttl)
	}
}

// Each error class FCM answers with, and what the outbox is told to do about it.
func TestFCMErrorClasses(t *testing.T) {
	cases := []struct {
		name       string
		reply      fcmfake.Reply
		class      int
		retryAfter time.Duration
	}{
		{"accepted", fcmfake.Reply{}, notify.Delivered, 0},
		{"unregistered token is removed", fcmfake.Unregistered, notify.BadToken, 0},
		{"malformed token is removed", fcmfake.InvalidToken, notify.BadToken, 0},
		{"token of another sender is removed", fcmfake.SenderIDMismatch, notify.BadToken, 0},
		{"invalid payload ends the notification", fcmfake.InvalidPayload, notify.Permanent, 0},
		{"APNs auth error ends the notification", fcmfake.ThirdPartyAuth, notify.Permanent, 0},
		{"internal error is retried", fcmfake.Internal, notify.Retry, 0},
		{"quota exceeded is retried after Retry-After", fcmfake.QuotaExceeded("30"), notify.Retry, 30 * time.Second},
		{"unavailable with a long Retry-After comes back at once", fcmfake.Unavailable("600"), notify.Retry, 10 * time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fake := fcmfake.New(t)
			fake.Respond("tok", c.reply)
			r := newSender(t, fake).Send(context.Background(), []notify.Message{{Token: "tok", Title: "t", Body: "b"}})[0]
			if r.Class != c.class || r.RetryAfter != c.retryAfter {
				t.Fatalf("class %d retryAfter %v (%v), want class %d retryAfter %v", r.Class, r.RetryAfter, r.Err, c.class, c.retryAfter)
			}
			if (c.class == notify.Delivered) != (r.Err == nil) {
				t.Errorf("error %v for class %d", r.Err, r.Class)
			}
		})
	}
}

// A batch with mixed results: each message gets its own result, in order.
func TestFCMMixedBatch(t *testing.T) {
	fake := fcmfake.New(t)
	fake.Respond("dead", fcmfake.Unregistered)
	fake.Respond("busy", fcmfake.QuotaExceeded("5"))
	var messages []notify.Message
	for _, token := range []string{"ok-1", "dead", "ok-2", "busy", "ok-3"} {
		messages = append(messages, notify.Message{Token: token, Title: "t", Body: "b"})
	}
	results := newSender(t, fake).Send(context.Background(), messages)
	want := []int{notify.Delivered, notify.BadToken, notify.Delivered, notify.Retry, notify.Delivered}
	for i, r := range results {
		if r.Class != want[i] {
			t.Errorf("%s: class %d, want %d (%v)", messages[i].Token, r.Class, want[i], r.Err)
		}
	}
	if n := len(fake.Received()); n != 3 {
		t.Errorf("FCM accepted %d, want 3", n)
	}
}

// A send after shutdown began never leaves: the outbox puts it back untouched.
func TestFCMCancelledIsNotSent(t *testing.T) {
	fake := fcmfake.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := newSender(t, fake).Send(ctx, []notify.Message{{Token: "tok", Title: "t", Body: "b"}})[0]
	if r.Class != notify.NotSent {
		t.Fatalf("class %d (%v), want NotSent", r.Class, r.Err)
	}
	if fake.Attempts("tok") != 0 {
		t.Error("a cancelled send reached FCM")
	}
}

// Credentials without a project cannot send anywhere: refused at start.
func TestFCMCredentialsNeedAProject(t *testing.T) {
	if _, err := notify.NewFCMSender(context.Background(), []byte(`{"type":"service_account"}`), ""); err == nil {
		t.Fatal("accepted credentials without project_id")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
