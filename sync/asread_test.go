package sync_test

import (
	"encoding/json"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// asRead is a record as the REST API returns it to the caller.
func asRead(t *testing.T, d *device, collection, id string) map[string]any {
	t.Helper()
	rec := Send(t, d.h, d.caller, "GET", "/api/collections/"+collection+"/records/"+id, "")
	expectStatus(t, rec, 200)
	var record map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &record); err != nil {
		t.Fatal(err)
	}
	return record
}

// An app that sends back a record as it read it, with one field changed, is taken as REST
// takes it: collectionId, collectionName, created, updated, its own id and unchanged account
// fields (email, emailVisibility, verified) are not changes.
func TestUpdateSentBackAsRead(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	marc := synced(t, h, DuoMentor)[DuoMentor]
	meeting := asRead(t, marc, "meetings", MeetingOne)
	meeting["notes"] = "Rewritten with the whole record"
	marc.edit("meetings", "update", MeetingOne, meeting)
	account := asRead(t, marc, "users", MentorOne)
	account["locale"] = "nl"
	marc.edit("users", "update", MentorOne, account)
	resp, _ := marc.push(false)
	for _, r := range resp.Results {
		if r.Status != sync.Applied {
			t.Errorf("mid %d: %s %s %v", r.Mid, r.Status, r.Code, r.Fields)
		}
	}
	if got := Find(t, app, "meetings", MeetingOne).GetString("notes"); got != "Rewritten with the whole record" {
		t.Errorf("notes %q", got)
	}
	if got := Find(t, app, "users", MentorOne).GetString("locale"); got != "nl" {
		t.Errorf("locale %q", got)
	}

	account["email"] = "marc.new@example.org" // a change: that has its own route
	marc.edit("users", "update", MentorOne, account)
	if r, _ := marc.push(false); r.Results[0].Status != sync.Rejected || r.Results[0].Fields["email"] == nil {
		t.Errorf("a changed email: %+v", r.Results[0])
	}
	meeting["id"] = MeetingTwo // another record's id inside the fields
	marc.edit("meetings", "update", MeetingOne, meeting)
	if r, _ := marc.push(false); r.Results[0].Status != sync.Rejected || r.Results[0].Fields["id"] == nil {
		t.Errorf("another id: %+v", r.Results[0])
	}
}

// A base the server did not give this person is refused, not read as "saw nothing" (which
// would make every field a conflict); nothing lands in sync_conflicts.
func TestMalformedBaseIsRejected(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	devices := synced(t, h, DuoMentor, DuoMentee)
	marc, amina := devices[DuoMentor], devices[DuoMentee]
	for name, base := range map[string]string{
		"not a cursor":            "garbage",
		"a forged signature":      marc.cursor[:len(marc.cursor)-4] + "AAAA",
		"another person's cursor": amina.cursor,
	} {
		t.Run(name, func(t *testing.T) {
			marc.queue = append(marc.queue, mutation{Mid: marc.nextMid, Collection: "meetings", Op: "update", ID: MeetingOne,
				Base: base, Fields: map[string]any{"notes": "with a bad base"}})
			marc.nextMid++
			resp, _ := marc.push(false)
			if r := resp.Results[0]; r.Status != sync.Rejected || r.Code != sync.CodeBase || r.Message == "" {
				t.Fatalf("got %+v", r)
			}
			if n, _ := app.CountRecords("sync_conflicts"); n != 0 {
				t.Errorf("%d conflicts kept for a refused base", n)
			}
		})
	}
}
