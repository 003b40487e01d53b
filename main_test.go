package main

import (
	"os"
	"strings"
	"testing"
)

// `go run` builds into a temporary folder, which PocketBase takes for development and then
// prints every SQL statement: the README's commands turn that off, so that a newcomer reads
// the server's address and the demo's logins, not 1,783 lines of SQL.
func TestMakefileRunsQuietly(t *testing.T) {
	makefile, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	runs := 0
	for _, line := range strings.Split(string(makefile), "\n") {
		if strings.Contains(line, "go run .") {
			runs++
			if !strings.Contains(line, "--dev=false") {
				t.Errorf("this recipe prints every SQL statement: %q", strings.TrimSpace(line))
			}
		}
	}
	if runs < 2 {
		t.Errorf("expected make run and make demo to use go run, found %d", runs)
	}
}
