package signup

import (
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/sessions"
)

// Horizon is how far ahead the sign-up shows sessions; MaxSessions how many at most.
const (
	Horizon     = 183 * 24 * time.Hour
	MaxSessions = 300
)

// Branch is what the page shows of a branch.
type Branch struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	City string `json:"city"`
}

// Session is an upcoming information session as the public sees it: when, where, in which
// language, and whether a seat is left; nothing about who registered.
type Session struct {
	ID       string         `json:"id"`
	Branch   Branch         `json:"branch"`
	StartsAt types.DateTime `json:"starts_at"`
	EndsAt   types.DateTime `json:"ends_at"`
	Timezone string         `json:"timezone"`
	Place    string         `json:"place"`
	Online   bool           `json:"online"`
	Language string         `json:"language"`
	Full     bool           `json:"full"`
}

// sessionRow is one upcoming session read with its branch and its taken seats.
type sessionRow struct {
	ID         string         `db:"id"`
	Branch     string         `db:"branch"`
	BranchName string         `db:"branch_name"`
	City       string         `db:"city"`
	Timezone   string         `db:"timezone"`
	StartsAt   types.DateTime `db:"starts_at"`
	EndsAt     types.DateTime `db:"ends_at"`
	Place      string         `db:"place"`
	Link       string         `db:"link"`
	Language   string         `db:"language"`
	Capacity   int            `db:"capacity"`
	Status     string         `db:"status"`
	Taken      int            `db:"taken"`
}

// listSessions answers the information sessions of every branch that start from now on,
// within the horizon and not cancelled, by branch and time, and how long an unconverted
// registration is kept after its session (the page says so).
func listSessions(e *core.RequestEvent, keepDays int, now time.Time) error {
	rows, err := upcoming(e.App, now, "")
	if err != nil {
		return e.InternalServerError("", err)
	}
	items := make([]Session, 0, len(rows))
	for _, r := range rows {
		items = append(items, r.public())
	}
	e.Response.Header().Set("Cache-Control", "no-cache")
	return e.JSON(http.StatusOK, map[string]any{"items": items, "keep_days": keepDays})
}

// upcoming reads the sessions open to the sign-up; only the one of that id when id is given.
func upcoming(app core.App, now time.Time, id string) ([]sessionRow, error) {
	from, _ := types.ParseDateTime(now)
	until, _ := types.ParseDateTime(now.Add(Horizon))
	q := selectSessions(app).
		Where(dbx.HashExp{"s.kind": sessions.InfoSession}).
		AndWhere(dbx.NewExp("s.status != {:cancelled}", dbx.Params{"cancelled": sessions.Cancelled})).
		AndWhere(dbx.NewExp("s.starts_at > {:from} AND s.starts_at <= {:until}", dbx.Params{"from": from.String(), "until": until.String()})).
		OrderBy("b.city", "b.name", "s.starts_at").Limit(MaxSessions)
	if id != "" {
		q = q.AndWhere(dbx.HashExp{"s.id": id})
	}
	var rows []sessionRow
	return rows, q.All(&rows)
}

// sessionOf reads one session as the sign-up describes it, past or cancelled ones too.
func sessionOf(app core.App, id string) (sessionRow, error) {
	var row sessionRow
	return row, selectSessions(app).Where(dbx.HashExp{"s.id": id}).One(&row)
}

func selectSessions(app core.App) *dbx.SelectQuery {
	return app.DB().Select("s.id", "s.branch", "b.name AS branch_name", "b.city", "b.timezone", "s.starts_at", "s.ends_at",
		"s.place", "s.link", "s.language", "s.capacity", "s.status",
		"(SELECT COUNT(*) FROM attendance a WHERE a.session = s.id AND a.state IN ('registered', 'attended')) AS taken").
		From("sessions s").InnerJoin("branches b", dbx.NewExp("b.id = s.branch"))
}

func (r sessionRow) public() Session {
	return Session{ID: r.ID, Branch: Branch{ID: r.Branch, Name: r.BranchName, City: r.City}, StartsAt: r.StartsAt, EndsAt: r.EndsAt,
		Timezone: r.Timezone, Place: r.Place, Online: r.Place == "" && r.Link != "", Language: r.Language,
		Full: r.Capacity > 0 && r.Taken >= r.Capacity}
}
