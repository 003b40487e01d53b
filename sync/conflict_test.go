package sync_test

import (
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// twoPhones: the mentee and the mentor, both synced, both about to edit offline.
func twoPhones(t *testing.T) (*device, *device, func(string) string) {
	app := App(t)
	h := Handler(t, app)
	phones := synced(t, h, DuoMentee, DuoMentor)
	title := func(id string) string { return Find(t, app, "objectives", id).GetString("title") }
	return phones[DuoMentee], phones[DuoMentor], title
}

func onlyResult(t *testing.T, d *device) sync.Result {
	t.Helper()
	resp, code := d.push(false)
	if code != 200 || len(resp.Results) != 1 {
		t.Fatalf("push: %d %+v", code, resp)
	}
	return resp.Results[0]
}

func TestEditsToDifferentFieldsBothSurvive(t *testing.T) {
	amina, marc, _ := twoPhones(t)
	amina.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "CV in Dutch too"})
	marc.edit("objectives", "update", ObjectiveOne, map[string]any{"details": "Use the template"})
	if r := onlyResult(t, amina); r.Status != sync.Applied {
		t.Fatalf("first: %+v", r)
	}
	if r := onlyResult(t, marc); r.Status != sync.Applied {
		t.Fatalf("second: %+v", r)
	}
	amina.pullAll()
	marc.pullAll()
	for _, d := range []*device{amina, marc} {
		o := d.store["objectives"][ObjectiveOne]
		if o["title"] != "CV in Dutch too" || o["details"] != "Use the template" {
			t.Errorf("%s's copy: %v", d.caller, o)
		}
	}
}

func TestTheSameFieldKeepsTheServerValueAndTellsTheAuthor(t *testing.T) {
	amina, marc, title := twoPhones(t)
	amina.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "Amina's title"})
	marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "Marc's title", "details": "kept"})
	onlyResult(t, amina)
	r := onlyResult(t, marc)
	if r.Status != sync.Conflict || r.Code != sync.CodeConflict {
		t.Fatalf("got %+v", r)
	}
	both, _ := r.Fields["title"].(map[string]any)
	if both["server"] != "Amina's title" || both["client"] != "Marc's title" {
		t.Errorf("the result should carry both values: %v", r.Fields)
	}
	if title(ObjectiveOne) != "Amina's title" {
		t.Errorf("title is %q", title(ObjectiveOne))
	}
	marc.pullAll()
	if marc.store["objectives"][ObjectiveOne]["details"] != "kept" {
		t.Error("the field nobody else changed was not applied")
	}
	if len(marc.ids("sync_conflicts")) != 1 {
		t.Errorf("the author's copy should hold the kept losing value, has %v", marc.ids("sync_conflicts"))
	}
	coord := synced(t, marc.h, Coord, OtherMentee)
	if len(coord[Coord].ids("sync_conflicts")) != 1 {
		t.Error("the coordinator should read the conflict")
	}
	if len(coord[OtherMentee].ids("sync_conflicts")) != 0 {
		t.Error("another duo's mentee should not")
	}
	amina.pullAll()
	if len(amina.ids("sync_conflicts")) != 0 {
		t.Error("the winner is not the author of the conflict")
	}
}

func TestDeletingWhatOthersChangedIsAConflict(t *testing.T) {
	amina, marc, title := twoPhones(t)
	amina.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "Still needed"})
	marc.edit("objectives", "delete", ObjectiveOne, nil)
	onlyResult(t, amina)
	if r := onlyResult(t, marc); r.Status != sync.Conflict {
		t.Fatalf("got %+v", r)
	}
	if title(ObjectiveOne) != "Still needed" {
		t.Error("the objective should have survived")
	}
}

func TestEditingWhatOthersDeletedIsAConflict(t *testing.T) {
	amina, marc, _ := twoPhones(t)
	amina.edit("objectives", "delete", ObjectiveOne, nil)
	marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "Too late"})
	onlyResult(t, amina)
	r := onlyResult(t, marc)
	if r.Status != sync.Conflict || r.Code != sync.CodeDeleted {
		t.Fatalf("got %+v", r)
	}
	marc.pullAll()
	if len(marc.ids("objectives")) != 0 || len(marc.ids("sync_conflicts")) != 1 {
		t.Errorf("objectives %v, conflicts %v", marc.ids("objectives"), marc.ids("sync_conflicts"))
	}
}

func TestDeletingWhatIsAlreadyDeletedIsApplied(t *testing.T) {
	amina, marc, _ := twoPhones(t)
	amina.edit("objectives", "delete", ObjectiveOne, nil)
	marc.edit("objectives", "delete", ObjectiveOne, nil)
	onlyResult(t, amina)
	if r := onlyResult(t, marc); r.Status != sync.Applied {
		t.Fatalf("got %+v", r)
	}
}

// After a restore the server cannot tell what changed since an old base: every field that
// differs is a conflict, so no edit is lost without its author knowing.
func TestAStaleBaseTurnsDifferencesIntoConflicts(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	marc := synced(t, h, DuoMentor)[DuoMentor]
	if err := sync.NewEpoch(app); err != nil {
		t.Fatal(err)
	}
	marc.edit("objectives", "update", ObjectiveOne, map[string]any{"title": "After the restore", "details": "Two pages, one per language"})
	r := onlyResult(t, marc)
	if r.Status != sync.Conflict {
		t.Fatalf("got %+v", r)
	}
	if _, ok := r.Fields["details"]; ok {
		t.Error("a field equal on both sides is no conflict")
	}
	if _, ok := r.Fields["title"]; !ok {
		t.Error("a differing field is")
	}
}
