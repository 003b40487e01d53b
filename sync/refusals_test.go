package sync_test

import (
	"encoding/json"
	"strings"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// fieldCode is data.<field>.code of an error answer.
func fieldCode(t *testing.T, body []byte, field string) string {
	t.Helper()
	var answer struct {
		Data map[string]struct {
			Code string `json:"code"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return answer.Data[field].Code
}

// The refusals of a whole request carry the documented data.<field>.code; pull answers the
// schema check like push: 426 to an app too old, 503 to an app newer than the server (it
// keeps its changes), 400 without the header.
func TestSyncRefusalsNameTheirField(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	amina := newDevice(t, h, DuoMentee, "phone-of-amina")
	amina.edit("objectives", "update", ObjectiveOne, map[string]any{"status": "in_progress"})
	amina.push(false)
	older := map[string]string{sync.SchemaHeader: "0"}
	newer := map[string]string{sync.SchemaHeader: "2"}
	none := map[string]string{sync.SchemaHeader: ""}
	cases := []struct {
		name, method, route, body string
		headers                   map[string]string
		status                    int
		field, code               string
	}{
		{"another person's install", "POST", sync.PushRoute, `{"clientId":"phone-of-amina","mutations":[]}`, nil, 403,
			"clientId", sync.CodeClientTaken},
		{"a push of an older schema", "POST", sync.PushRoute, `{"clientId":"phone-of-olga1","mutations":[]}`, older, 426,
			"schema", sync.CodeSchema},
		{"a pull of an older schema", "GET", sync.PullRoute, "", older, 426, "schema", sync.CodeSchema},
		{"a push of a newer schema", "POST", sync.PushRoute, `{"clientId":"phone-of-olga1","mutations":[]}`, newer, 503,
			"schema", sync.CodeSchemaNewer},
		{"a pull of a newer schema", "GET", sync.PullRoute, "", newer, 503, "schema", sync.CodeSchemaNewer},
		{"a push without a schema", "POST", sync.PushRoute, `{"clientId":"phone-of-olga1","mutations":[]}`, none, 400,
			"schema", sync.CodeSchemaMissing},
		{"a pull without a schema", "GET", sync.PullRoute, "", none, 400, "schema", sync.CodeSchemaMissing},
		{"a pull with a schema that is no number", "GET", sync.PullRoute, "", map[string]string{sync.SchemaHeader: "v1"}, 400,
			"schema", sync.CodeSchemaMissing},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := SendWith(t, h, OtherMentee, c.method, c.route, c.body, c.headers)
			expectStatus(t, rec, c.status)
			if got := fieldCode(t, rec.Body.Bytes(), c.field); got != c.code {
				t.Errorf("data.%s.code = %q, want %q: %s", c.field, got, c.code, rec.Body.String())
			}
		})
	}
}

// An invalid value is rejected with field errors even where someone else changed the field
// meanwhile: it is never a conflict, and never kept in sync_conflicts.
func TestInvalidValuesAreNeverConflicts(t *testing.T) {
	cases := []struct {
		name  string
		field string
		value any
	}{
		{"minutes past any range", "minutes", 1e308},
		{"minutes not whole", "minutes", 60.5},
		{"notes too long", "notes", strings.Repeat("n", 5001)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			h := Handler(t, app)
			marc := synced(t, h, DuoMentor)[DuoMentor]
			Change(t, app, MentorOne, "meetings", MeetingOne, map[string]any{"minutes": 100, "notes": "changed on the web"})
			marc.edit("meetings", "update", MeetingOne, map[string]any{c.field: c.value})
			resp, _ := marc.push(false)
			if r := resp.Results[0]; r.Status != sync.Rejected || r.Fields[c.field] == nil {
				t.Fatalf("got %s %s %v", r.Status, r.Code, r.Fields)
			}
			if n, _ := app.CountRecords("sync_conflicts"); n != 0 {
				t.Errorf("%d conflicts kept an invalid value", n)
			}
		})
	}
}

// A pushed edit of a record the person never could see, deleted where it was, answers
// exactly like an id that never existed, and keeps nothing; one deleted in sight meets its
// deletion (kept for its author), if its values are valid.
func TestEditsOfDeletedRecords(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	Make(t, app, MentorAntwerp, "meetings", "antwerpmeeting1", map[string]any{"duo": DuoAntwerp, "held_on": Day(-3),
		"minutes": 60, "mode": "video"})
	for _, id := range []string{"antwerpmeeting1", MeetingTwo} {
		if err := app.Delete(Find(t, app, "meetings", id)); err != nil {
			t.Fatal(err)
		}
	}
	olga := synced(t, h, OtherMentee)[OtherMentee] // Meeting two was her duo's
	answer := func(op, id string, fields map[string]any) sync.Result {
		olga.edit("meetings", op, id, fields)
		resp, _ := olga.push(false)
		r := resp.Results[0]
		r.Mid = 0
		return r
	}
	confirm := map[string]any{"mentee_confirmed": true}
	unknown := answer("update", "neverexisted001", confirm)
	for _, op := range []string{"update", "delete"} {
		if got := answer(op, "antwerpmeeting1", confirm); !sameResult(got, unknown) {
			t.Errorf("%s of another branch's deleted record: %+v, an unknown id answers %+v", op, got, unknown)
		}
	}
	if n, _ := app.CountRecords("sync_conflicts"); n != 0 {
		t.Fatalf("%d conflicts kept for records out of sight", n)
	}
	if r := answer("update", MeetingTwo, map[string]any{"mentee_confirmed": "maybe"}); r.Status != sync.Rejected {
		t.Errorf("an invalid edit of a deleted meeting: %+v", r)
	}
	if n, _ := app.CountRecords("sync_conflicts"); n != 0 {
		t.Fatalf("an invalid value was kept")
	}
	if r := answer("update", MeetingTwo, confirm); r.Status != sync.Conflict || r.Code != sync.CodeDeleted {
		t.Errorf("an edit of a meeting deleted in sight: %+v", r)
	}
	if n, _ := app.CountRecords("sync_conflicts"); n != 1 {
		t.Errorf("%d conflicts, want the edit kept for its author", n)
	}
}

func sameResult(a, b sync.Result) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
