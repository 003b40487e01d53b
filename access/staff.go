package access

import (
	"errors"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Why a console route refuses a caller: the console is for staff, a superuser names the
// branch, and another branch's people are, to a coordinator, not there at all.
var (
	ErrNotStaff      = errors.New("access: the console is for the programme's staff")
	ErrBranchMissing = errors.New("access: a superuser names the branch")
	ErrNotInBranch   = errors.New("access: not in the caller's branch")
)

// IsStaff reports a coordinator or a superuser.
func (a Actor) IsStaff() bool { return a.IsSuperuser() || a.Role() == RoleCoordinator }

// StaffBranch is the branch a console route serves: a coordinator's own (naming another is
// ErrNotInBranch), or the one a superuser names.
func (a Actor) StaffBranch(asked string) (string, error) {
	switch {
	case a.IsSuperuser():
		if asked == "" {
			return "", ErrBranchMissing
		}
		return asked, nil
	case a.Role() == RoleCoordinator:
		own := a.auth.GetString("branch")
		if asked != "" && asked != own {
			return "", ErrNotInBranch
		}
		return own, nil
	default:
		return "", ErrNotStaff
	}
}

// ManagesPerson reports whether the actor takes care of a mentor's or mentee's account: a
// superuser, or a coordinator of the person's branch. Nobody manages a coordinator here.
func (a Actor) ManagesPerson(person *core.Record) bool {
	if person == nil || person.GetString("role") == RoleCoordinator || !person.GetDateTime("erased_at").IsZero() {
		return false // a coordinator is managed by administrators, a pseudonym by nobody
	}
	return a.IsSuperuser() || a.IsCoordinatorOf(person.GetString("branch"))
}

// ConsoleBranch resolves the ?branch= of a console request into the branch it serves, or
// the API error to answer: 403 for people who are not staff, 400 for a superuser who names
// none, 404 for another branch or one that does not exist.
func ConsoleBranch(e *core.RequestEvent) (string, error) {
	branch, err := ActorFrom(e.Auth).StaffBranch(e.Request.URL.Query().Get("branch"))
	switch {
	case errors.Is(err, ErrNotStaff):
		return "", e.ForbiddenError("The console is for the programme's staff.", nil)
	case errors.Is(err, ErrBranchMissing):
		return "", e.BadRequestError("Name the branch.", validation.Errors{"branch": validation.ErrRequired})
	case err != nil:
		return "", e.NotFoundError("", err)
	}
	if _, err := e.App.FindRecordById("branches", branch); err != nil {
		return "", e.NotFoundError("", err)
	}
	return branch, nil
}
