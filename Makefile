# duo: the two commands a newcomer needs are `make run` and `make test`.
# PocketBase v0.40 needs Go 1.27: GOTOOLCHAIN=auto lets the go command fetch it.
export GOTOOLCHAIN := auto
export CGO_ENABLED := 0

.PHONY: run demo test test-go test-dates test-race test-e2e build clean

# Random runs of the sync convergence test (bounded: about 0.2 s each).
DUO_CONVERGENCE_SEEDS ?= 100
export DUO_CONVERGENCE_SEEDS

# A go run binary is what PocketBase takes for development (every SQL statement printed, see
# main.go): --dev=false keeps the output to what a person needs.
# Another address: make run ADDR=127.0.0.1:8091 (or PORT=8091); more flags: ARGS='...'.
PORT ?= 8090
ADDR ?= 127.0.0.1:$(PORT)

## run: start the server (SQLite in ./pb_data, http://127.0.0.1:8090; ADDR= or PORT= for another)
run:
	go run . serve --dev=false --http=$(ADDR) $(ARGS)

## demo: fill an empty ./pb_data with a demo branch and print the logins (ARGS='--password x')
demo:
	go run . demo --dev=false $(ARGS)

## test: every test, Go (with the race detector on sync, concurrent edits, push and jobs) and end-to-end (installs the e2e's
## npm packages and chromium if missing, in the background while the Go suites run: network, little CPU)
test:
	@mkdir -p e2e/.run; (e2e/setup.sh > e2e/.run/setup.log 2>&1; echo $$? > e2e/.run/setup.rc) & \
	$(MAKE) --no-print-directory test-go test-dates test-race; rc=$$?; wait; [ $$rc -eq 0 ] || exit $$rc; \
	[ "$$(cat e2e/.run/setup.rc)" = 0 ] || { cat e2e/.run/setup.log; exit 1; }; \
	$(MAKE) --no-print-directory test-e2e E2E_SETUP=done; rc=$$?; date '+== %T done'; exit $$rc

test-go:
	@date '+== %T test-go'
	go test ./...

# The suite again at hard moments of the calendar (testkit.NowEnv sets the tests' clock):
# the last day of January, 29 February, 00:30 on 31 August (still 30 August in UTC), and
# just after both DST changes. The two-year sweeps need no other date, nor do the random sync
# runs, the filter oracle and the races (no calendar rule in them), nor the impact history's
# truth (each duo drawn from its own stream: the same programme on any day), nor a locked
# database. Only the packages whose tests read that clock run again (they import
# internal/testkit; DUO_TEST_NOW changes nothing for the others), each built once for the five
# moments, and run $(JOBS) at a time (the longest, hooks, first): .ci/test-dates.
HARD_DATES := 2027-01-31T23:30:00+01:00 2028-02-29T00:30:00+01:00 2027-08-31T00:30:00+02:00 \
	2027-03-28T03:30:00+02:00 2027-10-31T02:30:00+01:00
DATE_SKIP := SweepTwoYears|TestConvergence|TestQueriesRevealNothingHidden|TestConcurrent|TestCrossing|TestHistory|TestLockedDatabase
JOBS ?= 2
test-dates:
	@date '+== %T test-dates'
	@JOBS=$(JOBS) .ci/test-dates '$(DATE_SKIP)' $(HARD_DATES)

# The race detector needs cgo, hence a C compiler.
# Two go tests at once, each building and running its packages side by side: those whose
# concurrent tests are picked by name (each name is of one package), and those run whole.
RACE_TESTS := TestConvergence|TestConcurrent|TestRealtime|TestPush|TestCrossing|TestNotifier|TestSignaturesAtTheSameMoment|TestNoDuplicates|TestSimultaneousInvitations
test-race:
	@date '+== %T test-race'
	@if command -v cc >/dev/null 2>&1; then \
	  CGO_ENABLED=1 DUO_CONVERGENCE_SEEDS=12 go test -race -run '$(RACE_TESTS)' ./sync/ ./hooks/ ./reminders/ ./intake/ & picked=$$!; \
	  CGO_ENABLED=1 go test -race ./notify/ ./internal/jobs/ & whole=$$!; \
	  rc=0; wait $$picked || rc=1; wait $$whole || rc=1; exit $$rc; \
	else echo "test-race: skipped, no C compiler (install gcc to run the race detector)"; fi

test-e2e:
	@date '+== %T test-e2e'
	go build -o e2e/.run/duo .
	@[ "$(E2E_SETUP)" = done ] || e2e/setup.sh
	cd e2e && DUO_BIN=.run/duo npm test

## build: the static binary ./duo
build:
	go build -trimpath -ldflags "-s -w" -o duo .

clean:
	rm -rf e2e/.run duo
