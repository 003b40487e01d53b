// Package rights answers a person's data-protection requests: the export of everything duo
// holds about them (GDPR articles 15 and 20) and their erasure (article 17).
package rights

import (
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/audit"
)

// ExportRoute answers a person's data as one JSON file: GET /api/people/{id}/export.
const ExportRoute = "/api/people/{id}/export"

// Bind registers the routes of personal-data rights on app.
func Bind(app core.App, now func() time.Time) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(ExportRoute, func(e *core.RequestEvent) error { return export(e, now()) }).Bind(apis.RequireAuth())
		se.Router.POST(EraseRoute, func(e *core.RequestEvent) error { return erase(e, now()) }).
			Bind(apis.RequireAuth(), apis.BodyLimit(EraseBodyLimit))
		return se.Next()
	})
}

// export: the person themselves, the coordinators of their branch and superusers; to anyone
// else the person is not found. The export is written to the audit log.
func export(e *core.RequestEvent, now time.Time) error {
	actor := access.ActorFrom(e.Auth)
	person, err := e.App.FindRecordById("users", e.Request.PathValue("id"))
	if err != nil || (actor.PersonID() != person.Id && !actor.ManagesPerson(person)) {
		return e.NotFoundError("", nil)
	}
	data, err := Gather(e.App, person, now)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if err := audit.Record(e.App, audit.Export, person.Id, actor, "", now); err != nil {
		return e.InternalServerError("", err)
	}
	e.Response.Header().Set("Content-Disposition", `attachment; filename="duo-export-`+person.Id+`.json"`)
	return e.JSON(http.StatusOK, data)
}

// Export is everything duo holds about one person.
type Export struct {
	ExportedAt    time.Time        `json:"exportedAt"`
	Person        map[string]any   `json:"person"`
	Branch        map[string]any   `json:"branch"`
	Profile       map[string]any   `json:"profile"`
	Consents      []map[string]any `json:"consents"`
	Duos          []Duo            `json:"duos"`
	Devices       []map[string]any `json:"devices"`
	Notifications []map[string]any `json:"notifications"`
	SyncConflicts []map[string]any `json:"syncConflicts"`
}

// Duo is one of the person's duos with what was written in it: by them, about them, or
// shared with their partner; of the partner alone, only their name and role.
type Duo struct {
	Duo         map[string]any   `json:"duo"`
	Partner     map[string]any   `json:"partner"`
	Agreement   map[string]any   `json:"agreement"`
	Objectives  []map[string]any `json:"objectives"`
	Meetings    []map[string]any `json:"meetings"`
	Evaluations []map[string]any `json:"evaluations"` // those the person answered
	History     []map[string]any `json:"history"`
}

// Gather reads what duo holds about person.
func Gather(app core.App, person *core.Record, now time.Time) (*Export, error) {
	out := &Export{ExportedAt: now.UTC(), Person: fields(person)}
	if branch, err := app.FindRecordById("branches", person.GetString("branch")); err == nil {
		out.Branch = map[string]any{"id": branch.Id, "name": branch.GetString("name")}
	}
	if profile, err := app.FindFirstRecordByData("profiles", "user", person.Id); err == nil {
		out.Profile = fields(profile)
	}
	var err error
	lists := []struct {
		into       *[]map[string]any
		collection string
		field      string
	}{{&out.Consents, "consents", "person"}, {&out.Devices, "devices", "user"}, {&out.Notifications, "notifications", "user"},
		{&out.SyncConflicts, "sync_conflicts", "author"}}
	for _, l := range lists {
		if *l.into, err = all(app, l.collection, dbx.HashExp{l.field: person.Id}); err != nil {
			return nil, err
		}
	}
	duos, err := app.FindAllRecords("duos", dbx.Or(dbx.HashExp{"mentor": person.Id}, dbx.HashExp{"mentee": person.Id}))
	if err != nil {
		return nil, err
	}
	for _, d := range duos {
		duo, err := gatherDuo(app, d, person.Id)
		if err != nil {
			return nil, err
		}
		out.Duos = append(out.Duos, duo)
	}
	return out, nil
}

func gatherDuo(app core.App, d *core.Record, person string) (Duo, error) {
	partnerID := d.GetString("mentor")
	if partnerID == person {
		partnerID = d.GetString("mentee")
	}
	out := Duo{Duo: fields(d)}
	if partner, err := app.FindRecordById("users", partnerID); err == nil {
		out.Partner = map[string]any{"id": partner.Id, "name": partner.GetString("name"), "role": partner.GetString("role")}
	}
	if agreement, err := app.FindFirstRecordByData("agreements", "duo", d.Id); err == nil {
		out.Agreement = fields(agreement)
	}
	var err error
	for _, l := range []struct {
		into       *[]map[string]any
		collection string
		where      dbx.Expression
	}{
		{&out.Objectives, "objectives", dbx.HashExp{"duo": d.Id}},
		{&out.Meetings, "meetings", dbx.HashExp{"duo": d.Id}},
		{&out.Evaluations, "evaluations", dbx.HashExp{"duo": d.Id, "respondent": person}},
		{&out.History, "duo_events", dbx.HashExp{"duo": d.Id}},
	} {
		if *l.into, err = all(app, l.collection, l.where); err != nil {
			return out, err
		}
	}
	return out, nil
}

func all(app core.App, collection string, where dbx.Expression) ([]map[string]any, error) {
	records, err := app.FindAllRecords(collection, where)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(records))
	for _, r := range records {
		out = append(out, fields(r))
	}
	return out, nil
}

// secrets are what no export shows, not even to the person: their password's hash and the
// key that signs their sessions.
var secrets = []string{"password", "tokenKey"}

func fields(r *core.Record) map[string]any {
	data := r.FieldsData()
	for _, s := range secrets {
		delete(data, s)
	}
	return data
}
