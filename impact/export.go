package impact

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/internal/safecsv"
)

// ExportRoute answers the evaluator's export: GET /api/impact/export.csv, superusers only.
const ExportRoute = "/api/impact/export.csv"

// exportHeader: one row per duo that started, nothing that names or reaches a person (no
// name, no contact, no free text, no record id), so that an evaluator can compute every
// figure again and compare with a control group.
var exportHeader = []string{"row", "branch", "cohort", "status", "stop_category", "weeks", "meetings", "minutes",
	"mentee_age_band", "mentor_age_band", "mentee_gender", "mentee_education", "mentee_barriers",
	"mentee_birth_country", "mentee_nationality",
	"final_outcome", "followup_6m_outcome", "followup_12m_outcome",
	"mentee_satisfaction", "mentee_expectations_met", "mentee_objectives_achieved", "mentee_autonomy", "mentee_network",
	"mentor_satisfaction", "mentor_expectations_met", "mentor_objectives_achieved", "mentor_felt_useful",
	"mentor_coaching_skills", "mentor_again_12m"}

// exportRow is what the export reads of a duo beyond the measures' row.
type exportRow struct {
	BranchName, MenteeGender, MenteeEducation, MenteeBarriers string
	MenteeBirthCountry, MenteeNationality                     string
	MenteeBirthYear, MentorBirthYear                          int
}

// exportColumns and exportJoins add to each row what the export tells of its branch and its
// people: origin only where its consent date is recorded.
const exportColumns = `, b.name,
	COALESCE(pe.gender, ''), COALESCE(pe.education_level, ''), COALESCE(pe.barriers, '[]'),
	CASE WHEN pe.birth_country_consent_on != '' THEN pe.birth_country ELSE '' END,
	CASE WHEN pe.nationality_consent_on != '' THEN pe.nationality ELSE '' END,
	COALESCE(pe.birth_year, 0), COALESCE(pr.birth_year, 0)`

const exportJoins = `
	JOIN branches b ON b.id = d.branch
	LEFT JOIN profiles pe ON pe.user = d.mentee LEFT JOIN profiles pr ON pr.user = d.mentor`

// export writes the rows as they come. Each export draws its own key for the row ids: rows of
// two exports cannot be linked to each other, nor to duo's records.
func export(e *core.RequestEvent, now time.Time) error {
	if !access.ActorFrom(e.Auth).IsSuperuser() {
		return e.ForbiddenError("Only superusers can perform this action.", nil)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return e.InternalServerError("", err)
	}
	h := e.Response.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="duo-evaluator-export.csv"`)
	e.Response.WriteHeader(http.StatusOK)
	w := safecsv.NewWriter(e.Response)
	_ = w.Write(safecsv.Texts(exportHeader...))
	err := eachStartedDuo(e.App, "", now, newZones(e.App), true, func(r duoRow, today time.Time) {
		_ = w.Write(exportLine(r, key, today))
	})
	w.Flush()
	if err != nil {
		e.App.Logger().Error("impact: export cut short", "error", err)
	}
	return w.Error()
}

// exportLine: every text cell goes out neutralised (a branch named "=HYPERLINK(...)" stays
// text in a spreadsheet), every count as a number.
func exportLine(r duoRow, key []byte, today time.Time) []safecsv.Cell {
	x := r.Export
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(r.ID))
	start, end := date(r.StartedOn), date(r.EndsOn)
	var barriers []string
	_ = json.Unmarshal([]byte(x.MenteeBarriers), &barriers)
	again := map[verdict]string{yes: "yes", no: "no", pending: "pending"}[judge(r, today).of(MentorAgain12m)]
	return append(safecsv.Texts(hex.EncodeToString(mac.Sum(nil))[:20], x.BranchName, Cohort(r.StartedOn, ByMonth), r.Status, r.StopCategory),
		num(int(end.Sub(start).Hours()/24/7)), num(r.Meetings), num(r.Minutes),
		text(ageBand(x.MenteeBirthYear, start.Year(), menteeBands)), text(ageBand(x.MentorBirthYear, start.Year(), mentorBands)),
		text(x.MenteeGender), text(x.MenteeEducation), text(strings.Join(barriers, ";")), text(x.MenteeBirthCountry),
		text(x.MenteeNationality), text(r.MenteeFinal.Outcome), text(r.Followup6.Outcome), text(r.Followup12.Outcome),
		score(r.MenteeFinal.Satisfaction), score(r.MenteeFinal.Expectations), score(r.MenteeFinal.Objectives),
		score(r.MenteeFinal.Autonomy), score(r.MenteeFinal.Network),
		score(r.MentorFinal.Satisfaction), score(r.MentorFinal.Expectations), score(r.MentorFinal.Objectives),
		score(r.MentorFinal.FeltUseful), score(r.MentorFinal.Coaching), text(again))
}

func score(s int) safecsv.Cell {
	if s == 0 {
		return empty
	}
	return num(s)
}

// Age bands at the start of the duo, by the lower bound of each (the last is open).
var (
	menteeBands = []int{0, 18, 22, 26, 31}
	mentorBands = []int{0, 50, 60, 70}
)

// ageBand is "22-25", "70+" or "under 18"; empty when the year of birth was not given.
func ageBand(birthYear, atYear int, bands []int) string {
	if birthYear == 0 {
		return ""
	}
	age := atYear - birthYear
	for i := len(bands) - 1; i >= 0; i-- {
		if age < bands[i] {
			continue
		}
		switch {
		case i == len(bands)-1:
			return strconv.Itoa(bands[i]) + "+"
		case i == 0:
			return "under " + strconv.Itoa(bands[1])
		}
		return strconv.Itoa(bands[i]) + "-" + strconv.Itoa(bands[i+1]-1)
	}
	return ""
}
