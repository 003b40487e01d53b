// Package sync keeps phones' offline copies in step with the server: a changelog numbered in
// commit order, pull, push with field-level conflicts, and realtime pokes.
package sync

import (
	"slices"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// Kinds of change rows.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
	OpJoin   = "join"  // a person starts belonging to an audience (record_id holds it)
	OpLeave  = "leave" // a person stops belonging to an audience
)

// allFields marks a change to the whole record (created or deleted).
const allFields = "*"

// change is one row of the changelog, with whom it concerns.
type change struct {
	collection, recordID, op, fields, client string
	audiences                                []string
	held                                     []recordRef // for a leave: what the person held through the audience
}

type recordRef struct{ collection, id string }

// writeChange appends a change in the caller's transaction. Its seq is assigned by SQLite
// inside that transaction, and SQLite has one writer at a time: seqs follow commit order.
func writeChange(app core.App, c change, now time.Time) (int64, error) {
	res, err := app.DB().Insert("_sync_changes", dbx.Params{"at": now.UnixMilli(), "collection": c.collection,
		"record_id": c.recordID, "op": c.op, "fields": c.fields, "client": c.client}).Execute()
	if err != nil {
		return 0, err
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if err := insertMany(app, "_sync_audiences", []string{"audience", "seq"}, uniqueNonEmpty(c.audiences),
		func(a string) []any { return []any{a, seq} }); err != nil {
		return 0, err
	}
	return seq, insertMany(app, "_sync_leaves", []string{"seq", "collection", "record_id"}, c.held,
		func(r recordRef) []any { return []any{seq, r.collection, r.id} })
}

// insertMany inserts rows in statements of up to 200 rows.
func insertMany[T any](app core.App, table string, columns []string, items []T, row func(T) []any) error {
	for start := 0; start < len(items); start += 200 {
		chunk := items[start:min(start+200, len(items))]
		var sql strings.Builder
		sql.WriteString("INSERT OR IGNORE INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
		params := dbx.Params{}
		for i, item := range chunk {
			if i > 0 {
				sql.WriteString(", ")
			}
			sql.WriteString("(")
			for j, v := range row(item) {
				if j > 0 {
					sql.WriteString(", ")
				}
				name := "p" + strconv.Itoa(i) + "_" + strconv.Itoa(j)
				sql.WriteString("{:" + name + "}")
				params[name] = v
			}
			sql.WriteString(")")
		}
		if _, err := app.DB().NewQuery(sql.String()).Bind(params).Execute(); err != nil {
			return err
		}
	}
	return nil
}

func uniqueNonEmpty(audiences []string) []string {
	out := make([]string, 0, len(audiences))
	for _, a := range audiences {
		if !strings.HasSuffix(a, ":") && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// tombstones holds the audiences of records about to be deleted by a cascade: once their
// parent (a duo, a person) is gone, they could no longer be worked out.
type tombstones struct {
	mu    gosync.Mutex
	byKey map[string][]string
}

func (t *tombstones) put(collection, id string, audiences []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byKey == nil {
		t.byKey = map[string][]string{}
	}
	t.byKey[collection+"/"+id] = audiences
}

func (t *tombstones) take(collection, id string) ([]string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	a, ok := t.byKey[collection+"/"+id]
	delete(t.byKey, collection+"/"+id)
	return a, ok
}

// noteCascade works out, before a record is deleted, the audiences of every synced record
// that PocketBase will delete with it.
func (t *tombstones) noteCascade(app core.App, record *core.Record) error {
	refs, err := app.FindCachedCollectionReferences(record.Collection())
	if err != nil {
		return err
	}
	for collection, fields := range refs {
		if !slices.Contains(access.SyncedCollections, collection.Name) {
			continue
		}
		for _, f := range fields {
			if rel, ok := f.(*core.RelationField); !ok || !rel.CascadeDelete {
				continue
			}
			children, err := app.FindAllRecords(collection, dbx.HashExp{f.GetName(): record.Id})
			if err != nil {
				return err
			}
			for _, child := range children {
				t.put(collection.Name, child.Id, access.Audiences(app, child))
				if err := t.noteCascade(app, child); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
