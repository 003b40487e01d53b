package sync_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

func meetingFields(extra map[string]any) map[string]any {
	f := map[string]any{"duo": DuoOne, "held_on": Day(-2), "minutes": 90, "mode": "video"}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

func TestPushAppliesOnceWhateverTheRetries(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	marc := synced(t, h, DuoMentor)[DuoMentor]
	mid := marc.edit("meetings", "create", "offlinemeeting1", meetingFields(nil))
	if _, code := marc.push(true); code != 200 { // the server commits, the phone never hears back
		t.Fatalf("push: %d", code)
	}
	resp, _ := marc.push(false)
	if len(resp.Results) != 1 || resp.Results[0].Status != sync.Duplicate || resp.Results[0].First.Status != sync.Applied {
		t.Fatalf("the retry should be a duplicate of an applied mutation: %+v", resp)
	}
	if resp.LastMid != mid {
		t.Errorf("lastMid %d, want %d", resp.LastMid, mid)
	}
	if n, _ := app.CountRecords("meetings", dbxEq("id", "offlinemeeting1")); n != 1 {
		t.Errorf("%d copies of the meeting", n)
	}
	amina := synced(t, h, DuoMentee)[DuoMentee]
	if _, ok := amina.store["meetings"]["offlinemeeting1"]; !ok {
		t.Error("the mentee's copy lacks the pushed meeting")
	}
}

func TestOwnEditsNeverConflict(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	marc := newDevice(t, h, DuoMentor, "marc-phone") // offline since install: no cursor at all
	marc.edit("meetings", "create", "offlinemeeting1", meetingFields(nil))
	marc.edit("meetings", "update", "offlinemeeting1", map[string]any{"notes": "first draft"})
	marc.edit("meetings", "update", "offlinemeeting1", map[string]any{"notes": "final", "minutes": 120})
	resp, _ := marc.push(false)
	for _, r := range resp.Results {
		if r.Status != sync.Applied {
			t.Errorf("mid %d: %s %s %v", r.Mid, r.Status, r.Code, r.Fields)
		}
	}
	m := Find(t, app, "meetings", "offlinemeeting1")
	if m.GetString("notes") != "final" || m.GetInt("minutes") != 120 {
		t.Errorf("meeting is %v", m)
	}
}

func TestPushRejections(t *testing.T) {
	cases := []struct {
		name, caller, collection, op, id string
		fields                           map[string]any
		code                             string
		field                            string // named in the result's fields, if any
	}{
		{"too few minutes", DuoMentor, "meetings", "create", "newmeeting00001", meetingFields(map[string]any{"minutes": 5}),
			sync.CodeInvalid, "minutes"},
		{"a word for minutes", DuoMentor, "meetings", "create", "newmeeting00001", meetingFields(map[string]any{"minutes": "two hours"}),
			sync.CodeInvalid, "minutes"},
		{"an unknown collection", DuoMentor, "widgets", "create", "newmeeting00001", nil, sync.CodeCollection, ""},
		{"a collection the app only reads", DuoMentor, "duo_events", "create", "newmeeting00001", nil, sync.CodeCollection, ""},
		{"an unknown field", DuoMentor, "meetings", "create", "newmeeting00001", meetingFields(map[string]any{"colour": "red"}),
			sync.CodeInvalid, "colour"},
		{"an email, which has its own route", DuoMentee, "users", "update", MenteeOne, map[string]any{"email": "x@example.org"},
			sync.CodeInvalid, "email"},
		{"an id of the wrong form", DuoMentor, "meetings", "create", "ABC", meetingFields(nil), sync.CodeID, ""},
		{"an unknown operation", DuoMentor, "meetings", "upsert", "newmeeting00001", meetingFields(nil), sync.CodeOp, ""},
		{"a mentee logging a meeting", DuoMentee, "meetings", "create", "newmeeting00001", meetingFields(nil), sync.CodeForbidden, ""},
		{"a mentee editing the mentor's notes", DuoMentee, "meetings", "update", MeetingOne, map[string]any{"notes": "mine"},
			sync.CodeForbidden, "notes"},
		{"another duo's meeting", OtherMentee, "meetings", "update", MeetingOne, map[string]any{"mentee_confirmed": true},
			sync.CodeNotFound, ""},
		{"a duo of another person", DuoMentor, "meetings", "create", "newmeeting00001", meetingFields(map[string]any{"duo": DuoTwo}),
			sync.CodeInvalid, "duo"},
		{"an id already taken", DuoMentor, "meetings", "create", MeetingOne, meetingFields(nil), sync.CodeIDTaken, ""},
		{"a record that never existed", DuoMentor, "meetings", "update", "neverexisted001", map[string]any{"notes": "?"},
			sync.CodeNotFound, ""},
		{"a role given to oneself", DuoMentee, "users", "update", MenteeOne, map[string]any{"role": "coordinator"},
			sync.CodeForbidden, "role"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			d := newDevice(t, Handler(t, app), c.caller, "phone-"+c.caller)
			d.pullAll()
			d.edit(c.collection, c.op, c.id, c.fields)
			resp, code := d.push(false)
			if code != 200 || len(resp.Results) != 1 {
				t.Fatalf("push: %d %+v", code, resp)
			}
			r := resp.Results[0]
			if r.Status != sync.Rejected || r.Code != c.code || r.Message == "" {
				t.Fatalf("got %s %s %q, want rejected %s", r.Status, r.Code, r.Message, c.code)
			}
			if _, named := r.Fields[c.field]; c.field != "" && !named {
				t.Errorf("the result does not name %s: %v", c.field, r.Fields)
			}
		})
	}
}

func TestRejectionsSpeakThePersonsLanguage(t *testing.T) {
	d := newDevice(t, Handler(t, App(t)), DuoMentor, "marc-phone") // Marc reads French
	d.edit("meetings", "create", "newmeeting00001", meetingFields(map[string]any{"minutes": 5}))
	resp, _ := d.push(false)
	minutes, _ := json.Marshal(resp.Results[0].Fields["minutes"])
	if !strings.Contains(string(minutes), "Doit être au moins 15.") {
		t.Errorf("expected French, got %s", minutes)
	}
}

func TestPushRequestRefusals(t *testing.T) {
	many := make([]map[string]any, sync.MaxMutations+1)
	for i := range many {
		many[i] = map[string]any{"mid": i + 1, "collection": "objectives", "op": "delete", "id": ObjectiveOne}
	}
	tooMany, _ := json.Marshal(map[string]any{"clientId": "phone-of-amina", "mutations": many})
	huge := `{"clientId":"phone-of-amina","mutations":[{"mid":1,"collection":"objectives","op":"create","id":"bigobjective001",` +
		`"fields":{"title":"` + strings.Repeat("x", sync.MaxPushBytes) + `"}}]}`
	cases := []struct {
		name, caller, body string
		headers            map[string]string
		status             int
	}{
		{"anonymous", Anonymous, `{"clientId":"phone-of-amina","mutations":[]}`, nil, 401},
		{"a superuser", Superuser, `{"clientId":"phone-of-amina","mutations":[]}`, nil, 403},
		{"another person's app install", OtherMentee, `{"clientId":"phone-of-amina","mutations":[]}`, nil, 403},
		{"more than 100 mutations", DuoMentee, string(tooMany), nil, 413},
		{"more than 1 MB", DuoMentee, huge, nil, 413},
		{"an app newer than the server", DuoMentee, `{"clientId":"phone-of-amina","mutations":[]}`,
			map[string]string{sync.SchemaHeader: "2"}, 503},
		{"an app older than the server", DuoMentee, `{"clientId":"phone-of-amina","mutations":[]}`,
			map[string]string{sync.SchemaHeader: "0"}, 426},
		{"no schema header", DuoMentee, `{"clientId":"phone-of-amina","mutations":[]}`,
			map[string]string{sync.SchemaHeader: ""}, 400},
		{"acked at or above the first mid", DuoMentee, `{"clientId":"phone-of-amina","acked":1,"mutations":[` +
			`{"mid":1,"collection":"objectives","op":"delete","id":"` + ObjectiveOne + `"}]}`, nil, 400},
		{"acked not a whole number", DuoMentee, `{"clientId":"phone-of-amina","acked":-1,"mutations":[]}`, nil, 400},
		{"malformed JSON", DuoMentee, `{"clientId":"phone-of-amina","mutations":[`, nil, 400},
		{"no client id", DuoMentee, `{"mutations":[]}`, nil, 400},
		{"mids going backwards", DuoMentee, `{"clientId":"phone-of-amina","mutations":[` +
			`{"mid":2,"collection":"objectives","op":"delete","id":"` + ObjectiveOne + `"},` +
			`{"mid":1,"collection":"objectives","op":"delete","id":"` + ObjectiveOne + `"}]}`, nil, 400},
		{"a mid that is not a whole number", DuoMentee, `{"clientId":"phone-of-amina","mutations":[` +
			`{"mid":1.5,"collection":"objectives","op":"delete","id":"` + ObjectiveOne + `"}]}`, nil, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := App(t)
			h := Handler(t, app)
			amina := newDevice(t, h, DuoMentee, "phone-of-amina") // binds the install to Amina
			amina.edit("objectives", "update", ObjectiveOne, map[string]any{"status": "in_progress"})
			amina.push(false)
			rec := SendWith(t, h, c.caller, "POST", sync.PushRoute, c.body, c.headers)
			expectStatus(t, rec, c.status)
			if n, _ := app.CountRecords("objectives", dbxEq("id", ObjectiveOne)); n != 1 {
				t.Error("a refused push changed data")
			}
		})
	}
}

// A mutation that fails after writing leaves no trace, and the rest of the push applies.
func TestFailureAfterWritingLeavesNoTrace(t *testing.T) {
	app := App(t)
	app.OnRecordCreateExecute("objectives").BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		if e.Record.GetString("title") == "fails after writing" {
			return validation.Errors{"title": validation.NewError("test_refusal", "refused after the insert")}
		}
		return nil
	})
	h := Handler(t, app)
	amina := newDevice(t, h, DuoMentee, "phone-of-amina")
	for i, title := range []string{"before", "fails after writing", "after"} {
		amina.edit("objectives", "create", fmt.Sprintf("objectivepush%02d", i), map[string]any{"duo": DuoOne, "title": title})
	}
	resp, code := amina.push(false)
	if code != 200 {
		t.Fatalf("push: %d", code)
	}
	got := []string{resp.Results[0].Status, resp.Results[1].Status, resp.Results[2].Status}
	if strings.Join(got, ",") != "applied,rejected,applied" {
		t.Fatalf("results %v", got)
	}
	if n, _ := app.CountRecords("objectives", dbxEq("id", "objectivepush01")); n != 0 {
		t.Error("the failed objective was kept")
	}
	var logged int
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM _sync_changes WHERE record_id = 'objectivepush01'").Row(&logged)
	if logged != 0 {
		t.Error("the failed objective left a change in the log")
	}
}

// Trouble that is not a refusal applies nothing of the push: 503, and the retry works.
func TestTroubleAppliesNothing(t *testing.T) {
	app := App(t)
	trouble := true
	app.OnRecordCreateExecute("objectives").BindFunc(func(e *core.RecordEvent) error {
		if trouble && e.Record.GetString("title") == "second" {
			return errors.New("disk full")
		}
		return e.Next()
	})
	h := Handler(t, app)
	amina := newDevice(t, h, DuoMentee, "phone-of-amina")
	amina.edit("objectives", "create", "objectivepush00", map[string]any{"duo": DuoOne, "title": "first"})
	amina.edit("objectives", "create", "objectivepush01", map[string]any{"duo": DuoOne, "title": "second"})
	if _, code := amina.push(false); code != 503 {
		t.Fatalf("expected 503, got %d", code)
	}
	if n, _ := app.CountRecords("objectives", dbxEq("id", "objectivepush00")); n != 0 {
		t.Fatal("half of a failed push was applied")
	}
	trouble = false
	resp, _ := amina.push(false)
	if len(resp.Results) != 2 || resp.Results[0].Status != sync.Applied || resp.Results[1].Status != sync.Applied {
		t.Fatalf("the retry: %+v", resp)
	}
}
