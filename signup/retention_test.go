package signup_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/signup"
)

// An unconfirmed registration goes 48 hours after its last mail; a confirmed one nobody
// turned into a person goes the set number of days after its session; a converted one stays
// (it goes with its person).
func TestPrune(t *testing.T) {
	const keep = 30
	start := func(app core.App) time.Time {
		return Find(t, app, "sessions", infoSession).GetDateTime("starts_at").Time()
	}
	cases := []struct {
		name      string
		confirmed bool
		converted bool
		at        func(app core.App) time.Time
		kept      bool
	}{
		{"unconfirmed, 47 hours after its mail", false, false, func(core.App) time.Time { return Now().Add(47 * time.Hour) }, true},
		{"unconfirmed, 49 hours after its mail", false, false, func(core.App) time.Time { return Now().Add(49 * time.Hour) }, false},
		{"confirmed, a day before the setting", true, false, func(app core.App) time.Time { return start(app).AddDate(0, 0, keep-1) }, true},
		{"confirmed, a day after the setting", true, false, func(app core.App) time.Time { return start(app).AddDate(0, 0, keep+1) }, false},
		{"converted, years later", true, true, func(app core.App) time.Time { return start(app).AddDate(3, 0, 0) }, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			addRegistrant(t, w.app, registration, infoSession, registrantEml, "mentor", c.confirmed)
			if c.converted {
				expect(t, w.send(Coord, "POST", convertURL(registration), ""), 200)
			}
			gone, err := signup.Prune(w.app, c.at(w.app), keep)
			if err != nil {
				t.Fatal(err)
			}
			left := w.count("registrations", "")
			if (left == 1) != c.kept || gone != 1-left {
				t.Errorf("%d left, %d erased; kept: %v", left, gone, c.kept)
			}
			if !c.kept && w.count("attendance", `session = "`+infoSession+`"`) != 0 {
				t.Error("its line on the list stayed")
			}
		})
	}
}

// A run erases a batch at most; the next run takes the rest.
func TestPruneBatch(t *testing.T) {
	w := newWorld(t)
	c, _ := w.app.FindCollectionByNameOrId("registrations")
	for i := range signup.Batch + 3 {
		r := core.NewRecord(c)
		r.Load(map[string]any{"branch": BranchBrussels, "session": infoSession, "first_name": "A", "last_name": "B",
			"email": "p" + string(rune('a'+i%26)) + time.Duration(i).String() + "@example.org", "role": "mentor", "language": "fr",
			"consent_contact": true, "mailed_at": Now()})
		if err := w.app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	later := Now().Add(50 * time.Hour)
	if n, err := signup.Prune(w.app, later, 90); err != nil || n != signup.Batch {
		t.Fatalf("first run: %d (%v)", n, err)
	}
	if n, _ := signup.Prune(w.app, later, 90); n != 3 {
		t.Errorf("second run: %d", n)
	}
}

// A converted person's erasure takes their registration with it; their line on the session's
// list stays, on the pseudonym, for the figures.
func TestErasureTakesTheRegistration(t *testing.T) {
	w := newWorld(t)
	withRegistrant(t, w.app)
	expect(t, w.send(Coord, "POST", convertURL(registration), ""), 200)
	person := Find(t, w.app, "registrations", registration).GetString("person")
	pseudonym, err := erasure.Erase(w.app, person, "request", access.System(), Now())
	if err != nil {
		t.Fatal(err)
	}
	if n := w.count("registrations", ""); n != 0 {
		t.Errorf("%d registrations left after the erasure", n)
	}
	if n := w.count("attendance", `session = "`+infoSession+`" && person = "`+pseudonym+`"`); n != 1 {
		t.Errorf("%d lines on the pseudonym", n)
	}
}
