package impact

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/lifecycle"
)

// duoRow is what the measures read of one duo: its dates, how it ended, whether its mentor
// started again, and the answers of its evaluations (0 or "" where not answered).
type duoRow struct {
	ID, Branch, Status, Created string
	StartedOn, EndsOn           string
	StopCategory, Mentor        string
	Meetings, Minutes           int
	MentorNext                  string // when the mentor's next duo was proposed, if any

	MenteeFinal, MentorFinal, Followup6, Followup12 answers
}

// answers of one evaluation; At is empty when it was not submitted (and every answer zero).
type answers struct {
	At, Outcome                             string
	Satisfaction, Expectations, Objectives  int
	Autonomy, Network, FeltUseful, Coaching int
}

// evaluationColumns selects one evaluation's answers under a prefix, submitted ones only.
func evaluationColumns(alias string) string {
	cols := ""
	for _, c := range []string{"outcome", "satisfaction", "expectations_met", "objectives_achieved", "autonomy", "network",
		"felt_useful", "coaching_skills"} {
		zero := "0"
		if c == "outcome" {
			zero = "''"
		}
		cols += ", CASE WHEN " + alias + ".submitted_at != '' THEN " + alias + "." + c + " ELSE " + zero + " END AS " + alias + "_" + c
	}
	return ", COALESCE(" + alias + ".submitted_at, '') AS " + alias + "_at" + cols
}

const rowsQuery = `SELECT d.id, d.branch, d.status, d.created, d.started_on, d.ends_on, d.stop_category, d.mentor,
	COALESCE((SELECT MIN(n.created) FROM duos n WHERE n.mentor = d.mentor AND n.created > d.created), '') AS mentor_next` +
	`%s FROM duos d
	LEFT JOIN evaluations fe ON fe.duo = d.id AND fe.kind = 'final' AND fe.respondent = d.mentee
	LEFT JOIN evaluations fr ON fr.duo = d.id AND fr.kind = 'final' AND fr.respondent = d.mentor
	LEFT JOIN evaluations f6 ON f6.duo = d.id AND f6.kind = 'followup_6m'
	LEFT JOIN evaluations f12 ON f12.duo = d.id AND f12.kind = 'followup_12m'
	WHERE d.started_on != '' AND ({:branch} = '' OR d.branch = {:branch})
	ORDER BY d.started_on, d.id`

// eachStartedDuo reads every duo that started, of one branch or of all (""), one at a time,
// with today's date in its branch: the table is computed as the rows come, never holding
// them all.
func eachStartedDuo(app core.App, branch string, now time.Time, each func(r duoRow, today time.Time)) error {
	cols := evaluationColumns("fe") + evaluationColumns("fr") + evaluationColumns("f6") + evaluationColumns("f12")
	rows, err := app.DB().NewQuery(fmt.Sprintf(rowsQuery, cols)).Bind(dbx.Params{"branch": branch}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var r duoRow
	dest := []any{&r.ID, &r.Branch, &r.Status, &r.Created, &r.StartedOn, &r.EndsOn, &r.StopCategory, &r.Mentor, &r.MentorNext}
	for _, a := range []*answers{&r.MenteeFinal, &r.MentorFinal, &r.Followup6, &r.Followup12} {
		dest = append(dest, &a.At, &a.Outcome, &a.Satisfaction, &a.Expectations, &a.Objectives, &a.Autonomy, &a.Network,
			&a.FeltUseful, &a.Coaching)
	}
	todays := map[string]time.Time{}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		today, ok := todays[r.Branch]
		if !ok {
			today = lifecycle.LocalDate(now, lifecycle.BranchLocation(app, r.Branch)).Time()
			todays[r.Branch] = today
		}
		each(r, today)
	}
	return rows.Err()
}
