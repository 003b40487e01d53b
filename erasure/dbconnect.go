package erasure

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// pragmas are PocketBase's own (core.DefaultDBConnect), and secure_delete.
const pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32000)" +
	"&_pragma=secure_delete(ON)&_defensive=1"

// DBConnect opens PocketBase's databases as PocketBase does, with SQLite's secure_delete on:
// what a delete or an update removes is overwritten with zeros, so that an erased person does
// not linger in the file's free pages, nor in the backups that copy the file.
func DBConnect(dbPath string) (*dbx.DB, error) {
	return dbx.Open("sqlite", dbPath+pragmas)
}

var _ core.DBConnectFunc = DBConnect

// checkpoint moves what the write-ahead log holds into the database file and empties the log,
// so that the earlier versions of the pages an erasure rewrote are gone from it too. A reader
// still busy leaves the log to PocketBase's own checkpoints: the erasure stands either way.
func checkpoint(app core.App) {
	if app.IsTransactional() {
		return // inside a caller's transaction: the log is the caller's to finish
	}
	if _, err := app.DB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
		app.Logger().Warn("erasure: the write-ahead log could not be emptied now", "error", err)
	}
}

// freePagesCleared marks (SQLite's user_version, which PocketBase does not use) a database
// whose free pages were cleared since secure_delete is on.
const freePagesCleared = 1

// ClearFreePages rebuilds the database once (VACUUM), at the first start of a database made
// before secure_delete was on, or restored from such a backup: what was deleted before then
// leaves its free pages too. It answers whether it did.
func ClearFreePages(app core.App) (bool, error) {
	var version int
	if err := app.DB().NewQuery("PRAGMA user_version").Row(&version); err != nil {
		return false, err
	}
	if version >= freePagesCleared {
		return false, nil
	}
	if _, err := app.DB().NewQuery("VACUUM").Execute(); err != nil {
		return false, err
	}
	_, err := app.DB().NewQuery(fmt.Sprintf("PRAGMA user_version = %d", freePagesCleared)).Execute()
	return err == nil, err
}
