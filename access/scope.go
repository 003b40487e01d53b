package access

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/txmemo"
)

// Audiences restate the view rules as groups of people, so that a pull can find the changes
// that concern a person with an index instead of evaluating every rule on every change:
//
//	person:X   X alone
//	duo:D      the mentor and the mentee of duo D
//	staff:B    the coordinators of branch B
//	members:B  everybody of branch B
//
// A record belongs to audiences (Audiences), a person to memberships (Memberships); the
// person may read the record when the two meet. The view rules remain the authority: sync
// decides visibility with them and uses audiences only to find candidates, and a test holds
// audiences, memberships and AudienceFilter to the rules on every fixture record and person.

// Audience names.
func Person(id string) string  { return "person:" + id }
func Duo(id string) string     { return "duo:" + id }
func Staff(id string) string   { return "staff:" + id }
func Members(id string) string { return "members:" + id }

// SyncedCollections are what the app keeps a copy of, parents before children.
var SyncedCollections = []string{"branches", "users", "profiles", "duos", "agreements", "objectives",
	"meetings", "evaluations", "duo_events", "sessions", "attendance", "sync_conflicts"}

// duoChildren are the collections whose records belong to one duo and are read like it.
var duoChildren = map[string]bool{"agreements": true, "objectives": true, "meetings": true, "duo_events": true}

// Memberships are the audiences a person belongs to.
func Memberships(app core.App, user *core.Record) []string {
	branch := user.GetString("branch")
	m := []string{Person(user.Id), Members(branch)}
	if user.GetString("role") == RoleCoordinator {
		m = append(m, Staff(branch))
	}
	return append(m, duoAudiences(app, user.Id)...)
}

// duoAudiences are the audiences of the duos a person is the mentor or the mentee of.
func duoAudiences(app core.App, userID string) []string {
	ids := duosOf(app, userID)
	audiences := make([]string, len(ids))
	for i, id := range ids {
		audiences[i] = Duo(id)
	}
	return audiences
}

// duosOf lists the duos a person is the mentor or the mentee of.
func duosOf(app core.App, userID string) []string {
	var ids []string
	_ = app.DB().Select("id").From("duos").
		Where(dbx.Or(dbx.HashExp{"mentor": userID}, dbx.HashExp{"mentee": userID})).
		OrderBy("id").Column(&ids)
	return ids
}

// Audiences are the audiences a record belongs to, from its current field values (give it
// record.Original() for the values it had before a change).
func Audiences(app core.App, record *core.Record) []string {
	name := record.Collection().Name
	switch {
	case name == "branches":
		return []string{Members(record.Id)}
	case name == "users":
		return userAudiences(app, record)
	case name == "profiles":
		return []string{Person(record.GetString("user")), Staff(fieldOf(app, "users", record.GetString("user"), "branch"))}
	case name == "consents":
		return []string{Person(record.GetString("person")), Staff(fieldOf(app, "users", record.GetString("person"), "branch"))}
	case name == "duos":
		return []string{Duo(record.Id), Staff(record.GetString("branch"))}
	case duoChildren[name]:
		duo := record.GetString("duo")
		return []string{Duo(duo), Staff(duoBranch(app, duo))}
	case name == "evaluations":
		return []string{Person(record.GetString("respondent")), Staff(duoBranch(app, record.GetString("duo")))}
	case name == "sync_conflicts":
		return []string{Person(record.GetString("author")), Staff(record.GetString("branch"))}
	case name == "sessions":
		return sessionAudiences(app, record)
	case name == "attendance":
		return attendanceAudiences(app, record)
	}
	return nil
}

// sessionAudiences: a session is its branch's staff's, its duo's (a first, signing or check-in
// meeting), and each person's on its list.
func sessionAudiences(app core.App, session *core.Record) []string {
	a := []string{Staff(session.GetString("branch"))}
	if duo := session.GetString("duo"); duo != "" {
		a = append(a, Duo(duo))
	}
	var people []string
	_ = app.DB().Select("person").From("attendance").
		Where(dbx.HashExp{"session": session.Id}).AndWhere(dbx.NewExp("person != ''")).OrderBy("person").Column(&people)
	for _, p := range people {
		a = append(a, Person(p))
	}
	return a
}

// attendanceAudiences: a line is its person's (a registrant's has none) and the staff's of
// its session's branch.
func attendanceAudiences(app core.App, line *core.Record) []string {
	a := []string{Staff(fieldOf(app, "sessions", line.GetString("session"), "branch"))}
	if person := line.GetString("person"); person != "" {
		a = append(a, Person(person))
	}
	return a
}

func userAudiences(app core.App, user *core.Record) []string {
	branch := user.GetString("branch")
	a := []string{Person(user.Id), Staff(branch)}
	if user.GetString("role") == RoleCoordinator {
		a = append(a, Members(branch))
	}
	return append(a, duoAudiences(app, user.Id)...)
}

// duoBranch is a duo's branch, which never changes: read once per transaction.
func duoBranch(app core.App, duoID string) string {
	branch, _ := txmemo.Get(app, "duo.branch."+duoID, func() (string, error) {
		return fieldOf(app, "duos", duoID, "branch"), nil
	})
	return branch
}

func fieldOf(app core.App, table, id, column string) string {
	var value string
	_ = app.DB().Select(column).From(table).Where(dbx.HashExp{"id": id}).Row(&value)
	return value
}

// AudienceFilter restricts a query on a synced collection to the records of one audience; it
// answers false when no record of that collection belongs to the audience.
func AudienceFilter(collection, audience string) (dbx.Expression, bool) {
	kind, id, found := strings.Cut(audience, ":")
	if !found || id == "" {
		return nil, false
	}
	col := func(c string) string { return collection + "." + c }
	switch kind + "/" + collection {
	case "person/users":
		return dbx.HashExp{col("id"): id}, true
	case "person/profiles":
		return dbx.HashExp{col("user"): id}, true
	case "person/evaluations":
		return dbx.HashExp{col("respondent"): id}, true
	case "person/sync_conflicts":
		return dbx.HashExp{col("author"): id}, true
	case "person/attendance":
		return dbx.HashExp{col("person"): id}, true
	case "person/sessions":
		return dbx.NewExp("[["+col("id")+"]] IN (SELECT session FROM attendance WHERE person = {:person})", dbx.Params{"person": id}), true
	case "members/branches":
		return dbx.HashExp{col("id"): id}, true
	case "members/users":
		return dbx.HashExp{col("branch"): id, col("role"): RoleCoordinator}, true
	case "staff/users":
		return dbx.HashExp{col("branch"): id}, true
	case "staff/profiles":
		return dbx.NewExp("[["+col("user")+"]] IN (SELECT id FROM users WHERE branch = {:branch})", dbx.Params{"branch": id}), true
	case "staff/duos", "staff/sync_conflicts", "staff/sessions":
		return dbx.HashExp{col("branch"): id}, true
	case "staff/agreements", "staff/objectives", "staff/meetings", "staff/duo_events", "staff/evaluations":
		return dbx.NewExp("[["+col("duo")+"]] IN (SELECT id FROM duos WHERE branch = {:branch})", dbx.Params{"branch": id}), true
	case "staff/attendance":
		return dbx.NewExp("[["+col("session")+"]] IN (SELECT id FROM sessions WHERE branch = {:branch})", dbx.Params{"branch": id}), true
	case "duo/duos":
		return dbx.HashExp{col("id"): id}, true
	case "duo/sessions":
		return dbx.HashExp{col("duo"): id}, true
	case "duo/agreements", "duo/objectives", "duo/meetings", "duo/duo_events":
		return dbx.HashExp{col("duo"): id}, true
	case "duo/users":
		return dbx.NewExp("[["+col("id")+"]] IN (SELECT mentor FROM duos WHERE id = {:duo} UNION SELECT mentee FROM duos WHERE id = {:duo})",
			dbx.Params{"duo": id}), true
	}
	return nil, false
}
