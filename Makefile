# duo: the two commands a newcomer needs are `make run` and `make test`.
# PocketBase v0.40 needs Go 1.27: GOTOOLCHAIN=auto lets the go command fetch it.
export GOTOOLCHAIN := auto
export CGO_ENABLED := 0

.PHONY: run demo types test test-go test-dates test-race test-e2e build clean

# Random runs of the sync convergence test (bounded: about 0.2 s each).
DUO_CONVERGENCE_SEEDS ?= 60
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

## types: write the sync client kit's types from the schema (after a migration; a test checks)
types:
	@dir=$$(mktemp -d); go build -o $$dir/duo . && \
	for f in ts:clients/js/types/duo.d.ts json-schema:clients/js/types/duo.schema.json js:clients/js/src/schema.js; do \
	  mkdir -p $$(dirname $${f#*:}) && $$dir/duo types $${f%%:*} --dir=$$dir/pb_data > $${f#*:} || exit 1; done; rm -rf $$dir

## test: every test as one pool of runs (.ci/tests), three at a time: the Go suite, again at
## hard moments of the calendar, the race detector on sync, concurrent edits, push and jobs,
## and end-to-end (its npm packages and chromium install in the background meanwhile)
test:
	@mkdir -p e2e/.run; rm -f e2e/.run/setup.rc; \
	(e2e/setup.sh > e2e/.run/setup.log 2>&1; echo $$? > e2e/.run/setup.rc) & \
	E2E_SETUP=background .ci/tests go dates race e2e; rc=$$?; wait; exit $$rc

# The Go suite alone, with go test's cache (a developer's quick run).
test-go:
	go test ./...

# The suite again at hard moments of the calendar (testkit.NowEnv sets the tests' clock):
# 29 February, 00:30 on 31 August (a month's last day, still 30 August in UTC), and just
# after both DST changes. The two-year sweeps need no other date, nor do the random sync
# runs, the filter oracle and the races (no calendar rule in them), nor the impact history's
# truth (each duo drawn from its own stream: the same programme on any day), nor a locked
# database, nor the funder's attacks on the figures (sums of the same cells on any day), nor
# the access matrices (TestXxxAccess: who may read and write what, no calendar rule in it).
# Only the packages whose tests read that clock run again (they import internal/testkit;
# DUO_TEST_NOW changes nothing for the others), but those with no calendar rule: sync (its
# log and cursors count in durations and sequence numbers), access (audiences), synctypes,
# shell, txmemo and the top package's (catalogs, pages, routes documented).
HARD_DATES := 2028-02-29T00:30:00+01:00 2027-08-31T00:30:00+02:00 2027-03-28T03:30:00+02:00 \
	2027-10-31T02:30:00+01:00
DATE_SKIP := SweepTwoYears|TestConvergence|TestQueriesRevealNothingHidden|TestConcurrent|TestCrossing|TestHistory|TestLockedDatabase|TestAFunder|Access$$
DATE_SKIP_PACKAGES := sync access synctypes shell txmemo duo
export HARD_DATES DATE_SKIP DATE_SKIP_PACKAGES
test-dates:
	.ci/tests dates

# The race detector (it needs cgo, hence a C compiler): the concurrent tests of these
# packages, picked by name (each name is of one package), and these packages whole; the
# random sync runs RACE_SEEDS times under it (the race detector needs the code paths run, not
# many seeds: the sixty of the plain run test the logic).
RACE_PICKED := ./sync/ ./hooks/ ./reminders/ ./intake/
RACE_RUN := TestConvergence|TestConcurrent|TestRealtime|TestPushAppliesMidsInOrder|TestCrossing|TestNotifier|TestSignaturesAtTheSameMoment|TestNoDuplicates|TestSimultaneousInvitations
RACE_WHOLE := ./notify/ ./internal/jobs/
RACE_SEEDS := 4
export RACE_PICKED RACE_RUN RACE_WHOLE RACE_SEEDS
test-race:
	.ci/tests race

test-e2e:
	.ci/tests e2e

## build: the static binary ./duo
build:
	go build -trimpath -ldflags "-s -w" -o duo .

clean:
	rm -rf e2e/.run duo
