package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	. "github.com/duoforajob/duo/internal/testkit"
)

// edit is one person's PATCH of some fields of a record, different in each round.
type edit struct {
	caller string
	fields func(round int) map[string]any
}

// race sends two edits of the same record at the same moment, many rounds, and wants every
// field of both in the stored row: neither author's write may undo the other's.
type race struct {
	name, collection, id string
	a, b                 edit
}

const raceRounds = 25

func (r race) run(t *testing.T, app core.App, h http.Handler, round int) {
	t.Helper()
	url := "/api/collections/" + r.collection + "/records/" + r.id
	start := make(chan struct{})
	var wg sync.WaitGroup
	answers := make([]int, 2)
	for i, e := range []edit{r.a, r.b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, _ := json.Marshal(e.fields(round))
			<-start
			answers[i] = Send(t, h, e.caller, "PATCH", url, string(body)).Code
		}()
	}
	close(start)
	wg.Wait()
	if answers[0] != 200 || answers[1] != 200 {
		t.Fatalf("round %d: answers %v", round, answers)
	}
	stored := Find(t, app, r.collection, r.id)
	for _, e := range []edit{r.a, r.b} {
		for field, want := range e.fields(round) {
			if got := stored.Get(field); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("round %d: %s by %s was lost: %v, want %v", round, field, e.caller, got, want)
			}
		}
	}
}

// set is the fields of an edit, its values made distinct per round by f.
func set(field string, value func(round int) any) func(int) map[string]any {
	return func(round int) map[string]any { return map[string]any{field: value(round)} }
}

func nth(values ...any) func(int) any {
	return func(round int) any { return values[round%len(values)] }
}
func numbered(format string) func(int) any {
	return func(round int) any { return fmt.Sprintf(format, round) }
}

// Each pair of people who may edit a record, on fields of their own, at the same moment.
func TestConcurrentEditsLoseNothing(t *testing.T) {
	races := []race{
		{"the mentor writes notes while the mentee confirms", "meetings", MeetingOne,
			edit{DuoMentor, set("notes", numbered("Notes of round %d"))}, edit{DuoMentee, set("mentee_confirmed", nth(true))}},
		{"mentor and mentee move the meeting", "duos", DuoOne,
			edit{DuoMentor, set("meeting_place", numbered("Library %d"))}, edit{DuoMentee, set("meeting_time", nth("17:00", "18:15", "19:30"))}},
		{"the coordinator and the mentor", "duos", DuoOne,
			edit{Coord, set("meeting_weekday", nth(1, 2, 3, 4, 5))}, edit{DuoMentor, set("meeting_place", numbered("Café %d"))}},
		{"the coordinator and the mentee", "duos", DuoOne,
			edit{Coord, set("meeting_weekday", nth(6, 7, 1))}, edit{DuoMentee, set("meeting_time", nth("09:00", "10:30"))}},
		{"mentee and mentor work on an objective", "objectives", ObjectiveOne,
			edit{DuoMentee, set("status", nth("in_progress", "open"))}, edit{DuoMentor, set("details", numbered("Step %d"))}},
		{"the coordinator and the mentee on an objective", "objectives", ObjectiveOne,
			edit{Coord, set("details", numbered("Coordinator's note %d"))}, edit{DuoMentee, set("title", numbered("Update the CV, take %d"))}},
		{"the coordinator and the mentor on an objective", "objectives", ObjectiveOne,
			edit{Coord, set("title", numbered("Interviews %d"))}, edit{DuoMentor, set("status", nth("achieved", "in_progress"))}},
		{"a mentee and her coordinator on her account", "users", MenteeOne,
			edit{DuoMentee, set("locale", nth("nl", "en", "fr"))}, edit{Coord, set("name", numbered("Amina El Idrissi %d"))}},
		{"a mentee and her coordinator on her profile", "profiles", Profile(t, MenteeOne),
			edit{DuoMentee, set("expectations", numbered("A job in logistics, round %d"))},
			edit{Coord, set("experience", numbered("Warehouse, %d years"))}},
		{"a mentor answers his evaluation on two phones", "evaluations", Evaluation(t, DuoCompleted, MentorCompleted),
			edit{MentorCompleted, set("comments", numbered("Good months, %d"))}, edit{MentorCompleted, set("satisfaction", nth(3, 4, 5))}},
	}
	for _, r := range races {
		t.Run(r.name, func(t *testing.T) {
			app := App(t)
			h := Handler(t, app)
			for round := range raceRounds {
				if r.collection == "meetings" { // what the mentee confirms is confirmed once
					if _, err := app.DB().Update("meetings", dbx.Params{"mentee_confirmed": false}, dbx.HashExp{"id": r.id}).Execute(); err != nil {
						t.Fatal(err)
					}
				}
				r.run(t, app, h, round)
			}
		})
	}
}

// Mentor and mentee sign at the same moment: both signatures stay, the duo becomes active
// once, and its history tells both signatures and the activation.
func TestSignaturesAtTheSameMoment(t *testing.T) {
	for round := range raceRounds {
		app := App(t)
		h := Handler(t, app)
		now := Now().UTC().Format("2006-01-02 15:04:05.000Z")
		r := race{collection: "agreements", id: Agreement(t, DuoValidated),
			a: edit{MentorValidated, set("mentor_signed_at", nth(now))}, b: edit{MenteeValidated, set("mentee_signed_at", nth(now))}}
		r.run(t, app, h, round)
		if status := Find(t, app, "duos", DuoValidated).GetString("status"); status != "active" {
			t.Fatalf("round %d: both signed, the duo is %s", round, status)
		}
		var events []string
		if err := app.DB().NewQuery(`SELECT kind || ' ' || CASE kind WHEN 'signed' THEN detail ELSE to_status END FROM duo_events
			WHERE duo = {:duo} AND (kind = 'signed' OR to_status = 'active') ORDER BY kind, detail`).
			Bind(dbx.Params{"duo": DuoValidated}).Column(&events); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(events) != "[signed mentee signed mentor status_changed active]" {
			t.Fatalf("round %d: history %v", round, events)
		}
	}
}

// Go code (a cron job, a hook) that loads a record and saves it later is merged the same way.
func TestConcurrentSavesFromGoCode(t *testing.T) {
	app := App(t)
	for round := range raceRounds {
		place, weekday := fmt.Sprintf("Library %d", round), 1+round%7
		start := make(chan struct{})
		var wg sync.WaitGroup
		for _, change := range []map[string]any{{"meeting_place": place}, {"meeting_weekday": weekday}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				duo, err := app.FindRecordById("duos", DuoOne)
				if err != nil {
					t.Error(err)
					return
				}
				<-start
				duo.Load(change)
				if err := app.Save(duo); err != nil {
					t.Error(err)
				}
			}()
		}
		close(start)
		wg.Wait()
		duo := Find(t, app, "duos", DuoOne)
		if duo.GetString("meeting_place") != place || duo.GetInt("meeting_weekday") != weekday {
			t.Fatalf("round %d: %s, %d; want %s, %d", round, duo.GetString("meeting_place"), duo.GetInt("meeting_weekday"), place, weekday)
		}
	}
}

// Go code that creates a record, then changes it back and saves the same object again (in a
// transaction or not), writes that change: the second save compares with the first, not with
// a blank record.
func TestASecondSaveOfANewRecordWritesAFieldSetBack(t *testing.T) {
	for _, inTransaction := range []bool{false, true} {
		app := App(t)
		users, _ := app.FindCollectionByNameOrId("users")
		save := func(tx core.App) error {
			u := core.NewRecord(users)
			u.SetEmail(fmt.Sprintf("twice%v@test.example.org", inTransaction))
			u.SetPassword("long-enough-1")
			u.Set("name", "Twice")
			u.Set("role", "mentee")
			u.Set("branch", BranchBrussels)
			u.SetVerified(true)
			if err := tx.Save(u); err != nil {
				return err
			}
			u.SetVerified(false)
			u.Set("locale", "")
			return tx.Save(u)
		}
		var err error
		if inTransaction {
			err = app.RunInTransaction(save)
		} else {
			err = save(app)
		}
		if err != nil {
			t.Fatal(err)
		}
		u, _ := app.FindAuthRecordByEmail("users", fmt.Sprintf("twice%v@test.example.org", inTransaction))
		if u.Verified() || u.GetString("locale") != "" {
			t.Errorf("in a transaction %v: verified %v, locale %q after the second save", inTransaction, u.Verified(), u.GetString("locale"))
		}
	}
}
