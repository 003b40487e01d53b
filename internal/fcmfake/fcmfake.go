// Package fcmfake is a local stand-in for Firebase Cloud Messaging's HTTP v1 API and Google's
// OAuth2 token endpoint, for driving the real Firebase SDK in tests and benchmarks.
package fcmfake

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ProjectID is the project of the fake's service account.
const ProjectID = "duo-fake"

// Reply is an error answer to a message; the zero Reply accepts it.
type Reply struct {
	HTTPStatus int
	Status     string // google.rpc status, e.g. NOT_FOUND
	FcmCode    string // FcmError errorCode, e.g. UNREGISTERED
	Message    string
	RetryAfter string // Retry-After header, when not empty
}

// Error replies as FCM gives them.
var (
	Unregistered     = Reply{404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", ""}
	InvalidToken     = Reply{400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token", ""}
	InvalidPayload   = Reply{400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid value at 'message.data[0].value'", ""}
	SenderIDMismatch = Reply{403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch", ""}
	ThirdPartyAuth   = Reply{401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error from APNS or Web Push Service", ""}
	Internal         = Reply{500, "INTERNAL", "INTERNAL", "Internal error encountered.", ""}
)

// QuotaExceeded is a 429 with a Retry-After in seconds.
func QuotaExceeded(retryAfter string) Reply {
	return Reply{429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for quota metric", retryAfter}
}

// Unavailable is a 503 with a Retry-After in seconds. The SDK itself retries a 503 whose
// Retry-After is under two minutes; a longer one comes back to the caller at once.
func Unavailable(retryAfter string) Reply {
	return Reply{503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.", retryAfter}
}

// Received is one message FCM accepted.
type Received struct {
	Token   string
	Message map[string]any // the "message" object as sent
}

// Server is the fake; its zero value is not usable, call New.
type Server struct {
	URL string
	// Latency is added to every message call, as a real network's round trip would.
	Latency time.Duration
	key     *rsa.PrivateKey

	mu       sync.Mutex
	replies  map[string]Reply // by token
	fallback Reply
	received []Received
	attempts map[string]int // by token, accepted or not
	tokens   int            // access tokens issued
	gate     chan struct{}  // when not nil, message calls wait for it to close
	held     int            // calls waiting at the gate
}

// New starts a fake, stopped when the test ends.
func New(t testing.TB) *Server {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{key: key, replies: map[string]Reply{}, attempts: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("POST /v1/projects/{project}/messages:send", s.send)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Endpoint is what replaces https://fcm.googleapis.com/v1.
func (s *Server) Endpoint() string { return s.URL + "/v1" }

// Credentials is a service-account JSON whose token_uri is the fake.
func (s *Server) Credentials() []byte {
	der, _ := x509.MarshalPKCS8PrivateKey(s.key)
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	out, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": ProjectID, "private_key_id": "fake-key",
		"private_key": string(pemKey), "client_email": "push@" + ProjectID + ".iam.gserviceaccount.com",
		"client_id": "1", "token_uri": s.URL + "/token",
	})
	return out
}

// Respond makes every message to token get reply, until changed.
func (s *Server) Respond(token string, reply Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies[token] = reply
}

// RespondAll makes every message without its own reply get reply (FCM down, say).
func (s *Server) RespondAll(reply Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fallback = reply
}

// Hold makes message calls wait until Release.
func (s *Server) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gate = make(chan struct{})
}

// Release lets held calls go on.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gate != nil {
		close(s.gate)
		s.gate = nil
	}
}

// Held counts the calls waiting for Release.
func (s *Server) Held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held
}

func (s *Server) wait(gate chan struct{}, r *http.Request) bool {
	s.mu.Lock()
	s.held++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.held--
		s.mu.Unlock()
	}()
	select {
	case <-gate:
		return r.Context().Err() == nil
	case <-r.Context().Done():
		return false
	}
}

// Received lists the accepted messages, in arrival order.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Attempts counts the calls for a token, accepted or not.
func (s *Server) Attempts(token string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts[token]
}

// TokensIssued counts access tokens handed out.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens
}

// token checks the service account's signed JWT (RFC 7523) and issues an access token.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		http.Error(w, `{"error":"unsupported_grant_type"}`, http.StatusBadRequest)
		return
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(r.FormValue("assertion"), claims, func(*jwt.Token) (any, error) {
		return &s.key.PublicKey, nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithAudience(s.URL+"/token"))
	if err != nil {
		http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.tokens++
	n := s.tokens
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"access_token":"fake-access-%d","token_type":"Bearer","expires_in":3600}`, n)
}

func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer fake-access-") || r.PathValue("project") != ProjectID {
		writeError(w, Reply{401, "UNAUTHENTICATED", "", "Request had invalid authentication credentials.", ""})
		return
	}
	var body struct {
		Message map[string]any `json:"message"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, InvalidPayload)
		return
	}
	token, _ := body.Message["token"].(string)
	time.Sleep(s.Latency)
	s.mu.Lock()
	gate := s.gate
	s.mu.Unlock()
	if gate != nil && !s.wait(gate, r) {
		return // the caller gave up: nothing was delivered
	}
	if r.Context().Err() != nil {
		return // the caller gave up before the gate was reached, or after it opened: the same
	}
	s.mu.Lock()
	s.attempts[token]++
	reply, scripted := s.replies[token]
	if !scripted {
		reply = s.fallback
	}
	if reply.HTTPStatus == 0 {
		s.received = append(s.received, Received{Token: token, Message: body.Message})
	}
	n := len(s.received)
	s.mu.Unlock()
	if reply.HTTPStatus != 0 {
		writeError(w, reply)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"name":"projects/%s/messages/%d"}`, ProjectID, n)
}

func writeError(w http.ResponseWriter, reply Reply) {
	detail := []map[string]string{}
	if reply.FcmCode != "" {
		detail = append(detail, map[string]string{
			"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": reply.FcmCode})
	}
	if reply.RetryAfter != "" {
		w.Header().Set("Retry-After", reply.RetryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(reply.HTTPStatus)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code": reply.HTTPStatus, "message": reply.Message, "status": reply.Status, "details": detail}})
}
