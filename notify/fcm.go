package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	firebase "firebase.google.com/go/v4"
	"firebase.google.com/go/v4/errorutils"
	"firebase.google.com/go/v4/messaging"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"google.golang.org/api/option"
)

// fcmBatch is the most messages SendEach takes at once.
const fcmBatch = 500

// SenderFor is the sender the settings ask for: Firebase when credentials are given, nil
// (the log) otherwise.
func SenderFor(credentialsJSON []byte, endpoint string) (Sender, error) {
	if len(credentialsJSON) == 0 {
		return nil, nil
	}
	sender, err := NewFCMSender(context.Background(), credentialsJSON, endpoint)
	if err != nil {
		return nil, err
	}
	return sender, nil
}

// FCMSender sends through Firebase Cloud Messaging (HTTP v1) with the Firebase Admin SDK.
type FCMSender struct {
	client *messaging.Client
	// Parallel is how many SendEach calls of 500 run at once, each with the SDK's 50
	// requests in flight: FCM answers in tens of milliseconds, so throughput is concurrency.
	Parallel int
}

// NewFCMSender builds a sender from a service-account JSON: its project_id names the FCM
// project and its token_uri is where access tokens are fetched. endpoint, when not empty,
// replaces https://fcm.googleapis.com/v1 (staging, test doubles).
func NewFCMSender(ctx context.Context, credentialsJSON []byte, endpoint string) (*FCMSender, error) {
	var account struct {
		ProjectID string `json:"project_id"`
	}
	if err := json.Unmarshal(credentialsJSON, &account); err != nil || account.ProjectID == "" {
		return nil, errors.New("notify: the Firebase credentials have no project_id")
	}
	creds, err := google.CredentialsFromJSON(ctx, credentialsJSON, "https://www.googleapis.com/auth/firebase.messaging")
	if err != nil {
		return nil, fmt.Errorf("notify: reading the Firebase credentials: %w", err)
	}
	// Our own transport: the default keeps 2 idle connections per host, and SendEach runs 50
	// requests at once.
	base := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
		ForceAttemptHTTP2:   true,
	}}
	authed := oauth2.NewClient(context.WithValue(ctx, oauth2.HTTPClient, base), creds.TokenSource)
	authed.Timeout = base.Timeout
	opts := []option.ClientOption{option.WithHTTPClient(authed)}
	if endpoint != "" {
		opts = append(opts, option.WithEndpoint(strings.TrimRight(endpoint, "/")))
	}
	app, err := firebase.NewApp(ctx, &firebase.Config{ProjectID: account.ProjectID}, opts...)
	if err != nil {
		return nil, fmt.Errorf("notify: starting Firebase: %w", err)
	}
	client, err := app.Messaging(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: starting Firebase messaging: %w", err)
	}
	return &FCMSender{client: client, Parallel: 8}, nil
}

// Send sends messages in chunks of 500, Parallel chunks at a time, one HTTP call per message
// (FCM v1 has no batch call).
func (s *FCMSender) Send(ctx context.Context, messages []Message) []Result {
	results := make([]Result, len(messages))
	slots := make(chan struct{}, max(s.Parallel, 1))
	var wg sync.WaitGroup
	for start := 0; start < len(messages); start += fcmBatch {
		end := min(start+fcmBatch, len(messages))
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			copy(results[start:end], s.sendBatch(ctx, messages[start:end]))
		}()
	}
	wg.Wait()
	return results
}

func (s *FCMSender) sendBatch(ctx context.Context, chunk []Message) []Result {
	results := make([]Result, len(chunk))
	if ctx.Err() != nil {
		for i := range results {
			results[i] = Result{Class: NotSent, Err: ctx.Err()}
		}
		return results
	}
	now := time.Now()
	fcm := make([]*messaging.Message, len(chunk))
	for i, m := range chunk {
		fcm[i] = fcmMessage(m, now)
	}
	batch, err := s.client.SendEach(ctx, fcm)
	if err != nil { // the batch itself was refused (a message the SDK finds invalid)
		for i := range results {
			results[i] = Result{Class: Permanent, Err: err}
		}
		return results
	}
	for i, r := range batch.Responses {
		results[i] = classify(ctx, r.Error)
	}
	return results
}

// fcmMessage shapes one message for FCM: notification, data, and per platform the collapse
// key, the priority and the time to live (Android), the apns-collapse-id and
// apns-expiration headers (iOS), the TTL header (web).
func fcmMessage(m Message, now time.Time) *messaging.Message {
	msg := &messaging.Message{
		Token:        m.Token,
		Notification: &messaging.Notification{Title: m.Title, Body: m.Body},
		Data:         m.Data,
		Android: &messaging.AndroidConfig{
			CollapseKey: m.CollapseKey,
			Priority:    "high",
		},
		APNS: &messaging.APNSConfig{
			Headers: map[string]string{"apns-collapse-id": m.CollapseKey, "apns-priority": "10", "apns-push-type": "alert"},
			Payload: &messaging.APNSPayload{Aps: &messaging.Aps{Sound: "default"}},
		},
		Webpush: &messaging.WebpushConfig{Headers: map[string]string{"Urgency": "high"}},
	}
	if !m.Expires.IsZero() {
		ttl := max(m.Expires.Sub(now).Truncate(time.Second), time.Second)
		msg.Android.TTL = &ttl
		msg.APNS.Headers["apns-expiration"] = strconv.FormatInt(m.Expires.Unix(), 10)
		msg.Webpush.Headers["TTL"] = strconv.FormatInt(int64(ttl/time.Second), 10)
	}
	return msg
}

// classify turns an FCM error into what the outbox does next.
func classify(ctx context.Context, err error) Result {
	switch {
	case err == nil:
		return Result{Class: Delivered}
	case messaging.IsUnregistered(err), messaging.IsSenderIDMismatch(err):
		return Result{Class: BadToken, Err: err}
	case messaging.IsInvalidArgument(err) && strings.Contains(strings.ToLower(err.Error()), "registration token"):
		return Result{Class: BadToken, Err: err}
	case messaging.IsInvalidArgument(err), messaging.IsThirdPartyAuthError(err):
		return Result{Class: Permanent, Err: err}
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return Result{Class: NotSent, Err: err}
	default: // quota (429), unavailable (503), internal (500), network, our own credentials
		return Result{Class: Retry, Err: err, RetryAfter: retryAfter(errorutils.HTTPResponse(err))}
	}
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date.
func retryAfter(resp *http.Response) time.Duration {
	if resp == nil {
		return 0
	}
	v := resp.Header.Get("Retry-After")
	if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(time.Until(at), 0)
	}
	return 0
}
