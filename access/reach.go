package access

import (
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/list"
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
		if !reachable(app, info, relation.CollectionId, list.ToUniqueStringSlice(value)) {
			errs[name] = validation.NewError(CodeOutOfReach, "Failed to find all relation records with the provided ids.")
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func reachable(app core.App, info *core.RequestInfo, collectionID string, ids []string) bool {
	target, err := app.FindCachedCollectionByNameOrId(collectionID)
	if err != nil {
		return false
	}
	for _, id := range ids {
		if id == "" {
			continue
		}
		record, err := app.FindRecordById(target, id)
		if err != nil {
			return false
		}
		if ok, err := app.CanAccessRecord(record, info, target.ViewRule); err != nil || !ok {
			return false
		}
	}
	return true
}
