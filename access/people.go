package access

import (
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
