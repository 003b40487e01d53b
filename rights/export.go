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
		return e.NotFoundError("", err)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.InternalServerError("", err)
	}
	data, err := Gather(e.App, person, info, now)
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
	// Attendance is the person's lines on sessions' lists (invited, registered, attended, ...),
	// and Sessions those sessions.
	Attendance []map[string]any `json:"attendance"`
	Sessions   []map[string]any `json:"sessions"`
	// Registrations are the sign-ups (/join/) the person was made from.
	Registrations []map[string]any `json:"registrations"`
	// Notes are the coordinators' notes about the person (staff-only: in the export a
	// coordinator makes, not in the one the person downloads).
	Notes []map[string]any `json:"notes"`
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
	Notes       []map[string]any `json:"notes"` // the coordinators' notes on the duo (staff-only, as above)
}

// Gather reads what duo holds about person, as the request info's reader may read it
// through the API: the view rules decide record by record, and of an account the reader sees
// the fields REST shows them (access.HiddenAccountFields). So a coordinator's export holds
// no push token, and after a move to another branch the new branch's coordinator exports
// nothing of the duos of the former one. The person herself also gets the pushes sent to
// her, which the app has no screen for (hersAlone).
func Gather(app core.App, person *core.Record, info *core.RequestInfo, now time.Time) (*Export, error) {
	r := reader{app: app, info: info, person: person}
	out := &Export{ExportedAt: now.UTC()}
	if r.may(person) {
		out.Person = r.fields(person)
	}
	if branch, err := app.FindRecordById("branches", person.GetString("branch")); err == nil && r.may(branch) {
		out.Branch = map[string]any{"id": branch.Id, "name": branch.GetString("name")}
	}
	if profile, err := app.FindFirstRecordByData("profiles", "user", person.Id); err == nil && r.may(profile) {
		out.Profile = r.fields(profile)
	}
	var err error
	lists := []struct {
		into       *[]map[string]any
		collection string
		field      string
	}{{&out.Consents, "consents", "person"}, {&out.Devices, "devices", "user"}, {&out.Notifications, "notifications", "user"},
		{&out.SyncConflicts, "sync_conflicts", "author"}, {&out.Attendance, "attendance", "person"},
		{&out.Notes, "case_notes", "person"}, {&out.Registrations, "registrations", "person"}}
	for _, l := range lists {
		if *l.into, err = r.all(l.collection, dbx.HashExp{l.field: person.Id}); err != nil {
			return nil, err
		}
	}
	var listed []any
	for _, a := range out.Attendance {
		listed = append(listed, a["session"])
	}
	if out.Sessions, err = r.all("sessions", dbx.In("id", listed...)); err != nil {
		return nil, err
	}
	duos, err := app.FindAllRecords("duos", dbx.Or(dbx.HashExp{"mentor": person.Id}, dbx.HashExp{"mentee": person.Id}))
	if err != nil {
		return nil, err
	}
	for _, d := range duos {
		if !r.may(d) {
			continue // another branch's duo, to this reader: nothing of it
		}
		duo, err := r.duo(d)
		if err != nil {
			return nil, err
		}
		out.Duos = append(out.Duos, duo)
	}
	return out, nil
}

func (r reader) duo(d *core.Record) (Duo, error) {
	person := r.person.Id
	partnerID := d.GetString("mentor")
	if partnerID == person {
		partnerID = d.GetString("mentee")
	}
	out := Duo{Duo: r.fields(d)}
	if partner, err := r.app.FindRecordById("users", partnerID); err == nil && r.may(partner) {
		out.Partner = map[string]any{"id": partner.Id, "name": partner.GetString("name"), "role": partner.GetString("role")}
	}
	if agreement, err := r.app.FindFirstRecordByData("agreements", "duo", d.Id); err == nil && r.may(agreement) {
		out.Agreement = r.fields(agreement)
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
		{&out.Notes, "case_notes", dbx.HashExp{"duo": d.Id}},
	} {
		if *l.into, err = r.all(l.collection, l.where); err != nil {
			return out, err
		}
	}
	return out, nil
}

// reader is who asked for the export, and whose export it is.
type reader struct {
	app    core.App
	info   *core.RequestInfo
	person *core.Record
}

// hersAlone: records addressed to the person that no API rule lets her read (the pushes
// sent to her, the sign-up she was made from), named by the field that points at her. Her access right (article 15) covers
// them; they are hers only, nobody else's export gains them.
var hersAlone = map[string]string{"notifications": "user", "registrations": "person"}

// may reports whether the reader may read record through the API (its view rule), or it is
// one of hersAlone and the reader is the person.
func (r reader) may(record *core.Record) bool {
	if field, ok := hersAlone[record.Collection().Name]; ok && r.info.Auth != nil &&
		r.info.Auth.Id == r.person.Id && record.GetString(field) == r.person.Id {
		return true
	}
	ok, err := r.app.CanAccessRecord(record, r.info, record.Collection().ViewRule)
	return err == nil && ok
}

func (r reader) all(collection string, where dbx.Expression) ([]map[string]any, error) {
	records, err := r.app.FindAllRecords(collection, where)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(records))
	for _, rec := range records {
		if r.may(rec) {
			out = append(out, r.fields(rec))
		}
	}
	return out, nil
}

// secrets are what no export shows, not even to the person: their password's hash and the
// key that signs their sessions.
var secrets = []string{"password", "tokenKey"}

func (r reader) fields(record *core.Record) map[string]any {
	data := record.FieldsData()
	for _, s := range secrets {
		delete(data, s)
	}
	if record.Collection().Name == "users" {
		for _, hidden := range access.HiddenAccountFields(r.info.Auth, record) {
			delete(data, hidden)
		}
	}
	return data
}
