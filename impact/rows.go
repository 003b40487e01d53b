package impact

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// duoRow is what the measures read of one duo: its dates, how it ended, whether its mentor
// started again, and the answers of its evaluations (0 or "" where not answered).
type duoRow struct {
	ID, Branch, Status, Created string
	StartedOn, EndsOn           string
	StopCategory                string
	Key                         uint32 // its cell key (cellkey.go)
	Meetings, Minutes           int
	MentorNext                  string // when the mentor's next duo was proposed, if any

	MenteeFinal, MentorFinal, Followup6, Followup12 answers
	Export                                          exportRow // read for the evaluator's export only
}

// answers of one evaluation; At is empty when it was not submitted (and every answer zero).
type answers struct {
	At, Outcome                             string
	Satisfaction, Expectations, Objectives  int
	Autonomy, Network, FeltUseful, Coaching int
}

// answerColumns are what the measures and the export read of each evaluation joined (the
// mentee's final, the mentor's final, the two follow-ups), beside its submission time.
var answerColumns = []struct {
	alias  string
	fields []string
}{
	{"fe", []string{"outcome", "satisfaction", "expectations_met", "objectives_achieved", "autonomy", "network"}},
	{"fr", []string{"satisfaction", "expectations_met", "objectives_achieved", "felt_useful", "coaching_skills"}},
	{"f6", []string{"outcome"}},
	{"f12", []string{"outcome"}},
}

// evaluationColumns selects every evaluation's answers (empty or zero when there is none).
func evaluationColumns() string {
	cols := ""
	for _, e := range answerColumns {
		cols += ", COALESCE(" + e.alias + ".submitted_at, '')"
		for _, f := range e.fields {
			zero := "0"
			if f == "outcome" {
				zero = "''"
			}
			cols += ", COALESCE(" + e.alias + "." + f + ", " + zero + ")"
		}
	}
	return cols
}

// field is where one answer is scanned to.
func (a *answers) field(name string) any {
	return map[string]any{"outcome": &a.Outcome, "satisfaction": &a.Satisfaction, "expectations_met": &a.Expectations,
		"objectives_achieved": &a.Objectives, "autonomy": &a.Autonomy, "network": &a.Network, "felt_useful": &a.FeltUseful,
		"coaching_skills": &a.Coaching}[name]
}

const rowsQuery = `SELECT d.id, d.branch, d.status, d.started_on, d.ends_on, d.stop_category, d.cell_key,
	COALESCE((SELECT MIN(n.created) FROM duos n WHERE n.mentor = d.mentor AND n.created > d.created), '') AS mentor_next,
	%s` + `%s FROM duos d%s
	LEFT JOIN evaluations fe ON fe.duo = d.id AND fe.kind = 'final' AND fe.respondent = d.mentee
	LEFT JOIN evaluations fr ON fr.duo = d.id AND fr.kind = 'final' AND fr.respondent = d.mentor
	LEFT JOIN evaluations f6 ON f6.duo = d.id AND f6.kind = 'followup_6m'
	LEFT JOIN evaluations f12 ON f12.duo = d.id AND f12.kind = 'followup_12m'
	WHERE d.started_on != '' AND ({:branch} = '' OR d.branch = {:branch})`

// meetingColumns count a duo's meetings and their minutes (from one index, see migrations).
const meetingColumns = `(SELECT COUNT(*) FROM meetings m WHERE m.duo = d.id), (SELECT COALESCE(SUM(m.minutes), 0) FROM meetings m WHERE m.duo = d.id)`

// eachDuoMeetings reads, for every duo that started and has met, its branch, its start, its
// key and its meetings (one pass over the index of meetings; a duo that never met is not read).
func eachDuoMeetings(app core.App, branch string, each func(branch string, start time.Time, key uint32, meetings, minutes int)) error {
	rows, err := app.DB().NewQuery(`SELECT d.branch, d.started_on, d.cell_key, m.n, m.minutes
		FROM (SELECT duo, COUNT(*) AS n, SUM(minutes) AS minutes FROM meetings GROUP BY duo) m JOIN duos d ON d.id = m.duo
		WHERE d.started_on != '' AND ({:branch} = '' OR d.branch = {:branch})`).Bind(dbx.Params{"branch": branch}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var b, start string
	var key uint32
	var meetings, minutes int
	for rows.Next() {
		if err := rows.Scan(&b, &start, &key, &meetings, &minutes); err != nil {
			return err
		}
		each(b, date(start), key, meetings, minutes)
	}
	return rows.Err()
}

// eachStartedDuo reads every duo that started, of one branch or of all (""), one at a time,
// with today's date in its branch: the table is computed as the rows come, never holding
// them all.
//
// For the evaluator's export (forExport), each row also has its meetings and what the export
// tells of its people (Export); the table reads the meetings apart, at the same time.
func eachStartedDuo(app core.App, branch string, now time.Time, z *zones, forExport bool, each func(r duoRow, today time.Time)) error {
	meetings, joins := "0, 0", ""
	if forExport {
		meetings, joins = meetingColumns+exportColumns, exportJoins
	}
	rows, err := app.DB().NewQuery(fmt.Sprintf(rowsQuery, meetings, evaluationColumns(), joins)).Bind(dbx.Params{"branch": branch}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var r duoRow
	dest := []any{&r.ID, &r.Branch, &r.Status, &r.StartedOn, &r.EndsOn, &r.StopCategory, &r.Key, &r.MentorNext, &r.Meetings, &r.Minutes}
	if forExport {
		x := &r.Export
		dest = append(dest, &x.BranchName, &x.MenteeGender, &x.MenteeEducation, &x.MenteeBarriers, &x.MenteeBirthCountry,
			&x.MenteeNationality, &x.MenteeBirthYear, &x.MentorBirthYear)
	}
	evaluations := []*answers{&r.MenteeFinal, &r.MentorFinal, &r.Followup6, &r.Followup12}
	for i, a := range evaluations {
		dest = append(dest, &a.At)
		for _, f := range answerColumns[i].fields {
			dest = append(dest, a.field(f))
		}
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for _, a := range evaluations {
			if a.At == "" { // opened, not submitted: none of its answers counts yet
				*a = answers{}
			}
		}
		each(r, z.day(r.Branch, now))
	}
	return rows.Err()
}
