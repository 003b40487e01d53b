package sync

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/list"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/duoforajob/duo/access"
)

// audienceRecords lists every synced record of an audience, parents first.
func audienceRecords(app core.App, audience string) []recordRef {
	var refs []recordRef
	for _, collection := range access.SyncedCollections {
		filter, ok := access.AudienceFilter(collection, audience)
		if !ok {
			continue
		}
		var ids []string
		_ = app.DB().Select(collection + ".id").From(collection).AndWhere(filter).OrderBy(collection + ".id").Column(&ids)
		for _, id := range ids {
			refs = append(refs, recordRef{collection, id})
		}
	}
	return refs
}

// visibleQuery selects the records of a collection the person may read, by its view rule:
// the same answer the REST API gives, whatever the audiences say.
func visibleQuery(app core.App, info *core.RequestInfo, collection *core.Collection) (*dbx.SelectQuery, error) {
	query := app.RecordQuery(collection)
	if collection.ViewRule == nil {
		return query.AndWhere(dbx.NewExp("1 = 0")), nil // superusers only
	}
	if *collection.ViewRule == "" {
		return query, nil
	}
	resolver := core.NewRecordFieldResolver(app, collection, info, true)
	expr, err := search.FilterData(*collection.ViewRule).BuildExpr(resolver)
	if err != nil {
		return nil, err
	}
	query.AndWhere(expr)
	if err := resolver.UpdateQuery(query); err != nil {
		return nil, err
	}
	return query, nil
}

// visibleAfter returns up to limit records of a collection the person may read, ordered by
// id after the given one, optionally only those of an audience.
func visibleAfter(app core.App, info *core.RequestInfo, collectionName, audience, after string, limit int) ([]*core.Record, error) {
	collection, err := app.FindCachedCollectionByNameOrId(collectionName)
	if err != nil {
		return nil, err
	}
	query, err := visibleQuery(app, info, collection)
	if err != nil {
		return nil, err
	}
	if audience != "" {
		filter, ok := access.AudienceFilter(collectionName, audience)
		if !ok {
			return nil, nil
		}
		query.AndWhere(filter)
	}
	idColumn := collectionName + ".id"
	if after != "" {
		query.AndWhere(dbx.NewExp("[["+idColumn+"]] > {:after}", dbx.Params{"after": after}))
	}
	records := []*core.Record{}
	err = query.OrderBy(idColumn).Limit(int64(limit)).All(&records)
	return records, err
}

// visibleAmong returns which of the given records of a collection the person may read now.
func visibleAmong(app core.App, info *core.RequestInfo, collectionName string, ids []string) ([]*core.Record, error) {
	collection, err := app.FindCachedCollectionByNameOrId(collectionName)
	if err != nil {
		return nil, nil // a collection that no longer exists: its records are gone
	}
	query, err := visibleQuery(app, info, collection)
	if err != nil {
		return nil, err
	}
	records := []*core.Record{}
	err = query.AndWhere(dbx.In(collectionName+".id", list.ToInterfaceSlice(ids)...)).All(&records)
	return records, err
}
