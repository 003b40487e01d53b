package intake

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Where a person stands with the programme, as the roster filters on it.
const (
	StatusWaiting  = "waiting"  // in no open duo: a mentee to match, a mentor free to take one
	StatusMatched  = "matched"  // in a proposed or validated duo
	StatusInDuo    = "in_duo"   // in an active duo
	StatusFinished = "finished" // a mentee whose duo reached its term, in no open one
)

// Training filter values (mentors only).
const (
	TrainingDone    = "done"
	TrainingPending = "pending"
)

// Statuses and Trainings are the values the roster accepts.
var (
	Statuses  = []string{StatusWaiting, StatusMatched, StatusInDuo, StatusFinished}
	Trainings = []string{TrainingDone, TrainingPending}
)

// Filter narrows the roster; empty fields do not filter.
type Filter struct {
	Role, Status, Training string
	Query                  string // part of a name or an e-mail address
	Page, PerPage          int
}

// Person is one line of the roster.
type Person struct {
	ID          string `db:"id" json:"id"`
	Name        string `db:"name" json:"name"`
	Email       string `db:"email" json:"email"`
	Role        string `db:"role" json:"role"`
	Status      string `db:"status" json:"status"`
	Duo         string `db:"duo" json:"duo"` // the open duo, if any
	TrainedOn   string `db:"trained_on" json:"trainingCompletedOn"`
	InvitedAt   string `db:"invited_at" json:"invitedAt"`
	PasswordSet bool   `db:"verified" json:"passwordSet"`
	Created     string `db:"created" json:"created"`
	// WaitingSince: for a person waiting, since when: their account (made at the intake) or
	// the close of their last duo (stopped, declined, completed), whichever came later.
	WaitingSince string `db:"waiting_since" json:"waitingSince"`
}

// Roster is one page of a branch's mentors and mentees, by name.
type Roster struct {
	Page       int      `json:"page"`
	PerPage    int      `json:"perPage"`
	TotalItems int      `json:"totalItems"`
	Items      []Person `json:"items"`
}

// rosterQuery lists a branch's mentors and mentees with where they stand. A person's duos
// are found through the mentor and mentee indexes, whatever branch the duo was in.
const rosterQuery = `
WITH people AS (
	SELECT u.id, u.name, u.email, u.role, u.verified, u.invited_at, u.created,
		COALESCE(p.training_completed_on, '') AS trained_on,
		COALESCE((SELECT d.id FROM duos d WHERE (d.mentor = u.id OR d.mentee = u.id)
			AND d.status IN ('proposed', 'validated', 'active') ORDER BY d.status = 'active' DESC, d.created DESC LIMIT 1), '') AS duo,
		EXISTS (SELECT 1 FROM duos d WHERE d.mentee = u.id AND d.status = 'completed') AS finished,
		COALESCE((SELECT MAX(ev.at) FROM duo_events ev JOIN duos d ON d.id = ev.duo
			WHERE (d.mentor = u.id OR d.mentee = u.id) AND ev.to_status IN ('stopped', 'declined', 'completed')), '') AS closed_at
	FROM users u LEFT JOIN profiles p ON p.user = u.id
	WHERE u.branch = {:branch} AND u.role IN ('mentor', 'mentee') AND u.erased_at = ''
), placed AS (
	SELECT people.*, CASE
		WHEN duo != '' AND (SELECT status FROM duos WHERE id = duo) = 'active' THEN 'in_duo'
		WHEN duo != '' THEN 'matched'
		WHEN finished THEN 'finished'
		ELSE 'waiting' END AS status
	FROM people
), dated AS (
	SELECT placed.*, CASE WHEN status = 'waiting' THEN MAX(created, closed_at) ELSE '' END AS waiting_since
	FROM placed
)
SELECT %s FROM dated WHERE %s`

// Find reads one page of a branch's roster.
func Find(app core.App, branch string, f Filter) (Roster, error) {
	where, params := conditions(f)
	params["branch"] = branch
	out := Roster{Page: f.Page, PerPage: f.PerPage, Items: []Person{}}
	count := fmt.Sprintf(rosterQuery, "COUNT(*)", where)
	if err := app.DB().NewQuery(count).Bind(params).Row(&out.TotalItems); err != nil {
		return out, err
	}
	page := fmt.Sprintf(rosterQuery, "id, name, email, role, status, duo, trained_on, invited_at, verified, created, waiting_since", where) +
		" ORDER BY name COLLATE NOCASE, id LIMIT {:limit} OFFSET {:offset}"
	params["limit"], params["offset"] = f.PerPage, (f.Page-1)*f.PerPage
	err := app.DB().NewQuery(page).Bind(params).All(&out.Items)
	return out, err
}

func conditions(f Filter) (string, dbx.Params) {
	where := []string{"1 = 1"}
	params := dbx.Params{}
	if f.Role != "" {
		where = append(where, "role = {:role}")
		params["role"] = f.Role
	}
	if f.Status != "" {
		where = append(where, "status = {:status}")
		params["status"] = f.Status
	}
	switch f.Training {
	case TrainingDone:
		where = append(where, "role = 'mentor' AND trained_on != ''")
	case TrainingPending:
		where = append(where, "role = 'mentor' AND trained_on = ''")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(name LIKE {:q} ESCAPE '\' OR email LIKE {:q} ESCAPE '\')`)
		params["q"] = "%" + escapeLike(q) + "%"
	}
	return strings.Join(where, " AND "), params
}

// escapeLike makes % and _ in a search mean themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
