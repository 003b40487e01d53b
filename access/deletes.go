package access

import (
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// CodeEraseInstead names, in a refused delete of a person or their profile, the route that
// erases them.
const CodeEraseInstead = "duo_erase_instead"

// EraseRoute is where a person is erased (rights.EraseRoute, which imports this package).
const EraseRoute = "/api/people/{id}/erase"

// checkNeverDeleted refuses, to everybody (superusers and the dashboard included), a delete
// through the API of what only an erasure removes or nothing does: a delete of a person
// cascades into her consents and leaves no audit entry and no ledger line (a backup restore
// brings her back), a pseudonym's or its profile's changes the impact figures, and a duo's
// takes its signed agreement and its history with it. The erasure (erasure/, in Go) still
// deletes accounts; consents and the audit log refuse deletes themselves (consent/, audit/).
func checkNeverDeleted(record *core.Record) error {
	switch record.Collection().Name {
	case "users":
		if !record.GetDateTime("erased_at").IsZero() {
			return router.NewForbiddenError("An erased person's pseudonym is never deleted: the figures count it.", nil)
		}
		return eraseInstead("A person is never deleted: erase them instead (POST /api/people/{id}/erase).", record.Id)
	case "profiles":
		return eraseInstead("A profile goes with its person's erasure (POST /api/people/{id}/erase).", record.GetString("user"))
	case "duos":
		return router.NewForbiddenError("A duo is declined or stopped, never deleted: its agreement and history are kept.", nil)
	}
	return nil
}

func eraseInstead(message, person string) error {
	route := strings.Replace(EraseRoute, "{id}", person, 1)
	return router.NewForbiddenError(message, validation.Errors{"erase": validation.NewError(CodeEraseInstead,
		"Erase the person instead: POST {{.route}}.").SetParams(map[string]any{"route": route})})
}
