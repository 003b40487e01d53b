// Package access answers who may read and change what: roles, the acting person, field rights.
package access

import (
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// Roles of a person in the users collection.
const (
	RoleMentee      = "mentee"
	RoleMentor      = "mentor"
	RoleCoordinator = "coordinator"
)

// Kinds of actor, as recorded in duo_events.actor_kind.
const (
	KindPerson    = "person"
	KindSuperuser = "superuser"
	KindSystem    = "system"
)

// Actor is whoever makes a change: a person (a users record), a superuser, or the system
// itself (cron jobs, server-side consequences), which is the zero value.
type Actor struct {
	auth   *core.Record
	client string
}

// ActorFrom turns a request's auth record (nil when anonymous) into an actor.
func ActorFrom(auth *core.Record) Actor { return Actor{auth: auth} }

// System is the server acting on its own.
func System() Actor { return Actor{} }

// Kind is person, superuser or system.
func (a Actor) Kind() string {
	switch {
	case a.auth == nil:
		return KindSystem
	case a.auth.IsSuperuser():
		return KindSuperuser
	default:
		return KindPerson
	}
}

// IsSuperuser reports a superuser (dashboard or API), who bypasses the people's rules.
func (a Actor) IsSuperuser() bool { return a.Kind() == KindSuperuser }

// Trusted reports an actor whose writes skip the people's rules: superusers and the server.
func (a Actor) Trusted() bool { return a.Kind() != KindPerson }

// PersonID is the users id of a person, empty otherwise.
func (a Actor) PersonID() string {
	if a.Kind() != KindPerson {
		return ""
	}
	return a.auth.Id
}

// Role is a person's role, empty otherwise.
func (a Actor) Role() string {
	if a.Kind() != KindPerson {
		return ""
	}
	return a.auth.GetString("role")
}

// IsCoordinatorOf reports a coordinator of that branch.
func (a Actor) IsCoordinatorOf(branchID string) bool {
	return a.Role() == RoleCoordinator && branchID != "" && a.auth.GetString("branch") == branchID
}

// Via notes the app install (sync client) through which the actor makes the change, so that
// a client's own earlier changes never count as conflicts with its later ones.
func (a Actor) Via(client string) Actor {
	a.client = client
	return a
}

// Client is the sync client of the change, empty when it did not come through sync.
func (a Actor) Client() string { return a.client }

// PocketBase's REST handlers save with a background context, so the request's auth cannot
// reach model hooks through the context. The request hooks attach the actor to the record
// being saved for the duration of the save; model hooks (events, defaults) read it back.
var attached sync.Map // *core.Record -> Actor

// Attach marks record as being saved by actor until the returned detach func is called.
func Attach(record *core.Record, actor Actor) (detach func()) {
	attached.Store(record, actor)
	return func() { attached.Delete(record) }
}

// ActorOf is who is saving record right now: the attached actor, or the system.
func ActorOf(record *core.Record) Actor {
	if a, ok := attached.Load(record); ok {
		return a.(Actor)
	}
	return System()
}
