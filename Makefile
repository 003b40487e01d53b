# duo: the two commands a newcomer needs are `make run` and `make test`.
# PocketBase v0.40 needs Go 1.27: GOTOOLCHAIN=auto lets the go command fetch it.
export GOTOOLCHAIN := auto
export CGO_ENABLED := 0

.PHONY: run demo test test-go test-dates test-race test-e2e build clean

# Random runs of the sync convergence test (bounded: about 0.2 s each).
DUO_CONVERGENCE_SEEDS ?= 100
export DUO_CONVERGENCE_SEEDS

# go run builds in a temporary folder, which PocketBase takes for dev mode (every SQL statement
# printed): --dev=false keeps the output to what a person needs.

## run: start the server on its embedded defaults (SQLite in ./pb_data, http://127.0.0.1:8090)
run:
	go run . serve --dev=false

## demo: fill an empty ./pb_data with a demo branch and print the logins
demo:
	go run . demo --dev=false

## test: every test, Go (with the race detector on sync, concurrent edits, push and jobs) and end-to-end (installs the e2e's
## npm packages and chromium if missing)
test: test-go test-dates test-race test-e2e

test-go:
	go test ./...

# The suite again at hard moments of the calendar (testkit.NowEnv sets the tests' clock):
# the last day of January, 29 February, 00:30 on 31 August (still 30 August in UTC), and
# just after both DST changes. The two-year sweeps need no other date, nor do the random sync
# runs, the filter oracle and the races (no calendar rule in them), nor the impact history's
# truth (each duo drawn from its own stream: the same programme on any day).
HARD_DATES := 2027-01-31T23:30:00+01:00 2028-02-29T00:30:00+01:00 2027-08-31T00:30:00+02:00 \
	2027-03-28T03:30:00+02:00 2027-10-31T02:30:00+01:00
test-dates:
	@for d in $(HARD_DATES); do echo "== the suite on $$d"; \
	  out=$$(DUO_TEST_NOW=$$d go test -skip 'SweepTwoYears|TestConvergence|TestQueriesRevealNothingHidden|TestConcurrent|TestCrossing|TestHistory' ./... 2>&1); rc=$$?; \
	  echo "$$out" | grep -v '^ok\|no test files'; [ $$rc -eq 0 ] || exit 1; \
	done

# The race detector needs cgo, hence a C compiler.
# Two go tests at once, each building and running its packages side by side: those whose
# concurrent tests are picked by name (each name is of one package), and those run whole.
RACE_TESTS := TestConvergence|TestConcurrent|TestRealtime|TestPush|TestCrossing|TestNotifier|TestSignaturesAtTheSameMoment|TestNoDuplicates|TestSimultaneousInvitations
test-race:
	@if command -v cc >/dev/null 2>&1; then \
	  CGO_ENABLED=1 DUO_CONVERGENCE_SEEDS=12 go test -race -run '$(RACE_TESTS)' ./sync/ ./hooks/ ./reminders/ ./intake/ & picked=$$!; \
	  CGO_ENABLED=1 go test -race ./notify/ ./internal/jobs/ & whole=$$!; \
	  rc=0; wait $$picked || rc=1; wait $$whole || rc=1; exit $$rc; \
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
