package erasure_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
	. "github.com/duoforajob/duo/internal/testkit"
)

func TestMain(m *testing.M) { Run(m) }

// Traces are what a person leaves in duo, written by them or about them, that must all go.
var traces = []string{"Tigran", "soudeuse", "comment-of-tigran", "tokenoftigran", "note-tigran-lost", "fingerprint-tigran",
	"12 rue des Tanneurs"}

// herWorld gives the mentee of the completed duo everything a person leaves: a profile with
// free texts and origin, a consent, a phone, pushes, a conflict, a sign-in record, an answer
// with a comment, her name in her mentor's notes and in a push to him.
func herWorld(t *testing.T, app core.App) {
	t.Helper()
	Change(t, app, Coord, "profiles", Profile(t, MenteeCompleted), map[string]any{
		"expectations": "Devenir soudeuse", "birth_year": 2001, "languages": []string{"fr", "ar"},
		"barriers": []string{"language"}, "birth_country": "SY", "birth_country_consent_on": Day(-100)})
	Make(t, app, Coord, "consents", "consenttigran01", map[string]any{"person": MenteeCompleted,
		"purpose": "followup_contact", "state": "given", "text_version": "v1", "recorded_via": "paper"})
	Make(t, app, MentorCompleted, "meetings", "meetingtigran01", map[string]any{"duo": DuoCompleted,
		"held_on": Day(-15), "minutes": 120, "mode": "in_person", "notes": "Tigran a trouvé un stage; les Tigres non."})
	for _, sql := range []string{
		`UPDATE evaluations SET comments = 'comment-of-tigran' WHERE duo = {:duo} AND respondent = {:p}`,
		`UPDATE duos SET meeting_place = 'chez elle, 12 rue des Tanneurs' WHERE id = {:duo}`,
		`INSERT INTO _sync_clients (id, user_id, last_mid, created, updated) VALUES ('phone-of-her-01', {:p}, 1, 0, 0),
			('phone-of-him-01', {:m}, 1, 0, 0)`,
		`INSERT INTO _sync_results (client, mid, at, result) VALUES
			('phone-of-her-01', 1, 0, '{"mid":1,"status":"conflict","fields":{"notes":{"client":"note-tigran-lost","server":"x"}}}'),
			('phone-of-him-01', 1, 0, '{"mid":1,"status":"conflict","fields":{"meeting_place":{"client":"Met Tigran","server":"y"}}}')`,
		`INSERT INTO devices (id, user, token, platform, last_seen, created, updated)
			VALUES ('devicetigran001', {:p}, 'tokenoftigran', 'android', '2026-11-01 10:00:00.000Z', '', '')`,
		`INSERT INTO notifications (id, user, kind, dedupe_key, duo, payload, due_at, next_attempt_at, status, created, updated)
			VALUES ('pushtotigran001', {:p}, 'meeting_reminder', 'k1', {:duo}, '{}', '2026-11-01 10:00:00.000Z',
			'2026-11-01 10:00:00.000Z', 'sent', '', '')`,
		`INSERT INTO notifications (id, user, kind, dedupe_key, duo, payload, due_at, next_attempt_at, status, created, updated)
			VALUES ('pushtohedwig001', {:m}, 'meeting_reminder', 'k2', {:duo},
			'{"text":"meeting_reminder","params":{"partner":"Tigran"}}', '2026-11-01 10:00:00.000Z',
			'2026-11-01 10:00:00.000Z', 'sent', '', '')`,
		`INSERT INTO sync_conflicts (id, author, branch, client, target_collection, target_id, op, reason, "values", created, updated)
			VALUES ('conflicttigran1', {:p}, {:b}, 'c1', 'profiles', 'x', 'update', 'changed',
			'{"expectations":{"server":"a","client":"note-tigran-lost"}}', '', '')`,
		`INSERT INTO sync_conflicts (id, author, branch, client, target_collection, target_id, op, reason, "values", created, updated)
			SELECT 'conflictclaire1', {:c}, {:b}, 'c3', 'profiles', id, 'update', 'changed',
			'{"expectations":{"server":"Devenir soudeuse","client":"x"}}', '', '' FROM profiles WHERE user = {:p}`,
		`INSERT INTO sync_conflicts (id, author, branch, client, target_collection, target_id, op, reason, "values", created, updated)
			VALUES ('conflicthedwig1', {:m}, {:b}, 'c2', 'meetings', 'meetingtigran01', 'update', 'changed',
			'{"notes":{"server":"Tigran was late","client":"mine"}}', '', '')`,
	} {
		if _, err := app.DB().NewQuery(sql).Bind(dbx.Params{"p": MenteeCompleted, "m": MentorCompleted,
			"duo": DuoCompleted, "b": BranchBrussels, "c": Coord}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	origins, _ := app.FindCollectionByNameOrId(core.CollectionNameAuthOrigins)
	users, _ := app.FindCollectionByNameOrId("users")
	origin := core.NewRecord(origins)
	origin.Set("collectionRef", users.Id)
	origin.Set("recordRef", MenteeCompleted)
	origin.Set("fingerprint", "fingerprint-tigran")
	if err := app.Save(origin); err != nil {
		t.Fatal(err)
	}
}

func eraseHer(t *testing.T, app core.App) string {
	t.Helper()
	coord, _ := app.FindRecordById("users", Coord)
	pseudonym, err := erasure.Erase(app, MenteeCompleted, "request", access.ActorFrom(coord), Now())
	if err != nil {
		t.Fatal(err)
	}
	return pseudonym
}

// rowsHolding lists, in every table of the database, the rows in which needle appears.
func rowsHolding(t *testing.T, app core.App, needle string) []string {
	t.Helper()
	var tables []string
	if err := app.DB().NewQuery("SELECT name FROM sqlite_master WHERE type = 'table'").Column(&tables); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, table := range tables {
		var columns []string
		_ = app.DB().NewQuery("SELECT name FROM pragma_table_info({:t})").Bind(dbx.Params{"t": table}).Column(&columns)
		cast := make([]string, len(columns))
		for i, c := range columns {
			cast[i] = "COALESCE(CAST([[" + c + "]] AS TEXT), '')"
		}
		var n int
		_ = app.DB().NewQuery("SELECT COUNT(*) FROM [[" + table + "]] WHERE instr(" + strings.Join(cast, " || '|' || ") +
			", {:needle}) > 0").Bind(dbx.Params{"needle": needle}).Row(&n)
		if n > 0 {
			found = append(found, fmt.Sprintf("%s (%d rows)", table, n))
		}
	}
	return found
}

// After her erasure, nothing she wrote, nothing about her, and not her id remain anywhere in
// the database: her id stays only in the audit log and the sync log (which tells phones to
// drop her record), both ids only.
func TestErasureLeavesNoTrace(t *testing.T) {
	app := App(t)
	herWorld(t, app)
	for _, trace := range traces {
		if len(rowsHolding(t, app, trace)) == 0 {
			t.Fatalf("the world lacks %q: the test would prove nothing", trace)
		}
	}
	eraseHer(t, app)
	for _, trace := range traces {
		if rows := rowsHolding(t, app, trace); len(rows) > 0 {
			t.Errorf("%q is still in %v", trace, rows)
		}
	}
	for _, row := range rowsHolding(t, app, MenteeCompleted) {
		table, _, _ := strings.Cut(row, " ")
		if !slices.Contains([]string{"data_audit", "_sync_changes", "_sync_leaves", "_sync_audiences"}, table) {
			t.Errorf("her id is still in %s", row)
		}
	}
	if rows := rowsHolding(t, app, "phone-of-her-01"); len(rows) > 0 {
		t.Errorf("her app install is still known: %v", rows)
	}
}

// What the statistics count stays, on a pseudonym that can do nothing: her role, branch,
// intake date, age, languages, barriers and consented origin; no name, no contact.
func TestThePseudonymKeepsOnlyTheStatistics(t *testing.T) {
	app := App(t)
	herWorld(t, app)
	before, _ := app.FindRecordById("users", MenteeCompleted)
	pseudonym := eraseHer(t, app)
	y, err := app.FindRecordById("users", pseudonym)
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{"role": "mentee", "branch": BranchBrussels, "name": "", "email": "",
		"created": before.GetString("created"), "verified": "false"} {
		if got := fmt.Sprint(y.Get(field)); got != want {
			t.Errorf("pseudonym's %s = %q, want %q", field, got, want)
		}
	}
	if at := y.GetDateTime("erased_at").Time(); at.IsZero() || at.Hour() != 0 || at.Minute() != 0 || at.Second() != 0 {
		t.Errorf("the pseudonym is marked erased at %v, want the day only (the moment would match it to the ledger)", at)
	}
	profile, err := app.FindFirstRecordByData("profiles", "user", pseudonym)
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{"birth_year": "2001", "languages": "[fr ar]", "barriers": "[language]",
		"birth_country": "SY", "expectations": ""} {
		if got := fmt.Sprint(profile.Get(field)); got != want {
			t.Errorf("pseudonym's profile %s = %q, want %q", field, got, want)
		}
	}
	duo := Find(t, app, "duos", DuoCompleted)
	if duo.GetString("mentee") != pseudonym {
		t.Errorf("the duo's mentee is %s", duo.GetString("mentee"))
	}
	notes := Find(t, app, "meetings", "meetingtigran01").GetString("notes")
	if notes != "[…] a trouvé un stage; les Tigres non." {
		t.Errorf("her mentor's notes: %q (her name out, the rest kept)", notes)
	}
	if _, err := app.FindFirstRecordByFilter("duo_events", "duo = {:d} && kind = 'person_erased' && detail = 'mentee'",
		dbx.Params{"d": DuoCompleted}); err != nil {
		t.Errorf("the history does not say a person was erased: %v", err)
	}
	if _, err := app.FindFirstRecordByFilter("duo_events", "duo = {:d} && kind = 'signed' && detail = 'mentee' && actor = {:y}",
		dbx.Params{"d": DuoCompleted, "y": pseudonym}); err != nil {
		t.Errorf("her signature is no longer in the history, as the pseudonym's: %v", err)
	}
	if _, err := app.FindFirstRecordByFilter("data_audit", "action = 'erase' && person = {:p} && actor = {:c} && detail = 'request'",
		dbx.Params{"p": MenteeCompleted, "c": Coord}); err != nil {
		t.Errorf("no audit entry: %v", err)
	}
	entries, err := erasure.ReadLedger(app)
	if err != nil || len(entries) != 1 || entries[0].Person != MenteeCompleted || entries[0].Reason != "request" {
		t.Errorf("ledger: %+v, %v", entries, err)
	}
}

// Her partner's phone drops her at the next pull: her account is deleted from it, the duo
// names the pseudonym (no name, marked erased), and his notes come without her name.
func TestHerPartnersPhoneDropsHer(t *testing.T) {
	app := App(t)
	herWorld(t, app)
	h := Handler(t, app)
	phone := map[string]json.RawMessage{}
	cursor := pullAll(t, h, MentorCompleted, "", phone)
	if !strings.Contains(fmt.Sprint(phone), "Tigran") {
		t.Fatal("his phone never held her name: the test would prove nothing")
	}
	pseudonym := eraseHer(t, app)
	pullAll(t, h, MentorCompleted, cursor, phone)
	for key, record := range phone {
		for _, trace := range append(traces, MenteeCompleted) {
			if strings.Contains(key+string(record), trace) {
				t.Errorf("his phone still holds %q in %s: %s", trace, key, record)
			}
		}
	}
	if y, ok := phone["users/"+pseudonym]; !ok || !strings.Contains(string(y), `"erased_at":"2`) {
		t.Errorf("his phone lacks the pseudonym marked erased: %s", y)
	}
}

// pullAll pulls pages from cursor until the server has no more, applying them to phone.
func pullAll(t *testing.T, h http.Handler, person, cursor string, phone map[string]json.RawMessage) string {
	t.Helper()
	for range 50 {
		res := Send(t, h, person, "GET", "/api/sync/pull?limit=1000&cursor="+url.QueryEscape(cursor), "")
		if res.Code != 200 {
			t.Fatalf("pull: %d %s", res.Code, res.Body)
		}
		var page struct {
			Cursor  string `json:"cursor"`
			HasMore bool   `json:"hasMore"`
			Reset   bool   `json:"reset"`
			Changes []struct {
				Collection string          `json:"collection"`
				ID         string          `json:"id"`
				Op         string          `json:"op"`
				Record     json.RawMessage `json:"record"`
			} `json:"changes"`
		}
		if err := json.Unmarshal(res.Body.Bytes(), &page); err != nil {
			t.Fatal(err)
		}
		if page.Reset {
			clear(phone)
		}
		for _, c := range page.Changes {
			if c.Op == "delete" {
				delete(phone, c.Collection+"/"+c.ID)
			} else {
				phone[c.Collection+"/"+c.ID] = c.Record
			}
		}
		cursor = page.Cursor
		if !page.HasMore {
			return cursor
		}
	}
	t.Fatal("the pull never ended")
	return ""
}

// Nor is anything of her left in the database files themselves (free pages, the write-ahead
// log), which backups copy: what the erasure removed was overwritten.
func TestErasureLeavesNothingInTheFile(t *testing.T) {
	app := App(t)
	// A database of before secure_delete (testkit clears the seeded one once, for every clone).
	if _, err := app.DB().NewQuery("PRAGMA user_version = 0").Execute(); err != nil {
		t.Fatal(err)
	}
	if cleared, err := erasure.ClearFreePages(app); err != nil || !cleared {
		t.Fatalf("the fixtures' free pages (written before secure_delete) not cleared: %v", err)
	}
	if cleared, _ := erasure.ClearFreePages(app); cleared {
		t.Error("cleared twice")
	}
	herWorld(t, app)
	eraseHer(t, app)
	for _, name := range []string{"data.db", "data.db-wal"} {
		raw, err := os.ReadFile(filepath.Join(app.DataDir(), name))
		if err != nil {
			continue // no log left: emptied
		}
		for _, trace := range append(traces, "menteecompleted@") {
			if bytes.Contains(raw, []byte(trace)) {
				t.Errorf("%s still holds %q", name, trace)
			}
		}
	}
}
