package access

import (
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/list"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/duoforajob/duo/internal/txmemo"
)

// CodeOutOfReach is PocketBase's own code for a relation to a record that does not exist, so
// that "not yours" and "does not exist" look the same to the caller (no probing of ids).
const CodeOutOfReach = "validation_missing_rel_records"

// CheckReach answers a 400 naming each relation field of the submitted data that points at a
// record the person may not see: a duo of another branch, a mentor of another branch. The
// API rules refuse such writes too, but without saying which field is wrong.
func CheckReach(app core.App, info *core.RequestInfo, collection *core.Collection, body map[string]any) error {
	if info.Auth == nil || info.HasSuperuserAuth() {
		return nil // anonymous callers get the API rules' answer; superusers reach everything
	}
	errs := validation.Errors{}
	for key, value := range body {
		name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(key, "+"), "+"), "-")
		relation, ok := collection.Fields.GetByName(name).(*core.RelationField)
		if !ok || strings.HasSuffix(key, "-") {
			continue // removing a relation needs no reach
		}
		ids := list.ToUniqueStringSlice(value)
		key := "reach." + info.Auth.Id + "." + relation.CollectionId + "." + strings.Join(ids, ",")
		ok, _ = txmemo.Get(app, key, func() (bool, error) { return reachable(app, info, relation.CollectionId, ids), nil })
		if !ok {
			errs[name] = validation.NewError(CodeOutOfReach, "Failed to find all relation records with the provided ids.")
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// reachable counts, in one query, the given ids of the target collection that the person may
// view under its view rule; all of them must be.
func reachable(app core.App, info *core.RequestInfo, collectionID string, ids []string) bool {
	ids = slices.DeleteFunc(ids, func(id string) bool { return id == "" })
	if len(ids) == 0 {
		return true
	}
	target, err := app.FindCachedCollectionByNameOrId(collectionID)
	if err != nil || target.ViewRule == nil {
		return false // superusers only, and superusers never get here
	}
	idColumn := target.Name + ".id"
	query := app.RecordQuery(target).Select("COUNT(DISTINCT [[" + idColumn + "]])").
		AndWhere(dbx.In(idColumn, list.ToInterfaceSlice(ids)...))
	if *target.ViewRule != "" {
		resolver := core.NewRecordFieldResolver(app, target, info, true)
		expr, err := search.FilterData(*target.ViewRule).BuildExpr(resolver)
		if err != nil {
			return false
		}
		query.AndWhere(expr)
		if err := resolver.UpdateQuery(query); err != nil {
			return false
		}
	}
	var visible int
	return query.Row(&visible) == nil && visible == len(ids)
}
