package supervision

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// DuosRoute lists a branch's duos with their dates and last meeting, sorted and searched on
// the server: GET /api/console/duos[?status=&q=&sort=]. The last meeting is no field of a duo
// and no client could sort on it through the records API.
const DuosRoute = "/api/console/duos"

// The sorts of the duos list; a leading "-" reverses one. A duo without the date sorts last
// either way.
const (
	SortCreated     = "created"
	SortStarted     = "started_on"
	SortEnds        = "ends_on"
	SortLastMeeting = "last_meeting"
)

// DuoSorts are the sorts the list accepts.
var DuoSorts = []string{SortCreated, SortStarted, SortEnds, SortLastMeeting}

// MaxDuosListed bounds one answer: a branch has far fewer duos.
const MaxDuosListed = 1000

// DuoLine is one duo of the list. An erased partner's name is not given (Erased says so).
type DuoLine struct {
	ID           string `db:"id" json:"id"`
	Status       string `db:"status" json:"status"`
	Mentor       string `db:"mentor" json:"mentor"`
	Mentee       string `db:"mentee" json:"mentee"`
	MentorName   string `db:"mentor_name" json:"mentorName"`
	MenteeName   string `db:"mentee_name" json:"menteeName"`
	MentorErased bool   `db:"mentor_erased" json:"mentorErased"`
	MenteeErased bool   `db:"mentee_erased" json:"menteeErased"`
	StartedOn    string `db:"started_on" json:"startedOn"`
	EndsOn       string `db:"ends_on" json:"endsOn"`
	LastMeeting  string `db:"last_meeting" json:"lastMeeting"` // the day of the latest meeting logged, if any
	Created      string `db:"created" json:"created"`
}

// DuoList is a branch's duos in the order asked.
type DuoList struct {
	Sort  string    `json:"sort"`
	Items []DuoLine `json:"items"`
}

// DuoQuery narrows and orders the list; empty fields do not filter.
type DuoQuery struct {
	Status, Query, Sort string
}

const duoListQuery = `
SELECT * FROM (
	SELECT d.id, d.status, d.mentor, d.mentee, d.created,
		CASE WHEN mr.erased_at = '' THEN mr.name ELSE '' END AS mentor_name,
		CASE WHEN me.erased_at = '' THEN me.name ELSE '' END AS mentee_name,
		mr.erased_at != '' AS mentor_erased, me.erased_at != '' AS mentee_erased,
		COALESCE(substr(d.started_on, 1, 10), '') AS started_on, COALESCE(substr(d.ends_on, 1, 10), '') AS ends_on,
		COALESCE((SELECT substr(MAX(m.held_on), 1, 10) FROM meetings m WHERE m.duo = d.id), '') AS last_meeting
	FROM duos d JOIN users mr ON mr.id = d.mentor JOIN users me ON me.id = d.mentee
	WHERE d.branch = {:branch} %s
) ORDER BY %s = '', %s %s, mentee_name COLLATE NOCASE, id LIMIT %d`

// FindDuos lists a branch's duos as asked.
func FindDuos(app core.App, branch string, q DuoQuery) (DuoList, error) {
	sort := q.Sort
	if sort == "" {
		sort = "-" + SortCreated
	}
	column, direction := strings.TrimPrefix(sort, "-"), "ASC"
	if strings.HasPrefix(sort, "-") {
		direction = "DESC"
	}
	where, params := "", dbx.Params{"branch": branch}
	if q.Status != "" {
		where += " AND d.status = {:status}"
		params["status"] = q.Status
	}
	if s := strings.TrimSpace(q.Query); s != "" {
		where += ` AND ((mr.erased_at = '' AND mr.name LIKE {:q} ESCAPE '\') OR (me.erased_at = '' AND me.name LIKE {:q} ESCAPE '\'))`
		params["q"] = "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
	}
	// column and direction are one of DuoSorts and ASC/DESC: checked by readDuoQuery.
	sql := fmt.Sprintf(duoListQuery, where, column, column, direction, MaxDuosListed)
	out := DuoList{Sort: sort, Items: []DuoLine{}}
	err := app.DB().NewQuery(sql).Bind(params).All(&out.Items)
	return out, err
}

func duoList(e *core.RequestEvent) error {
	branch, err := access.ConsoleBranch(e)
	if err != nil {
		return err
	}
	q, err := readDuoQuery(e)
	if err != nil {
		return e.BadRequestError("Invalid request.", err)
	}
	list, err := FindDuos(e.App, branch, q)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, list)
}

// readDuoQuery reads the list's parameters, naming each wrong one.
func readDuoQuery(e *core.RequestEvent) (DuoQuery, error) {
	v := e.Request.URL.Query()
	q := DuoQuery{Status: v.Get("status"), Query: v.Get("q"), Sort: v.Get("sort")}
	errs := validation.Errors{}
	statuses := []string{lifecycle.Proposed, lifecycle.Validated, lifecycle.Declined, lifecycle.Active, lifecycle.Completed, lifecycle.Stopped}
	if q.Status != "" && !slices.Contains(statuses, q.Status) {
		errs["status"] = validation.NewError("validation_invalid_value", "Invalid value.")
	}
	if q.Sort != "" && !slices.Contains(DuoSorts, strings.TrimPrefix(q.Sort, "-")) {
		errs["sort"] = validation.NewError("validation_invalid_value", "Invalid value.")
	}
	if len([]rune(q.Query)) > 100 {
		errs["q"] = validation.NewError("validation_length_too_long", "The maximum length is {{.max}}.").SetParams(map[string]any{"max": 100})
	}
	if len(errs) > 0 {
		return q, errs
	}
	return q, nil
}

// BindDuoList registers the duos list on app.
func BindDuoList(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(DuosRoute, duoList).Bind(apis.RequireAuth())
		return se.Next()
	})
}
