package reminders

import (
	"strconv"
	"time"

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
	var rows []agreementRow
	// Validated when the history says so (the programme's clock), else when the agreement was written.
	err := app.DB().NewQuery(`SELECT x.*, a.mentor_signed_at, a.mentee_signed_at,
			COALESCE((SELECT MAX(ev.at) FROM duo_events ev WHERE ev.duo = x.id AND ev.kind = 'status_changed'
				AND ev.to_status = 'validated'), a.created) AS validated_at
		FROM (` + duoSelect + `WHERE d.status = 'validated') x JOIN agreements a ON a.duo = x.id
		WHERE a.mentor_signed_at = '' OR a.mentee_signed_at = ''`).All(&rows)
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

// latestStep finds the last step of a ladder (days after anchor, at ladderHour in zone)
// that falls in (from, to]: after downtime one push says it, not one per missed step.
func latestStep(steps []int, anchor time.Time, zone string, from, to time.Time) (int, time.Time, bool) {
	for i := len(steps) - 1; i >= 0; i-- {
		at := atLocal(anchor.AddDate(0, 0, steps[i]), ladderHour, zone)
		if at.After(from) && !at.After(to) {
			return steps[i], at, true
		}
	}
	return 0, time.Time{}, false
}
