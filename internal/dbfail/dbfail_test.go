package dbfail_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/internal/dbfail"
)

// sqliteErrors makes real errors of SQLite, one per result code the tests need.
func sqliteErrors(t *testing.T) map[string]error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.db")
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	for _, q := range []string{"CREATE TABLE t (id TEXT PRIMARY KEY, b BLOB)", "INSERT INTO t VALUES ('a', 'x')"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]error{}
	_, out["constraint"] = db.Exec("INSERT INTO t VALUES ('a', 'y')")
	_, out["syntax"] = db.Exec("INSERT INTO nowhere VALUES (1)")

	var pages int
	db.QueryRow("PRAGMA page_count").Scan(&pages)
	db.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages))
	_, out["full"] = db.Exec("INSERT INTO t VALUES ('b', zeroblob(100000))")
	db.Exec("PRAGMA max_page_count = 1000000")

	db.Exec("PRAGMA query_only = 1")
	_, out["readonly"] = db.Exec("INSERT INTO t VALUES ('c', 'x')")
	db.Exec("PRAGMA query_only = 0")

	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	ctx := context.Background()
	lock, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	db.Exec("PRAGMA busy_timeout = 0")
	_, out["busy"] = db.Exec("INSERT INTO t VALUES ('d', 'x')")
	lock.ExecContext(ctx, "ROLLBACK")
	lock.Close()
	return out
}

// resolver stands for PocketBase's batch error, which hides a request's error behind Resolve.
type resolver struct{ inner error }

func (r resolver) Error() string { return "Batch request failed." }
func (r resolver) Code() string  { return "batch_request_failed" }
func (r resolver) Resolve(data map[string]any) any {
	data["response"] = r.inner
	return data
}

func TestIs(t *testing.T) {
	real := sqliteErrors(t)
	for name, code := range map[string]int{"full": 13, "busy": 5, "readonly": 8, "constraint": 1555, "syntax": 1} {
		if got := dbfail.Code(real[name]); got != code {
			t.Fatalf("the %s error has SQLite code %d, want %d (%v)", name, got, code, real[name])
		}
	}
	full := real["full"]
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"a full disk", full, true},
		{"a busy database", real["busy"], true},
		{"a read-only database", real["readonly"], true},
		{"a unique constraint is the request's", real["constraint"], false},
		{"a syntax error is not the storage's", real["syntax"], false},
		{"a wrapped full disk", fmt.Errorf("saving: %w", full), true},
		{"a transaction whose rollback failed after a full disk", dbx.Errors{full, errors.New("cannot rollback")}, true},
		{"a full disk joined to another error", errors.Join(errors.New("hook"), full), true},
		{"PocketBase's 400 around a full disk", router.NewBadRequestError("Failed to create record", full), true},
		{"an API error around an API error around a full disk",
			router.NewInternalServerError("", router.NewBadRequestError("", fmt.Errorf("tx: %w", full))), true},
		{"a batch request's full disk", router.NewBadRequestError("Batch transaction failed.", validation.Errors{
			"requests": validation.Errors{"0": resolver{router.NewBadRequestError("", full)}}}), true},
		{"a file write on a full disk", &os.PathError{Op: "write", Path: "f", Err: syscall.ENOSPC}, true},
		{"an I/O error", fmt.Errorf("read: %w", syscall.EIO), true},
		{"a validation error", validation.Errors{"minutes": validation.NewError("validation_min", "too short")}, false},
		{"a record not found", sql.ErrNoRows, false},
		{"an API error without a cause", router.NewBadRequestError("Invalid request.", nil), false},
		{"nil", nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := dbfail.Is(c.err); got != c.want {
				t.Errorf("Is(%v) = %v, want %v", c.err, got, c.want)
			}
		})
	}
}
