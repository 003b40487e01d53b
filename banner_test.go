package main

import (
	"bytes"
	"crypto/tls"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// PocketBase's dev mode (every SQL statement printed) is for `go run` only, not for any binary
// that happens to live under the temp folder.
func TestStartedByGoRun(t *testing.T) {
	for _, c := range []struct {
		exe  string
		want bool
	}{
		{"/tmp/go-build4286801201/b001/exe/duo", true},
		{"/root/.cache/go-build/90/90443ee84edfbdfa5811bab024f907a9b0a7d03e056c440300fc48a9ed731e29-d/duo", true},
		{`C:\Users\a\AppData\Local\Temp\go-build12\b001\exe\duo.exe`, true},
		{"/tmp/duo", false},
		{"/tmp/e2e-run/duo", false},
		{"/tmp/go-build4286801201/b001/duo.test", false},
		{"/usr/local/bin/duo", false},
		{"./duo", false},
	} {
		if got := startedByGoRun(c.exe); got != c.want {
			t.Errorf("startedByGoRun(%q) = %v, want %v", c.exe, got, c.want)
		}
	}
}

// The start-up banner names the console too, once, as the server starts serving.
func TestBannerNamesTheConsole(t *testing.T) {
	var out bytes.Buffer
	// As PocketBase's: a TLS config (for its certificate manager) whether or not it serves HTTPS.
	e := &core.ServeEvent{Server: &http.Server{Addr: "127.0.0.1:0", TLSConfig: &tls.Config{}}}
	if err := announceConsole(&out)(e); err != nil {
		t.Fatal(err)
	}
	defer e.Listener.Close()
	if out.Len() != 0 {
		t.Fatalf("printed before PocketBase's banner: %q", out.String())
	}
	go func() {
		for range 2 {
			if conn, err := net.DialTimeout("tcp", e.Listener.Addr().String(), time.Second); err == nil {
				conn.Close()
			}
		}
	}()
	for range 2 {
		conn, err := e.Listener.Accept()
		if err != nil {
			t.Fatal(err)
		}
		conn.Close()
	}
	if want := "└─ Console:   http://127.0.0.1:0/console/\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}
