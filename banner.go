package main

import (
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// announceConsole adds the console's address under PocketBase's start-up banner, which names
// only the API and the dashboard. PocketBase prints its banner once the OnServe hooks have
// returned and then starts serving, so the line goes out at the listener's first Accept.
func announceConsole(out io.Writer) func(e *core.ServeEvent) error {
	return func(e *core.ServeEvent) error {
		if e.Listener == nil && e.Server != nil {
			addr := e.Server.Addr
			if addr == "" {
				addr = ":http" // PocketBase's own fallback (its server always has a TLS config)
			}
			listener, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			// With domains (`duo serve example.org`) PocketBase serves HTTPS on :443 and prints the
			// first domain, which the event does not carry: then the address is printed.
			scheme := "http://"
			if strings.HasSuffix(addr, ":443") || strings.HasSuffix(addr, ":https") {
				scheme = "https://"
			}
			line := fmt.Sprintf("└─ Console:   %s%s/console/\n", scheme, printedHost(e.Server.Addr))
			e.Listener = &announcing{Listener: listener, out: out, line: line}
		}
		return e.Next()
	}
}

// printedHost is the host PocketBase prints for a server address (apis.serverAddrToHost).
func printedHost(addr string) string {
	if addr == "" || strings.HasSuffix(addr, ":http") || strings.HasSuffix(addr, ":https") {
		return "127.0.0.1"
	}
	return addr
}

// announcing prints its line when the server first waits for a connection.
type announcing struct {
	net.Listener
	out  io.Writer
	line string
	once sync.Once
}

func (l *announcing) Accept() (net.Conn, error) {
	l.once.Do(func() { fmt.Fprint(l.out, l.line) })
	return l.Listener.Accept()
}

// goRunBinary matches where `go run` puts the binary it runs: the go command's work folder on a
// first build (/tmp/go-build123/b001/exe/duo), the build cache after (Go 1.24 and later:
// ~/.cache/go-build/9a/9a…e1-d/duo). Any other binary under the temp folder is not `go run`.
var goRunBinary = regexp.MustCompile(`(/go-build\d+/b\d+/exe/|/[0-9a-f]{2}/[0-9a-f]{64}-d/)[^/]+$`)

// startedByGoRun reports whether the binary at exe was built by `go run`, which PocketBase
// takes as development (every SQL statement printed).
func startedByGoRun(exe string) bool {
	return goRunBinary.MatchString(strings.ReplaceAll(exe, `\`, "/"))
}
