package hooks

import (
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/input"
	"github.com/duoforajob/duo/lifecycle"
)

// bindRequestGuards refines the API rules for people (which fields, which moves) and lets
// the model hooks know who is saving, for the duo history.
func bindRequestGuards(app core.App, collections []string, now func() time.Time) {
	guard := func(op access.Op) func(e *core.RecordRequestEvent) error {
		return func(e *core.RecordRequestEvent) error {
			actor := access.ActorFrom(e.Auth)
			if err := access.CheckWrite(e.App, actor, op, e.Record); err != nil {
				return err
			}
			if op == access.Delete {
				if err := lifecycle.CheckDelete(e.App, actor, e.Record, now()); err != nil {
					return err
				}
			}
			defer access.Attach(e.Record, actor)()
			return e.Next()
		}
	}
	app.OnRecordCreateRequest(collections...).BindFunc(guard(access.Create))
	app.OnRecordUpdateRequest(collections...).BindFunc(guard(access.Update))
	app.OnRecordDeleteRequest(collections...).BindFunc(guard(access.Delete))
}

// Routes whose body is record data.
const (
	createRecordRoute = "POST /api/collections/{collection}/records"
	updateRecordRoute = "PATCH /api/collections/{collection}/records/{id}"
)

// bindInputGuard checks submitted record data before PocketBase reads it: by the time the
// record hooks run, "abc" for a number has already become 0 and a bad date "no date".
func bindInputGuard(e *core.ServeEvent) {
	e.Router.BindFunc(func(e *core.RequestEvent) error {
		if p := e.Request.Pattern; p != createRecordRoute && p != updateRecordRoute {
			return e.Next()
		}
		collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
		if err != nil {
			return e.Next() // PocketBase answers 404 itself
		}
		info, err := e.RequestInfo()
		if err != nil {
			return e.BadRequestError("Failed to read the submitted data.", err)
		}
		rule := collection.CreateRule
		if e.Request.Method == "PATCH" {
			rule = collection.UpdateRule
		}
		if rule == nil && !info.HasSuperuserAuth() {
			return e.Next() // PocketBase refuses it outright (403): the data does not matter
		}
		lenient := !strings.HasPrefix(e.Request.Header.Get("Content-Type"), "application/json")
		if err := input.Shape(collection, info.Body, lenient); err != nil {
			return e.BadRequestError("Some values have the wrong type.", err)
		}
		if err := access.CheckReach(e.App, info, collection, info.Body); err != nil {
			return e.BadRequestError("Some linked records cannot be found.", err)
		}
		return e.Next()
	})
}
