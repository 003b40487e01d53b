package demo

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/lifecycle"
)

// Truth is what the history generator draws each duo's story from: the chance of each
// answer. The impact figures computed from its records must land near them.
type Truth struct {
	Stopped       float64 // a duo stops early (a third of them for a job or a training)
	Answered      float64 // the mentee answers each evaluation (the final and both follow-ups)
	PositiveExit  float64 // a job, an internship, a training or studies within 12 months
	StableJob     float64 // of those, a stable job (so about half of everyone)
	MentorAgain   float64 // the mentor is proposed another duo within 12 months
	Autonomy      float64 // the mentee answers 4 or 5 to "more autonomous"
	Network       float64 // ... to "a wider network"
	FeltUseful    float64 // the mentor answers 4 or 5 to "felt useful"
	CoachingSkill float64 // ... to "coaching skills"
}

// Published are the programme's own figures (seeds 000 and 002): 72% of mentees in a job, an
// internship or a training within 12 months, 50% in a stable job, 82% of mentors starting
// again, 90% more autonomous, 77% with a wider network, 96% of mentors feeling useful, 84%
// with better coaching skills.
var Published = Truth{Stopped: 0.12, Answered: 0.9, PositiveExit: 0.72, StableJob: 0.5 / 0.72, MentorAgain: 0.82,
	Autonomy: 0.90, Network: 0.77, FeltUseful: 0.96, CoachingSkill: 0.84}

// History writes, with plain SQL, duos across the given branches whose cohorts are the 36
// months from 43 months ago (so that most have passed their horizons): each with weekly
// meetings, and evaluations drawn from truth with a fixed seed, so that two runs write the
// same programme. It is `duo demo --history` and the impact benchmark's data.
func History(app core.App, branches []string, duos int, truth Truth, now time.Time, seed uint64) error {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -43, 0)
	return app.RunInTransaction(func(tx core.App) error {
		w := &historyWriter{tx: tx, truth: truth, now: now, seed: seed}
		for i := range duos {
			// Each duo draws from its own stream, its month first: the same duo has the same
			// story on any day the programme is generated.
			w.rng = rand.New(rand.NewPCG(seed, uint64(i)))
			// Who the people are, how soon they were matched, how often they met: a second
			// stream, so that the outcomes above stay drawn as they were.
			w.intake = rand.New(rand.NewPCG(seed^0x5eed, uint64(i)))
			start := first.AddDate(0, w.rng.IntN(36), w.rng.IntN(28))
			if err := w.duo(i, branches[i%len(branches)], start); err != nil {
				return fmt.Errorf("history duo %d: %w", i, err)
			}
		}
		return nil
	})
}

type historyWriter struct {
	tx          core.App
	rng, intake *rand.Rand
	truth       Truth
	now         time.Time
	seed        uint64
}

// key is a record's cell key (impact.md): drawn from the seed and the record's id, so that
// two runs write the same keys too, and the stories' streams are left as they were.
func (w *historyWriter) key(id string) int { return cellKey(w.seed, id) }

// cellKey is 1 to 255, spread evenly by a hash of seed and id.
func cellKey(seed uint64, id string) int {
	h := fnv.New64a()
	_ = binary.Write(h, binary.LittleEndian, seed)
	h.Write([]byte(id))
	return int(h.Sum64()%255) + 1
}

func (w *historyWriter) exec(sql string, p dbx.Params) error {
	_, err := w.tx.DB().NewQuery(sql).Bind(p).Execute()
	return err
}

// calendarDay is the stored form of the calendar date of t.
func calendarDay(t time.Time) string { return stamp(lifecycle.DateOnly(mustParse(t)).Time()) }

func (w *historyWriter) chance(p float64) bool { return w.rng.Float64() < p }

func (w *historyWriter) duo(i int, branch string, start time.Time) error {
	id, mentor, mentee := fmt.Sprintf("histduo%08d", i), fmt.Sprintf("histmtr%08d", i), fmt.Sprintf("histmte%08d", i)
	proposed := start.AddDate(0, 0, -14-w.intake.IntN(7))
	if err := w.people(i, branch, mentor, mentee, start, proposed); err != nil {
		return err
	}
	end := lifecycle.AddMonths(lifecycle.DateOnly(mustParse(start)), lifecycle.PeriodMonths).Time()
	status, category, weeks := lifecycle.Completed, "", 26
	if w.chance(w.truth.Stopped) {
		weeks = 2 + w.rng.IntN(20)
		end = start.AddDate(0, 0, 7*weeks)
		status = lifecycle.Stopped
		category = []string{"job", "training", "moved", "lost_contact", "health", "mismatch", "personal", "other"}[w.rng.IntN(8)]
	}
	if end.After(w.now) {
		status, category = lifecycle.Active, ""
	}
	if err := w.exec(`INSERT INTO duos (id, branch, mentor, mentee, status, started_on, ends_on, stop_category, stop_reason, created, updated, cell_key)
		VALUES ({:id}, {:branch}, {:mentor}, {:mentee}, {:status}, {:start}, {:end}, {:cat}, {:reason}, {:created}, {:created}, {:key})`,
		dbx.Params{"id": id, "branch": branch, "mentor": mentor, "mentee": mentee, "status": status, "key": w.key(id),
			"start": calendarDay(start), "end": calendarDay(end),
			"cat": category, "reason": map[bool]string{true: "—"}[category != ""], "created": stamp(proposed)}); err != nil {
		return err
	}
	if err := w.exec(`INSERT INTO duo_events (id, duo, kind, from_status, to_status, actor_kind, at, created, updated)
		VALUES ({:id}, {:duo}, 'status_changed', 'proposed', 'validated', 'system', {:at}, {:at}, {:at})`,
		dbx.Params{"id": fmt.Sprintf("histv%08d", i), "duo": id, "at": stamp(proposed.AddDate(0, 0, 3))}); err != nil {
		return err
	}
	if err := w.meetings(i, id, start, weeks); err != nil {
		return err
	}
	if status != lifecycle.Completed {
		return nil
	}
	return w.evaluations(i, id, mentor, mentee, end)
}

// meetings: one a week, of one to two and a half hours, and now and then a second one in the
// same week.
func (w *historyWriter) meetings(i int, duo string, start time.Time, weeks int) error {
	n := 0
	for wk := range weeks {
		for extra := range 2 {
			held := start.AddDate(0, 0, 7*wk+2*extra)
			if held.After(w.now) || (extra == 1 && w.intake.Float64() >= 0.07) {
				break
			}
			n++
			if err := w.exec(`INSERT INTO meetings (id, duo, held_on, minutes, mode, mentee_confirmed, created, updated)
				VALUES ({:id}, {:duo}, {:held}, {:minutes}, 'in_person', 1, {:at}, {:at})`,
				dbx.Params{"id": fmt.Sprintf("histm%08d%02d", i, n), "duo": duo, "held": calendarDay(held),
					"minutes": 60 + 15*w.intake.IntN(7), "at": stamp(held)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// evaluations: the mentee's exit is drawn once (it holds from the end on); each of the three
// evaluations is answered or not; the mentor answers the final one.
func (w *historyWriter) evaluations(i int, duo, mentor, mentee string, end time.Time) error {
	outcome := "none"
	if w.chance(w.truth.PositiveExit) {
		outcome = []string{"internship", "training", "studies", "job_short"}[w.rng.IntN(4)]
		if w.chance(w.truth.StableJob) {
			outcome = []string{"job_permanent", "job_fixed_3m_plus"}[w.rng.IntN(2)]
		}
	}
	score := func(p float64) int {
		if w.chance(p) {
			return 4 + w.rng.IntN(2)
		}
		return 1 + w.rng.IntN(3)
	}
	kinds := []struct {
		kind   string
		months int
	}{{"final", 0}, {"followup_6m", 6}, {"followup_12m", 12}}
	for n, k := range kinds {
		opens := lifecycle.AddMonths(lifecycle.DateOnly(mustParse(end)), k.months).Time()
		if opens.After(w.now) {
			break
		}
		at := ""
		if w.chance(w.truth.Answered) {
			at = stamp(opens.AddDate(0, 0, 3))
		}
		if err := w.exec(`INSERT INTO evaluations (id, duo, respondent, kind, outcome, satisfaction, expectations_met,
			objectives_achieved, autonomy, network, submitted_at, created, updated)
			VALUES ({:id}, {:duo}, {:who}, {:kind}, {:outcome}, {:sat}, {:sat}, {:sat}, {:aut}, {:net}, {:at}, {:opened}, {:opened})`,
			dbx.Params{"id": fmt.Sprintf("histe%08d%d", i, n), "duo": duo, "who": mentee, "kind": k.kind, "outcome": outcome,
				"sat": score(0.8), "aut": score(w.truth.Autonomy), "net": score(w.truth.Network), "at": at, "opened": stamp(opens)}); err != nil {
			return err
		}
	}
	if err := w.exec(`INSERT INTO evaluations (id, duo, respondent, kind, satisfaction, expectations_met, objectives_achieved,
		felt_useful, coaching_skills, would_mentor_again, submitted_at, created, updated)
		VALUES ({:id}, {:duo}, {:who}, 'final', {:sat}, {:sat}, {:sat}, {:felt}, {:coach}, 1, {:at}, {:opened}, {:opened})`,
		dbx.Params{"id": fmt.Sprintf("histe%08dm", i), "duo": duo, "who": mentor, "sat": score(0.85), "felt": score(w.truth.FeltUseful),
			"coach": score(w.truth.CoachingSkill), "at": stamp(end.AddDate(0, 0, 4)), "opened": stamp(end.AddDate(0, 0, 1))}); err != nil {
		return err
	}
	if !w.chance(w.truth.MentorAgain) {
		return nil
	}
	next := end.AddDate(0, 0, 7+w.rng.IntN(300)) // within 12 months
	if next.After(w.now) {
		return nil
	}
	id := fmt.Sprintf("histnext%07d", i)
	return w.exec(`INSERT INTO duos (id, branch, mentor, mentee, status, created, updated, cell_key)
		SELECT {:id}, branch, mentor, mentee, 'declined', {:at}, {:at}, {:key} FROM duos WHERE id = {:duo}`,
		dbx.Params{"id": id, "duo": duo, "at": stamp(next), "key": w.key(id)})
}

func mustParse(t time.Time) types.DateTime { d, _ := types.ParseDateTime(t); return d }

// historyBranches makes four more branches and fills them with n duos of History.
func historyBranches(app core.App, password string, n int, now time.Time) error {
	s := &seeder{app: app, password: password, now: now}
	var ids []string
	for _, b := range []struct{ name, city, country, zone, locale string }{
		{"DUO for a JOB Liège (historique)", "Liège", "BE", "Europe/Brussels", "fr"},
		{"DUO for a JOB Gent (historiek)", "Gent", "BE", "Europe/Brussels", "nl"},
		{"DUO for a JOB Lille (historique)", "Lille", "FR", "Europe/Paris", "fr"},
		{"DUO for a JOB Rotterdam (historie)", "Rotterdam", "NL", "Europe/Amsterdam", "nl"},
	} {
		branch, err := s.record("branches", nil, map[string]any{"name": b.name, "city": b.city, "country": b.country,
			"timezone": b.zone, "locale": b.locale})
		if err != nil {
			return err
		}
		ids = append(ids, branch.Id)
	}
	if err := History(app, ids, n, Published, now, 1); err != nil {
		return err
	}
	return historyCosts(s, ids)
}

// historyCosts records, for each history branch and year, what it spent: about 2,400 euros a
// duo started that year (as the programme's reports give), from two funders.
func historyCosts(s *seeder, branches []string) error {
	var years []struct {
		Branch string `db:"branch"`
		Year   int    `db:"year"`
		Duos   int    `db:"duos"`
	}
	err := s.app.DB().NewQuery(`SELECT branch, CAST(substr(started_on, 1, 4) AS INTEGER) AS year, COUNT(*) AS duos
		FROM duos WHERE started_on != '' GROUP BY branch, year`).All(&years)
	if err != nil {
		return err
	}
	regional := map[string]string{}
	for i, b := range branches {
		regional[b] = []string{"Région wallonne", "Vlaamse overheid", "Région Hauts-de-France", "Gemeente Rotterdam"}[i%4]
	}
	for _, y := range years {
		if regional[y.Branch] == "" {
			continue
		}
		for funder, share := range map[string]float64{"Fonds social européen": 0.6, regional[y.Branch]: 0.4} {
			amount := float64(y.Duos) * 2400 * share * (0.9 + 0.2*float64(y.Year%3)/2)
			if _, err := s.record("branch_costs", nil, map[string]any{"branch": y.Branch, "year": y.Year,
				"amount_eur": float64(int(amount/100) * 100), "funder": funder}); err != nil {
				return err
			}
		}
	}
	return nil
}
