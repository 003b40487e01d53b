package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A `go run` binary is what PocketBase takes for development (main.go), and it then prints
// every SQL statement: the README's commands turn that off, so that a newcomer reads
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

// The repository stays small to clone: no test binary (`go test -c` writes 65 MB ones next to
// the sources) and no file over 2 MB is tracked.
func TestRepositoryHoldsNoBinaries(t *testing.T) {
	const maxSize = 2 << 20
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git on this machine")
	}
	staged, err := exec.Command("git", "ls-files", "-z", "--stage").Output()
	if err != nil {
		t.Skip("not a git checkout")
	}
	ids, paths := tracked(staged)
	check := exec.Command("git", "cat-file", "--batch-check=%(objectsize)")
	check.Stdin = strings.NewReader(strings.Join(ids, "\n") + "\n")
	sizes, err := check.Output()
	if err != nil {
		t.Fatal(err)
	}
	for i, size := range strings.Fields(string(sizes)) {
		if strings.HasSuffix(paths[i], ".test") {
			t.Errorf("%s is a test binary: git rm --cached it (.gitignore has *.test)", paths[i])
		}
		if n, err := strconv.Atoi(size); err != nil || n > maxSize {
			t.Errorf("%s is %s bytes, over 2 MB", paths[i], size)
		}
	}
}

// tracked reads `git ls-files -z --stage` ("mode blob stage\tpath", NUL-separated).
func tracked(out []byte) (ids, paths []string) {
	for _, entry := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		meta, path, ok := strings.Cut(entry, "\t")
		fields := strings.Fields(meta)
		if !ok || len(fields) != 3 || fields[0] == "160000" { // a submodule has no blob here
			continue
		}
		ids = append(ids, fields[1])
		paths = append(paths, path)
	}
	return ids, paths
}

// Every page names the favicon, which exists: without it each browser asks /favicon.ico and
// logs the 404 in the console.
func TestPagesHaveAFavicon(t *testing.T) {
	const link = `<link rel="icon" href="/favicon.svg" type="image/svg+xml">`
	if _, err := os.Stat("pb_public/favicon.svg"); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob("pb_public/*.html")
	more, _ := filepath.Glob("pb_public/*/*.html")
	for _, page := range append(pages, more...) {
		html, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), link) {
			t.Errorf("%s does not link the favicon", page)
		}
	}
	if len(pages)+len(more) < 3 {
		t.Errorf("found %d pages", len(pages)+len(more))
	}
}
