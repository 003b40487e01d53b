package access

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
)

// What a person may change of their own account; role and branch are set by others.
var ownAccountFields = []string{"name", "locale", "timezone", "emailVisibility", "password"}

// What a coordinator may change of an account they manage (a mentor or mentee of their
// branch); the branch itself only a superuser changes.
var managedAccountFields = []string{"name", "locale", "timezone", "email", "emailVisibility",
	"password", "verified", "role"}

func checkUser(app core.App, actor Actor, op Op, user *core.Record) error {
	if op != Update {
		return nil // the API rule already pins a coordinator's new accounts to their branch
	}
	if user.Id == actor.PersonID() {
		return onlyFields(user, ownAccountFields...)
	}
	if err := onlyFields(user, managedAccountFields...); err != nil {
		return err
	}
	if role := user.GetString("role"); role == RoleCoordinator {
		return forbiddenValue("role", role)
	}
	return nil
}

func checkProfile(app core.App, actor Actor, op Op, profile *core.Record) error {
	if profile.Original().GetString("user") == actor.PersonID() {
		// A mentor does not certify their own training: coordinators record it.
		return exceptFields(profile, "user", "training_completed_on")
	}
	return exceptFields(profile, "user")
}

// PublicAccountFields are all that a person reads of an account that is neither theirs nor
// one their branch's staff look after (a duo partner, a mentee's coordinator): enough to show
// a name, or "erased person" where erased_at is set. privacy.md says the same.
var PublicAccountFields = []string{"id", "name", "role", "erased_at"}

// SeesWholeAccount reports whether reader (a request's auth record, nil when anonymous)
// reads every field of the account user that the view rule lets them see: the person, the
// coordinators of the person's branch, superusers.
func SeesWholeAccount(reader, user *core.Record) bool {
	a := ActorFrom(reader)
	return a.IsSuperuser() || (a.PersonID() != "" && a.PersonID() == user.Id) || a.IsCoordinatorOf(user.GetString("branch"))
}

// HiddenAccountFields lists the fields of user that reader does not read: none, or every
// field but PublicAccountFields (an allow-list, so that a new field starts hidden).
func HiddenAccountFields(reader, user *core.Record) []string {
	if SeesWholeAccount(reader, user) {
		return nil
	}
	var hidden []string
	for _, name := range user.Collection().Fields.FieldNames() {
		if !slices.Contains(PublicAccountFields, name) {
			hidden = append(hidden, name)
		}
	}
	return hidden
}
