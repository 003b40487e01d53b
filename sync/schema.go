package sync

import (
	"net/http"
	"strconv"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Codes of the X-Duo-Schema check.
const (
	CodeSchemaMissing = "duo_sync_schema_missing"
	CodeSchemaNewer   = "duo_sync_schema_newer"
)

// newerAppRetry is how long an app newer than the server waits before it asks again (the
// server is usually updated within the day an app release needs it).
const newerAppRetry = "3600"

// checkSchema holds a sync request to the version of the contract its app speaks: the
// X-Duo-Schema header is required; an app older than MinSchemaVersion is told to update
// (426); an app newer than the server keeps its changes and tries again later (503 with
// Retry-After), since the server, not the app, is behind. Every sync answer names the
// server's version in the same header.
func checkSchema(e *core.RequestEvent) error {
	e.Response.Header().Set(SchemaHeader, strconv.Itoa(SchemaVersion))
	raw := e.Request.Header.Get(SchemaHeader)
	v, err := strconv.Atoi(raw)
	switch {
	case raw == "" || err != nil || v < 0:
		return badRequest("Send the X-Duo-Schema header with the version of the sync contract the app speaks.",
			schemaError(CodeSchemaMissing, "Send X-Duo-Schema: {{.version}}."))
	case v < MinSchemaVersion:
		return router.NewApiError(http.StatusUpgradeRequired, "This version of the app is too old; please update it.",
			schemaError(CodeSchema, "Supported: {{.version}}."))
	case v > SchemaVersion:
		e.Response.Header().Set("Retry-After", newerAppRetry)
		return router.NewApiError(http.StatusServiceUnavailable,
			"This app is newer than the server; your changes stay on the phone and are sent once the server is updated.",
			schemaError(CodeSchemaNewer, "This server speaks version {{.version}}."))
	}
	return nil
}

func schemaError(code, message string) validation.Errors {
	return validation.Errors{"schema": validation.NewError(code, message).
		SetParams(map[string]any{"version": SchemaVersion, "min": MinSchemaVersion})}
}
