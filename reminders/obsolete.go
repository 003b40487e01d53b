package reminders

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/notify"
)

// Obsolete is the dispatcher's last look before sending (notify.Obsolete): a reminder that
// waited for the morning, or for FCM to come back, is dropped if the person has meanwhile
// done what it asks, the duo has moved on, or the session was cancelled or moved. A query
// per kind and batch.
func Obsolete(app core.App, due []notify.Due) (map[string]string, error) {
	byKind := map[string][]notify.Due{}
	for _, d := range due {
		if d.Duo != "" || d.Kind == notify.KindSessionReminder || d.Kind == notify.KindSessionNoShow {
			byKind[d.Kind] = append(byKind[d.Kind], d) // the other checks are about a duo
		}
	}
	out := map[string]string{}
	checks := []struct {
		kinds []string
		check func(core.App, []notify.Due, map[string]string) error
	}{
		{[]string{notify.KindEvaluationDue, notify.KindEvaluationOverdue}, answeredEvaluations},
		{[]string{notify.KindAgreementReminder}, signedAgreements},
		{[]string{notify.KindMeetingNudge}, loggedMeetings},
		{[]string{notify.KindMeetingReminder}, inactiveDuos},
		{[]string{notify.KindSessionReminder}, staleSessionReminders},
		{[]string{notify.KindSessionNoShow}, cameAfterAll},
	}
	for _, c := range checks {
		var list []notify.Due
		for _, kind := range c.kinds {
			list = append(list, byKind[kind]...)
		}
		if len(list) == 0 {
			continue
		}
		if err := c.check(app, list, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func answeredEvaluations(app core.App, due []notify.Due, out map[string]string) error {
	evaluation := func(d notify.Due) string { return d.Target["evaluation"] }
	answered, err := idsWhere(app, "evaluations", dbx.NewExp("submitted_at != ''"), due, evaluation)
	if err != nil {
		return err
	}
	withdrawn, err := idsWhere(app, "evaluations", dbx.NewExp("kind != 'final' AND EXISTS ("+followupsWithdrawn+
		" AND c.person = evaluations.respondent)"), due, evaluation)
	if err != nil {
		return err
	}
	erased, err := idsWhere(app, "evaluations", dbx.NewExp("EXISTS ("+erasedPerson+" AND u.id = evaluations.respondent)"),
		due, evaluation)
	for _, d := range due {
		switch {
		case answered[evaluation(d)]:
			out[d.ID] = "the evaluation was answered meanwhile"
		case withdrawn[evaluation(d)]:
			out[d.ID] = "the person withdrew their consent to the follow-ups"
		case erased[evaluation(d)]:
			out[d.ID] = "the person was erased"
		}
	}
	return err
}

// idsWhere tells which of the records the notifications are about (key picks the id of each)
// meet a condition, in one query.
func idsWhere(app core.App, table string, cond dbx.Expression, due []notify.Due, key func(notify.Due) string) (map[string]bool, error) {
	ids := make([]any, len(due))
	for i, d := range due {
		ids[i] = key(d)
	}
	var found []string
	err := app.DB().Select("id").From(table).Where(dbx.And(dbx.In("id", ids...), cond)).Column(&found)
	set := make(map[string]bool, len(found))
	for _, id := range found {
		set[id] = true
	}
	return set, err
}

func signedAgreements(app core.App, due []notify.Due, out map[string]string) error {
	var ids []any
	for _, d := range due {
		ids = append(ids, d.Duo)
	}
	var rows []struct {
		Duo          string `db:"duo"`
		Status       string `db:"status"`
		Mentor       string `db:"mentor"`
		Mentee       string `db:"mentee"`
		MentorSigned string `db:"mentor_signed_at"`
		MenteeSigned string `db:"mentee_signed_at"`
	}
	if err := app.DB().Select("a.duo", "d.status", "d.mentor", "d.mentee", "a.mentor_signed_at", "a.mentee_signed_at").
		From("agreements a").InnerJoin("duos d", dbx.NewExp("d.id = a.duo")).
		Where(dbx.In("a.duo", ids...)).All(&rows); err != nil {
		return err
	}
	signed := map[string]bool{} // duo + person
	for _, r := range rows {
		signed[r.Duo+r.Mentor] = r.MentorSigned != "" || r.Status != "validated"
		signed[r.Duo+r.Mentee] = r.MenteeSigned != "" || r.Status != "validated"
	}
	for _, d := range due {
		if signed[d.Duo+d.User] {
			out[d.ID] = "the agreement was signed meanwhile"
		}
	}
	return nil
}

func loggedMeetings(app core.App, due []notify.Due, out map[string]string) error {
	expected := make([]expectedMeeting, 0, len(due))
	for _, d := range due {
		date, err := time.Parse(time.DateOnly, d.Target["date"])
		if err != nil {
			continue
		}
		expected = append(expected, expectedMeeting{duo: &duoRow{ID: d.Duo}, date: date})
	}
	logged, err := loggedAround(app, expected)
	if err != nil {
		return err
	}
	for _, d := range due {
		if logged[d.Duo+"@"+d.Target["date"]] {
			out[d.ID] = "the meeting was logged meanwhile"
		}
	}
	return nil
}

func inactiveDuos(app core.App, due []notify.Due, out map[string]string) error {
	active, err := idsWhere(app, "duos", dbx.HashExp{"status": "active"}, due, func(d notify.Due) string { return d.Duo })
	for _, d := range due {
		if err == nil && !active[d.Duo] {
			out[d.ID] = "the duo is no longer active"
		}
	}
	return err
}
