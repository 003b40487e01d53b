package hooks

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/spf13/cast"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/access"
)

const listRecordsRoute = "GET /api/collections/{collection}/records"

// queryRefused is the answer to a filter or sort naming a field its caller may not query.
const queryRefused = "This filter or sort is not allowed."

// bindQueryGuard holds every client filter and sort of a record list to the fields people
// may query (access.CheckQuery): a filter is run inside the list rule's query, so it could
// otherwise test values of rows the caller cannot read, one yes/no at a time.
func bindQueryGuard(e *core.ServeEvent) {
	e.Router.BindFunc(func(e *core.RequestEvent) error {
		if e.Request.Pattern != listRecordsRoute || e.HasSuperuserAuth() {
			return e.Next()
		}
		collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
		if err != nil {
			return e.Next() // PocketBase answers 404 itself
		}
		q := e.Request.URL.Query()
		if err := access.CheckQuery(collection, q.Get("filter"), q.Get("sort")); err != nil {
			return e.BadRequestError(queryRefused, err)
		}
		return e.Next()
	})
}

// guardSubscriptions holds a realtime subscription's filter (options.query.filter, which
// decides which record events reach the client) to the same fields as a list's filter.
func guardSubscriptions(e *core.RealtimeSubscribeRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	for _, sub := range e.Subscriptions {
		topic, _, _ := strings.Cut(sub, "?")
		name, _, _ := strings.Cut(topic, "/") // "meetings/*", "meetings/<id>" or the older "meetings"
		collection, err := e.App.FindCachedCollectionByNameOrId(name)
		if err != nil {
			continue // not a collection (the sync topic): no record is ever sent on it
		}
		if err := access.CheckQuery(collection, subscriptionFilter(sub), ""); err != nil {
			return router.NewBadRequestError(queryRefused, err)
		}
	}
	return e.Next()
}

// subscriptionFilter is the filter of a subscription, read exactly as PocketBase reads it
// (tools/subscriptions Client.Subscribe: JSON in the "options" query parameter, unreadable
// options ignored, any value turned to text).
func subscriptionFilter(sub string) string {
	u, err := url.Parse(sub)
	if err != nil {
		return ""
	}
	raw := u.Query().Get("options")
	if raw == "" {
		return ""
	}
	var options struct {
		Query map[string]any `json:"query"`
	}
	_ = json.Unmarshal([]byte(raw), &options)
	return cast.ToString(options.Query["filter"])
}
