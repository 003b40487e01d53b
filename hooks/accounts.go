package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// bindAccountFields shows of an account only what its reader may read (access.
// HiddenAccountFields): PocketBase enriches every record it answers (REST lists and views,
// expands, realtime events, sync pulls through apis.EnrichRecords) through this one hook, so
// they all agree. It hides after the rest of the enrichment, which unhides for superusers.
func bindAccountFields(app core.App) {
	app.OnRecordEnrich("users").BindFunc(func(e *core.RecordEnrichEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		var reader *core.Record
		if e.RequestInfo != nil {
			reader = e.RequestInfo.Auth
		}
		e.Record.Hide(access.HiddenAccountFields(reader, e.Record)...)
		return nil
	})
}

// Routes with which PocketBase lets people change their own e-mail address, whatever the
// update rule says, once SMTP is set.
const (
	requestEmailChangeRoute = "POST /api/collections/{collection}/request-email-change"
	confirmEmailChangeRoute = "POST /api/collections/{collection}/confirm-email-change"
)

// emailChangeRefused answers every such request of the programme's people alike, before
// anything is looked up: an address already taken and a free one get the same answer.
const emailChangeRefused = "Your coordinator changes your e-mail address."

// bindEmailChangeGuard closes PocketBase's e-mail change routes to the people's accounts:
// a person's address is changed by their coordinator (PATCH email), who knows the person.
// Superusers keep the routes for their own accounts.
func bindEmailChangeGuard(e *core.ServeEvent) {
	e.Router.BindFunc(func(e *core.RequestEvent) error {
		if p := e.Request.Pattern; p != requestEmailChangeRoute && p != confirmEmailChangeRoute {
			return e.Next()
		}
		collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
		if err != nil || collection.Name != "users" {
			return e.Next()
		}
		return e.ForbiddenError(emailChangeRefused, nil)
	})
}
