# duo: the two commands a newcomer needs are `make run` and `make test`.
# PocketBase v0.40 needs Go 1.27: GOTOOLCHAIN=auto lets the go command fetch it.
export GOTOOLCHAIN := auto
export CGO_ENABLED := 0

.PHONY: run demo test test-go test-race test-e2e build clean

# Random runs of the sync convergence test (bounded: about 0.2 s each).
DUO_CONVERGENCE_SEEDS ?= 100
export DUO_CONVERGENCE_SEEDS

## run: start the server on its embedded defaults (SQLite in ./pb_data, http://127.0.0.1:8090)
run:
	go run . serve

## demo: fill an empty ./pb_data with a demo branch and print the logins
demo:
	go run . demo

## test: every test, Go (with the race detector on sync, push and jobs) and end-to-end (installs the e2e's
## npm packages and chromium if missing)
test: test-go test-race test-e2e

test-go:
	go test ./...

# The race detector needs cgo, hence a C compiler.
test-race:
	@if command -v cc >/dev/null 2>&1; then \
	  CGO_ENABLED=1 DUO_CONVERGENCE_SEEDS=12 go test -race -run 'TestConvergence|TestConcurrent|TestRealtime|TestPush' ./sync/ && \
	  CGO_ENABLED=1 go test -race ./notify/ ./internal/jobs/ && \
	  CGO_ENABLED=1 go test -race -run 'TestNoDuplicates' ./reminders/; \
	else echo "test-race: skipped, no C compiler (install gcc to run the race detector)"; fi

test-e2e:
	go build -o e2e/.run/duo .
	e2e/setup.sh
	cd e2e && DUO_BIN=.run/duo npm test

## build: the static binary ./duo
build:
	go build -trimpath -ldflags "-s -w" -o duo .

clean:
	rm -rf e2e/.run duo
