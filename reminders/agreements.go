package reminders

import (
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/notify"
)

// ladderHour is when the ladders' pushes go, on the recipient's wall clock.
const ladderHour = 10

// agreementSteps: days after the duo's validation when whoever has not signed is reminded.
var agreementSteps = []int{3, 7}

// AgreementReminders: an agreement not signed by both, 3 and 7 days after the duo's
// validation, reminds whoever has not signed.
var AgreementReminders = Rule{ID: "duo_agreement_reminders", Plan: planAgreementReminders}

type agreementRow struct {
	duoRow
	Validated    string `db:"validated_at"`
	MentorSigned string `db:"mentor_signed_at"`
	MenteeSigned string `db:"mentee_signed_at"`
}

func planAgreementReminders(app core.App, from, to time.Time) ([]notify.Notification, error) {
	// Validated when the history says so (the programme's clock, not the row's creation), and
	// only the right number of days ago for a step to fall in the window.
	first, last, ok, err := ladderDays(app, from, to)
	if err != nil || !ok {
		return nil, err
	}
	params := dbx.Params{}
	var rows []agreementRow
	err = app.DB().NewQuery(`SELECT ` + duoColumns + `, a.mentor_signed_at, a.mentee_signed_at, ev.at AS validated_at
		FROM duo_events ev JOIN duos d ON d.id = ev.duo` + duoJoins + `JOIN agreements a ON a.duo = d.id
		WHERE ev.kind = 'status_changed' AND d.status = 'validated' AND (a.mentor_signed_at = '' OR a.mentee_signed_at = '')
		AND (` + strings.Join(anchorRanges("ev.at", "ev.to_status = 'validated'", agreementSteps, 0, first, last, params, "a"), " OR ") + `)`).
		Bind(params).All(&rows)
	if err != nil {
		return nil, err
	}
	var out []notify.Notification
	for _, r := range rows {
		validated, _ := types.ParseDateTime(r.Validated)
		unsigned := map[string]side{}
		if r.MentorSigned == "" {
			unsigned["mentor"] = r.mentorSide()
		}
		if r.MenteeSigned == "" {
			unsigned["mentee"] = r.menteeSide()
		}
		for _, s := range unsigned {
			step, at, ok := latestStep(agreementSteps, localDate(validated.Time(), s.zone), s.zone, from, to)
			if !ok {
				continue
			}
			out = append(out, notify.Notification{User: s.user, Kind: notify.KindAgreementReminder, Duo: r.ID,
				Period: "d" + strconv.Itoa(step), Params: map[string]string{"partner": s.partner},
				Target: map[string]string{"screen": "agreement", "duo": r.ID},
				Due:    at, Expires: at.Add(7 * 24 * time.Hour)})
		}
	}
	return out, nil
}
