// Package dbfail tells a failure of the server's own storage (disk full, database busy, I/O error) from a fault of the request.
package dbfail

import (
	"errors"
	"syscall"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/tools/router"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// serverCodes are SQLite's primary result codes that say nothing about the request: the same
// request may succeed once the disk has room, the lock is released, the file is readable or
// restored. A constraint (19) or a misuse stays the request's or the code's own fault.
var serverCodes = map[int]bool{
	sqlite3.SQLITE_BUSY:     true,
	sqlite3.SQLITE_LOCKED:   true,
	sqlite3.SQLITE_NOMEM:    true,
	sqlite3.SQLITE_READONLY: true,
	sqlite3.SQLITE_IOERR:    true,
	sqlite3.SQLITE_CORRUPT:  true,
	sqlite3.SQLITE_FULL:     true,
	sqlite3.SQLITE_CANTOPEN: true,
	sqlite3.SQLITE_PROTOCOL: true,
	sqlite3.SQLITE_NOTADB:   true,
}

// osErrors are the same failures of files outside SQLite (an uploaded file, a backup).
var osErrors = []error{syscall.ENOSPC, syscall.EDQUOT, syscall.EIO, syscall.EROFS}

// Is reports whether err is a failure of the server's storage, also when PocketBase wrapped it
// into an API error of its own (a 400 "could not be saved" keeps its cause as raw data).
func Is(err error) bool {
	return is(err, 0)
}

// Code is err's SQLite result code, 0 when it has none.
func Code(err error) int {
	var sqlErr *sqlite.Error
	if errors.As(err, &sqlErr) {
		return sqlErr.Code()
	}
	return 0
}

func is(err error, depth int) bool {
	if err == nil || depth > 8 {
		return false
	}
	if code := Code(err); code != 0 {
		return serverCodes[code&0xff] // extended codes (SQLITE_IOERR_WRITE, ...) keep the primary in the low byte
	}
	for _, target := range osErrors {
		if errors.Is(err, target) {
			return true
		}
	}
	// A transaction whose rollback failed too (SQLite already rolled back on SQLITE_FULL)
	// returns both errors as dbx.Errors; an API error hides its cause from errors.As; a batch
	// keeps each request's error in validation.Errors, behind a resolver ("response").
	var both dbx.Errors
	if errors.As(err, &both) {
		for _, item := range both {
			if is(item, depth+1) {
				return true
			}
		}
	}
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		if raw, ok := apiErr.RawData().(error); ok && is(raw, depth+1) {
			return true
		}
	}
	var list validation.Errors
	if errors.As(err, &list) {
		for _, item := range list {
			if is(item, depth+1) {
				return true
			}
		}
	}
	var resolver router.SafeErrorResolver
	if errors.As(err, &resolver) {
		if data, ok := resolver.Resolve(map[string]any{}).(map[string]any); ok {
			if inner, ok := data["response"].(error); ok && is(inner, depth+1) {
				return true
			}
		}
	}
	return false
}
