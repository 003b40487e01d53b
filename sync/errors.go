package sync

// Error codes of sync requests and results; their texts in every language are in
// i18n/locales.
const (
	CodeLimit       = "duo_sync_limit"
	CodeCursor      = "duo_sync_cursor"
	CodeBody        = "duo_sync_body"
	CodeSchema      = "duo_sync_schema"
	CodeClientTaken = "duo_sync_client_taken"
	CodeMalformed   = "duo_sync_malformed"
	CodeCollection  = "duo_sync_collection"
	CodeOp          = "duo_sync_op"
	CodeID          = "duo_sync_id"
	CodeField       = "duo_sync_field"
	CodeIDTaken     = "duo_sync_id_taken"
	CodeForbidden   = "duo_sync_forbidden"
	CodeNotFound    = "duo_sync_not_found"
	CodeDeleted     = "duo_sync_deleted"
	CodeInvalid     = "duo_sync_invalid"
	CodeConflict    = "duo_sync_conflict"
	CodeGap         = "duo_sync_gap"
	CodeBase        = "duo_sync_base"
)

// ResultCodes are the codes a push's result may carry (the others answer a whole request).
var ResultCodes = []string{CodeMalformed, CodeCollection, CodeOp, CodeID, CodeField, CodeIDTaken, CodeForbidden,
	CodeNotFound, CodeDeleted, CodeInvalid, CodeConflict, CodeGap, CodeBase}
