package sync_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// convergenceSeeds is how many random runs TestConvergence makes (DUO_CONVERGENCE_SEEDS).
func convergenceSeeds() int {
	if n, err := strconv.Atoi(os.Getenv("DUO_CONVERGENCE_SEEDS")); err == nil && n > 0 {
		return n
	}
	return 12
}

const convergenceSteps = 150

// Phones edit offline at random, sync in random order, lose responses after the server
// committed and retry, while the dashboard edits too and the server restarts. Afterwards
// every phone's copy equals what the server lets its person read, nothing is doubled, and
// every mutation was applied or reported to its author as conflict or rejected.
func TestConvergence(t *testing.T) {
	for seed := 1; seed <= convergenceSeeds(); seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			runConvergence(t, uint64(seed))
		})
	}
}

type world struct {
	t       *testing.T
	rng     *rand.Rand
	server  *Server
	phones  []*device
	created map[string]int // id -> how many creates of it were applied
}

func runConvergence(t *testing.T, seed uint64) {
	w := &world{t: t, rng: rand.New(rand.NewPCG(seed, 7)), server: StartServer(t), created: map[string]int{}}
	for _, person := range []string{DuoMentor, DuoMentee, Coord} {
		for _, phone := range []string{"a", "b"} {
			d := newDevice(t, w.server.Handler, person, fmt.Sprintf("%s-%s-%d", person, phone, seed))
			d.pullAll()
			w.phones = append(w.phones, d)
		}
	}
	restartAt := map[int]bool{w.rng.IntN(convergenceSteps): true, w.rng.IntN(convergenceSteps): true}
	for step := 0; step < convergenceSteps; step++ {
		if restartAt[step] {
			w.restart()
		}
		switch r := w.rng.IntN(10); {
		case r < 6:
			w.offlineEdit(w.pick())
		case r < 9:
			w.syncPhone(w.pick(), w.rng.IntN(5) == 0)
		default:
			w.dashboardEdit()
		}
	}
	w.settle()
	w.check()
}

func (w *world) pick() *device { return w.phones[w.rng.IntN(len(w.phones))] }

func (w *world) restart() {
	w.server.Restart()
	for _, d := range w.phones {
		d.h = w.server.Handler
	}
}

func (w *world) randomID() string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 15)
	for i := range b {
		b[i] = letters[w.rng.IntN(len(letters))]
	}
	return string(b)
}

// anyOf picks an id of a collection in the phone's copy, or "" if it holds none.
func (w *world) anyOf(d *device, collection string) string {
	ids := d.ids(collection)
	if len(ids) == 0 {
		return ""
	}
	return ids[w.rng.IntN(len(ids))]
}

// offlineEdit queues one edit a person of that role would make, now and then an invalid one.
func (w *world) offlineEdit(d *device) {
	objective, meeting := w.anyOf(d, "objectives"), w.anyOf(d, "meetings")
	minutes := []int{30, 60, 90, 120, 5}[w.rng.IntN(5)] // 5 is refused
	switch w.rng.IntN(8) {
	case 0, 1:
		if d.caller == DuoMentor || w.rng.IntN(4) == 0 { // others try too, and are refused
			fields := map[string]any{"duo": DuoOne, "held_on": Day(-1 - w.rng.IntN(50)), "minutes": minutes, "mode": "in_person"}
			w.localCreate(d, "meetings", fields)
		}
	case 2:
		if meeting != "" {
			if d.caller == DuoMentee {
				d.edit("meetings", "update", meeting, map[string]any{"mentee_confirmed": w.rng.IntN(2) == 0})
			} else {
				d.edit("meetings", "update", meeting, map[string]any{"notes": fmt.Sprintf("notes %d", w.rng.IntN(1000)), "minutes": minutes})
			}
		}
	case 3:
		if meeting != "" && w.rng.IntN(3) == 0 {
			d.edit("meetings", "delete", meeting, nil)
		}
	case 4:
		w.localCreate(d, "objectives", map[string]any{"duo": DuoOne, "title": fmt.Sprintf("objective %d", w.rng.IntN(1000))})
	case 5, 6:
		if objective != "" {
			fields := []map[string]any{{"title": fmt.Sprintf("title %d", w.rng.IntN(1000))},
				{"status": []string{"open", "in_progress", "achieved", "finished"}[w.rng.IntN(4)]},
				{"details": fmt.Sprintf("details %d", w.rng.IntN(1000))}}[w.rng.IntN(3)]
			d.edit("objectives", "update", objective, fields)
		}
	case 7:
		if objective != "" && w.rng.IntN(2) == 0 {
			d.edit("objectives", "delete", objective, nil)
		}
	}
}

// localCreate queues a create and keeps the new record in the phone's copy, as the app does
// until the server's version replaces it.
func (w *world) localCreate(d *device, collection string, fields map[string]any) {
	id := w.randomID()
	d.edit(collection, "create", id, fields)
	if d.store[collection] == nil {
		d.store[collection] = map[string]map[string]any{}
	}
	local := map[string]any{"id": id}
	for k, v := range fields {
		local[k] = v
	}
	d.store[collection][id] = local
}

// syncPhone pushes (maybe losing the answer) then pulls, sometimes only one small page.
func (w *world) syncPhone(d *device, loseResponse bool) {
	if _, code := d.push(loseResponse); code != 200 {
		w.t.Fatalf("push from %s answered %d", d.clientID, code)
	}
	if w.rng.IntN(4) == 0 {
		d.pullPage(1 + w.rng.IntN(5)) // cut off after one page: the next pull resumes
		return
	}
	d.pullAll()
}

// dashboardEdit is an administrator changing things through the REST API meanwhile.
func (w *world) dashboardEdit() {
	h := w.server.Handler
	if w.rng.IntN(2) == 0 {
		Send(w.t, h, Superuser, "PATCH", "/api/collections/duos/records/"+DuoOne,
			fmt.Sprintf(`{"meeting_place":"room %d"}`, w.rng.IntN(100)))
		return
	}
	if id := w.anyOf(w.phones[4], "objectives"); id != "" {
		Send(w.t, h, Coord, "PATCH", "/api/collections/objectives/records/"+id,
			fmt.Sprintf(`{"title":"coordinator's %d"}`, w.rng.IntN(100)))
	}
}

// settle syncs every phone until no queue holds anything and every copy is up to date.
func (w *world) settle() {
	for round := 0; ; round++ {
		pending := 0
		for _, d := range w.phones {
			d.push(false)
			pending += len(d.queue)
		}
		if pending == 0 {
			break
		}
		if round > 20 {
			w.t.Fatalf("%d mutations never settle", pending)
		}
	}
	for _, d := range w.phones {
		d.pullAll()
	}
}

func (w *world) check() {
	app := w.server.App
	for _, d := range w.phones {
		d.sameAsREST()
		for mid := int64(1); mid < d.nextMid; mid++ {
			r, told := d.outcomes[mid]
			switch {
			case !told:
				w.t.Errorf("%s mutation %d: its author was never told what became of it", d.clientID, mid)
			case r.Status != sync.Applied && r.Status != sync.Conflict && r.Status != sync.Rejected:
				w.t.Errorf("%s mutation %d ended %s", d.clientID, mid, r.Status)
			case r.Status == sync.Conflict:
				n, _ := app.CountRecords("sync_conflicts", dbxEq("client", d.clientID), dbxEq("mid", fmt.Sprint(mid)))
				if n != 1 {
					w.t.Errorf("%s mutation %d: conflict kept %d times", d.clientID, mid, n)
				}
			}
		}
	}
	var doubled int
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM (SELECT id FROM meetings GROUP BY id HAVING COUNT(*) > 1)").Row(&doubled)
	if doubled != 0 {
		w.t.Errorf("%d meetings doubled", doubled)
	}
}
