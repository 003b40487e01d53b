package access

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/inflector"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/duoforajob/duo/internal/txmemo"
)

// CanCreate evaluates a collection's create rule against a record not saved yet, the way
// PocketBase's REST create does (apis/record_crud.go): the record's values stand in for the
// table in a CTE, so the rule can follow its relations (duo.mentor = @request.auth.id).
func CanCreate(app core.App, info *core.RequestInfo, record *core.Record) (bool, error) {
	collection := record.Collection()
	if info.HasSuperuserAuth() {
		return true, nil
	}
	if collection.CreateRule == nil {
		return false, nil
	}
	if *collection.CreateRule == "" {
		return true, nil
	}
	if key := createMemoKey(app, info, record); key != "" {
		return txmemo.Get(app, key, func() (bool, error) { return evaluateCreateRule(app, info, record) })
	}
	return evaluateCreateRule(app, info, record)
}

func evaluateCreateRule(app core.App, info *core.RequestInfo, record *core.Record) (bool, error) {
	collection := record.Collection()
	dummy := record.Clone()
	suffix := "__duo_create__" + security.PseudorandomString(6)
	if dummy.Id == "" {
		dummy.Id = "__temp_id__" + suffix
	}
	exported, err := dummy.DBExport(app)
	if err != nil {
		return false, err
	}
	params := make(dbx.Params, len(exported))
	selects := make([]string, 0, len(exported))
	for k, v := range exported {
		k = inflector.Columnify(k)
		params[suffix+k] = v
		selects = append(selects, "{:"+suffix+k+"} AS [["+k+"]]")
	}
	stand := *collection
	stand.Id += suffix
	stand.Name += inflector.Columnify(suffix)
	with := fmt.Sprintf("WITH {{%s}} as (SELECT %s)", stand.Name, strings.Join(selects, ","))

	query := app.DB().Select("(1)").PreFragment(with).From(stand.Name).AndBind(params)
	resolver := core.NewRecordFieldResolver(app, &stand, info, true)
	expr, err := search.FilterData(*stand.CreateRule).BuildExpr(resolver)
	if err != nil {
		return false, err
	}
	query.AndWhere(expr)
	if err := resolver.UpdateQuery(query); err != nil {
		return false, err
	}
	var exists int
	if err := query.Limit(1).Row(&exists); err != nil {
		return false, nil // no row: the rule refused
	}
	return exists > 0, nil
}
