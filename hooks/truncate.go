package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

const truncateRoute = "DELETE /api/collections/{collection}/truncate"

// bindTruncateGuard refuses the dashboard's "Truncate" on every collection of duo's own (all
// but PocketBase's system collections): it deletes every record for a superuser whatever the
// delete rules say, past the guards that keep consents, the audit log, the history and the
// people (who are erased, not deleted), with no record event. PocketBase's system
// collections (_superusers, _authOrigins, _externalAuths, _mfas, _otps) keep PocketBase's
// behaviour: they hold sign-in records, no programme data, and PocketBase itself keeps the
// last superuser.
func bindTruncateGuard(e *core.ServeEvent) {
	e.Router.BindFunc(func(e *core.RequestEvent) error {
		if e.Request.Pattern != truncateRoute || !e.HasSuperuserAuth() {
			return e.Next() // PocketBase refuses anyone else itself
		}
		collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
		if err != nil || collection.System {
			return e.Next()
		}
		return e.ForbiddenError("The programme's collections are never truncated: records go one at a time, under their rules, and people by erasure.", nil)
	})
}
