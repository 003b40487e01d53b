package sync_test

import (
	"encoding/json"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// Each result carries its record as the server now holds it and as REST shows it to the
// person: what was applied, what won a conflict; nothing for a delete applied or a create
// refused.
func TestResultsCarryTheRecordAsTheServerHoldsIt(t *testing.T) {
	amina, marc, _ := twoPhones(t)
	amina.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "Amina's title"})
	onlyResult(t, amina)
	marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "Marc's title", "details": "kept"})
	marc.edit("meetings", "create", "offlinemeeting1", meetingFields(nil))
	marc.edit("meetings", "create", "offlinemeeting2", meetingFields(map[string]any{"minutes": 5}))
	marc.edit("meetings", "delete", "offlinemeeting1", nil)
	marc.edit("meetings", "create", "offlinemeeting3", meetingFields(map[string]any{"notes": "CV"}))
	resp, code := marc.push(false)
	if code != 200 || len(resp.Results) != 5 {
		t.Fatalf("push: %d %+v", code, resp)
	}
	want := []struct {
		status string
		fields map[string]any // of the record carried; nil: none
	}{
		{sync.Conflict, map[string]any{"title": "Amina's title", "details": "kept", "collectionName": "objectives"}},
		{sync.Applied, nil}, // applied, then deleted by the same push: gone now
		{sync.Rejected, nil},
		{sync.Applied, nil},
		{sync.Applied, map[string]any{"notes": "CV", "collectionName": "meetings", "logged_by": MentorOne}},
	}
	for i, w := range want {
		r := resp.Results[i]
		record, _ := r.Record.(map[string]any)
		if r.Status != w.status || (w.fields == nil) != (record == nil) {
			t.Errorf("mid %d: %s, record %v", r.Mid, r.Status, record)
			continue
		}
		for k, v := range w.fields {
			if record[k] != v {
				t.Errorf("mid %d: %s is %v, want %v", r.Mid, k, record[k], v)
			}
		}
	}
	// What the copy took from the results is what REST shows Marc, before any pull.
	for _, at := range [][2]string{{"objectives", ObjectiveOne}, {"meetings", "offlinemeeting3"}} {
		res := Send(t, marc.h, DuoMentor, "GET", "/api/collections/"+at[0]+"/records/"+at[1], "")
		copied, _ := json.Marshal(marc.store[at[0]][at[1]])
		var rest map[string]any
		_ = json.Unmarshal(res.Body.Bytes(), &rest)
		shown, _ := json.Marshal(rest)
		if string(copied) != string(shown) {
			t.Errorf("%s: the copy holds\n%s\nREST shows\n%s", at[1], copied, shown)
		}
	}
	if _, ok := marc.store["meetings"]["offlinemeeting1"]; ok {
		t.Error("the meeting deleted is still in the copy")
	}
}
