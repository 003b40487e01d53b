package retention

import (
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
)

// FollowupMonths is how long after a duo's end its follow-ups run (the 12-month one, and
// for its mentor the "in a new duo within 12 months" measure): a person's retention time
// starts when they are over.
const FollowupMonths = 12

// DefaultEraseAfterMonths is the retention time when none is configured.
const DefaultEraseAfterMonths = 24

// Batch is the most people or comments one run of the job erases: the rest wait for the next.
const Batch = 200

// WithdrawalGraceDays is how long after withdrawing their consent to the programme a person
// is erased (a withdrawal recorded by mistake can be undone until then), once their duos are
// closed.
const WithdrawalGraceDays = 30

// Options are the retention times (config.Config reads them).
type Options struct {
	EraseAfterMonths int // 0: DefaultEraseAfterMonths
	CommentMonths    int // 0: comments are kept as long as the person
}

type lastActivity struct {
	ID      string `db:"id"`
	Created string `db:"created"`
	LastEnd string `db:"last_end"` // the end (or, declined, the last change) of their last duo; '' without one
}

// DuePeople lists, up to limit, the mentors and mentees to erase at now: none of their duos
// open, and months passed since their last duo and its follow-ups ended, or since their
// intake for someone who never had a duo. Coordinators are staff: their accounts are closed
// by an administrator.
func DuePeople(app core.App, now time.Time, months, limit int) ([]string, error) {
	var rows []lastActivity
	err := app.DB().NewQuery(`SELECT u.id, u.created, COALESCE((SELECT MAX(CASE WHEN d.ends_on != '' THEN d.ends_on ELSE d.updated END)
			FROM duos d WHERE d.mentor = u.id OR d.mentee = u.id), '') AS last_end
		FROM users u WHERE u.role IN ('mentee', 'mentor') AND u.erased_at = ''
		AND NOT EXISTS (SELECT 1 FROM duos d WHERE (d.mentor = u.id OR d.mentee = u.id)
			AND d.status IN ('proposed', 'validated', 'active'))
		ORDER BY u.id`).All(&rows)
	if err != nil {
		return nil, err
	}
	var due []string
	for _, r := range rows {
		if len(due) == limit {
			break
		}
		if keptUntil(r, months).Compare(now) <= 0 {
			due = append(due, r.ID)
		}
	}
	return due, nil
}

// keptUntil is when a person's retention time is over.
func keptUntil(r lastActivity, months int) time.Time {
	if end, err := types.ParseDateTime(r.LastEnd); err == nil && !end.IsZero() {
		return end.Time().AddDate(0, FollowupMonths+months, 0)
	}
	created, err := types.ParseDateTime(r.Created)
	if err != nil || created.IsZero() {
		return time.Time{}.AddDate(9999, 0, 0) // no date to count from: kept, never guessed
	}
	return created.Time().AddDate(0, months, 0)
}

// Withdrawn lists, up to limit, the people who withdrew their consent to the programme
// WithdrawalGraceDays or more before now, did not give it again, and have no open duo.
func Withdrawn(app core.App, now time.Time, limit int) ([]string, error) {
	cutoff, err := types.ParseDateTime(now.AddDate(0, 0, -WithdrawalGraceDays))
	if err != nil {
		return nil, err
	}
	var ids []string
	err = app.DB().NewQuery(`SELECT c.person FROM consents c JOIN users u ON u.id = c.person
		WHERE c.purpose = 'programme' AND c.state = 'withdrawn' AND c.withdrawn_at != '' AND c.withdrawn_at <= {:cutoff}
		AND u.erased_at = '' AND NOT EXISTS (SELECT 1 FROM duos d WHERE (d.mentor = u.id OR d.mentee = u.id)
			AND d.status IN ('proposed', 'validated', 'active'))
		ORDER BY c.withdrawn_at LIMIT {:limit}`).Bind(dbx.Params{"cutoff": cutoff.String(), "limit": limit}).Column(&ids)
	return ids, err
}

// ErasePeople erases, as the server, a batch at most: the people who withdrew their consent
// to the programme (reason "consent_withdrawn"), then those whose retention time is over
// ("retention"); it answers how many. A person whose duo reopened meanwhile is left.
func ErasePeople(app core.App, now time.Time, months int) (int, error) {
	withdrawn, err := Withdrawn(app, now, Batch)
	if err != nil {
		return 0, err
	}
	expired, err := DuePeople(app, now, months, Batch-len(withdrawn))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, list := range []struct {
		ids    []string
		reason string
	}{{withdrawn, erasure.ReasonConsentWithdrawn}, {expired, erasure.ReasonRetention}} {
		for _, id := range list.ids {
			_, err := erasure.Erase(app, id, list.reason, access.System(), now)
			if errors.Is(err, erasure.ErrOpenDuo) || errors.Is(err, erasure.ErrNotFound) {
				continue
			}
			if err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// BlankComments empties, a batch at most, the free-text comments of evaluations answered
// months or more before now; the answers stay. It answers how many.
func BlankComments(app core.App, now time.Time, months int) (int, error) {
	if months <= 0 {
		return 0, nil
	}
	cutoff, err := types.ParseDateTime(now.AddDate(0, -months, 0))
	if err != nil {
		return 0, err
	}
	records, err := app.FindRecordsByFilter("evaluations", "comments != '' && submitted_at != '' && submitted_at <= {:cutoff}",
		"submitted_at", Batch, 0, dbx.Params{"cutoff": cutoff.String()})
	if err != nil {
		return 0, err
	}
	for _, r := range records {
		r.Set("comments", "")
		if err := app.SaveNoValidate(r); err != nil { // an answered evaluation is frozen to people, not to its retention
			return 0, err
		}
	}
	return len(records), nil
}
