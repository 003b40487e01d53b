package sync

import (
	"errors"
	"regexp"
	"slices"
	"sort"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/input"
	"github.com/duoforajob/duo/lifecycle"
)

var recordIDPattern = regexp.MustCompile(`^[a-z0-9]{15}$`)

// notPushable are fields a phone never writes through sync: identity and sign-in matters
// have their own PocketBase routes, and the server keeps the timestamps.
var notPushable = []string{core.FieldNameId, "created", "updated", core.FieldNamePassword,
	core.FieldNameTokenKey, core.FieldNameEmail, core.FieldNameEmailVisibility, core.FieldNameVerified}

// ReadOnlyCollections are synced down only: a push to them is refused. Sessions and
// attendance are the coordinators', kept through the console (REST).
var ReadOnlyCollections = []string{"branches", "duo_events", "sessions", "attendance", "sync_conflicts"}

// asRead are the keys of a record as the REST API returns it that are not its fields: an
// app that sends a record back as it read it is taken as REST takes it, these ignored.
var asRead = []string{"collectionId", "collectionName", "expand", "created", "updated"}

// unchangedAsRead are fields a phone never changes through sync but finds in a record it
// read (its own account): sent back unchanged they are ignored, as REST ignores them.
var unchangedAsRead = []string{core.FieldNameEmail, core.FieldNameEmailVisibility, core.FieldNameVerified}

// apply applies one mutation in the push's transaction. An error stops the whole push.
func (s *Syncer) apply(tx core.App, pc pushContext, m Mutation) (Result, error) {
	m.Fields = withoutReadOnlyKeys(m)
	collection, bad := checkMutation(tx, m)
	if bad != nil {
		return pc.rejected(m.Mid, bad), nil
	}
	if m.Op != "create" {
		if bad := s.checkBase(tx, pc, m); bad != nil {
			return pc.rejected(m.Mid, bad), nil
		}
	}
	info := *pc.info
	info.Body = m.Fields
	pc.info = &info
	switch m.Op {
	case "create":
		return s.create(tx, pc, collection, m)
	case "update":
		return s.update(tx, pc, collection, m)
	default:
		return s.remove(tx, pc, collection, m)
	}
}

// checkMutation refuses what no person may push, naming what is wrong.
func checkMutation(app core.App, m Mutation) (*core.Collection, error) {
	if m.Problem != "" {
		return nil, mutationError(CodeMalformed, "This change cannot be read.", map[string]any{"why": m.Problem})
	}
	collection, err := app.FindCachedCollectionByNameOrId(m.Collection)
	if err != nil || !slices.Contains(access.SyncedCollections, m.Collection) || slices.Contains(ReadOnlyCollections, m.Collection) {
		return nil, mutationError(CodeCollection, "Not a collection the app writes: {{.collection}}.",
			map[string]any{"collection": m.Collection})
	}
	if !slices.Contains([]string{"create", "update", "delete"}, m.Op) {
		return nil, mutationError(CodeOp, "An operation is create, update or delete.", nil)
	}
	if !recordIDPattern.MatchString(m.ID) {
		return nil, mutationError(CodeID, "A record id is 15 characters, a-z and 0-9, made by the app for a create.", nil)
	}
	unknown := validation.Errors{}
	for name := range m.Fields {
		if m.Op == "update" && slices.Contains(unchangedAsRead, name) {
			continue // allowed unchanged only: update decides
		}
		if collection.Fields.GetByName(name) == nil || slices.Contains(notPushable, name) {
			unknown[name] = validation.NewError(CodeField, "Not a field the app writes.")
		}
	}
	if len(unknown) > 0 {
		return nil, unknown
	}
	if err := input.Shape(collection, m.Fields, false); err != nil {
		return nil, err
	}
	return collection, nil
}

// withoutReadOnlyKeys drops what a record read from the REST API carries besides its
// fields, and its own id (another id is refused by checkMutation).
func withoutReadOnlyKeys(m Mutation) map[string]any {
	if len(m.Fields) == 0 {
		return m.Fields
	}
	fields := make(map[string]any, len(m.Fields))
	for name, value := range m.Fields {
		if slices.Contains(asRead, name) || (name == core.FieldNameId && value == m.ID) {
			continue
		}
		fields[name] = value
	}
	return fields
}

// checkBase refuses a base this server did not give this person: it cannot tell what the
// author had seen, and reading it as "saw nothing" would turn every field into a conflict.
// A base of an earlier epoch or below the pruning horizon is the server's own and stays a
// stale base.
func (s *Syncer) checkBase(tx core.App, pc pushContext, m Mutation) error {
	if m.Base == "" {
		return nil
	}
	meta, err := loadMeta(tx)
	if err != nil {
		return nil // changedSince treats it as stale
	}
	if base, err := decodeCursor(m.Base, meta.secret); err != nil || base.User != pc.user.Id {
		return mutationError(CodeBase, "Not a base this server gave you: send the cursor of your last pull before the edit.", nil)
	}
	return nil
}

// codedError is a problem of the whole mutation, not of one field.
type codedError struct {
	code, message string
	params        map[string]any
}

func (e codedError) Error() string { return e.message }

// mutationError refuses a mutation as a whole, with one of the codes of errors.go.
func mutationError(code, message string, params map[string]any) error {
	return codedError{code: code, message: message, params: params}
}

func (s *Syncer) create(tx core.App, pc pushContext, collection *core.Collection, m Mutation) (Result, error) {
	record := core.NewRecord(collection)
	record.Id = m.ID
	for name, value := range m.Fields {
		record.Set(name, value)
	}
	if err := access.CheckReach(tx, pc.info, collection, m.Fields); err != nil {
		return pc.rejected(m.Mid, err), nil
	}
	if ok, err := access.CanCreate(tx, pc.info, record); err != nil || !ok {
		return pc.rejected(m.Mid, mutationError(CodeForbidden, "You may not create this.", nil)), nil
	}
	r, err := s.save(tx, pc, record, access.Create, m.Mid, Applied, nil)
	if _, taken := r.Fields[core.FieldNameId]; taken && r.Status == Rejected {
		// PocketBase refuses an id already in use; say it in sync's words.
		return pc.rejected(m.Mid, mutationError(CodeIDTaken, "A record with this id already exists.", nil)), err
	}
	return r, err
}

func (s *Syncer) update(tx core.App, pc pushContext, collection *core.Collection, m Mutation) (Result, error) {
	record, r, err := s.target(tx, pc, collection, m, collection.UpdateRule)
	if record == nil || err != nil {
		return r, err
	}
	for _, name := range unchangedAsRead {
		v, sent := m.Fields[name]
		switch {
		case !sent:
		case sameValue(normalized(record, name, v), record.Get(name)):
			delete(m.Fields, name)
		default:
			return pc.rejected(m.Mid, validation.Errors{name: validation.NewError(CodeField, "Not a field the app writes.")}), nil
		}
	}
	// A change the person may not make is refused as such, whatever others did meanwhile.
	intended := record.Fresh()
	_ = intended.PostScan() // its Original() is the stored state, so rights see what would change
	for name, value := range m.Fields {
		intended.Set(name, value)
	}
	if err := access.CheckWrite(tx, access.ActorFrom(pc.user), access.Update, intended); err != nil {
		return pc.rejected(m.Mid, err), nil
	}
	since := s.changedSince(tx, pc, m)
	conflicts := map[string]any{}
	applied := map[string]any{}
	for _, name := range sortedKeys(m.Fields) {
		server, client := record.Get(name), normalized(record, name, m.Fields[name])
		if since.includes(name) && !sameValue(server, client) {
			conflicts[name] = map[string]any{"server": server, "client": client}
			continue
		}
		applied[name] = m.Fields[name]
		record.Set(name, m.Fields[name])
	}
	if err := access.CheckReach(tx, pc.info, collection, applied); err != nil {
		return pc.rejected(m.Mid, err), nil
	}
	if len(conflicts) > 0 {
		// What loses a conflict is kept for its author: only if it could have been saved.
		if err := tx.Validate(intended); err != nil {
			if !refusal(err) {
				return Result{}, err
			}
			return pc.rejected(m.Mid, err), nil
		}
	}
	status := Applied
	if len(conflicts) > 0 {
		status = Conflict
		if err := keepLosingSide(tx, pc, record, m, "update", since.reason(), conflicts); err != nil {
			return Result{}, err
		}
	}
	if len(applied) == 0 {
		return pc.resultOf(m.Mid, status, conflicts), nil // nothing of it to write
	}
	return s.save(tx, pc, record, access.Update, m.Mid, status, conflicts)
}

func (s *Syncer) remove(tx core.App, pc pushContext, collection *core.Collection, m Mutation) (Result, error) {
	record, r, err := s.target(tx, pc, collection, m, collection.DeleteRule)
	if record == nil || err != nil {
		if r.Code == CodeDeleted {
			return Result{Mid: m.Mid, Status: Applied}, nil // already gone: what the author wanted
		}
		return r, err
	}
	if since := s.changedSince(tx, pc, m); since.any() {
		// Someone else changed it since the author last saw it: it stays, and they are told.
		if err := keepLosingSide(tx, pc, record, m, "delete", since.reason(), map[string]any{}); err != nil {
			return Result{}, err
		}
		return pc.conflict(m.Mid, map[string]any{}), nil
	}
	actor := access.ActorFrom(pc.user).Via(pc.client)
	if err := access.CheckWrite(tx, actor, access.Delete, record); err != nil {
		return pc.rejected(m.Mid, err), nil
	}
	if err := lifecycle.CheckDelete(tx, actor, record, s.now()); err != nil {
		return pc.rejected(m.Mid, err), nil
	}
	defer access.Attach(record, actor)()
	return s.write(tx, pc, m.Mid, Applied, nil, func() error { return tx.Delete(record) })
}

// target loads the record a mutation changes, held to the collection's API rule like the
// REST API: a record the person may not change is "not found" to them.
func (s *Syncer) target(tx core.App, pc pushContext, collection *core.Collection, m Mutation, rule *string) (*core.Record, Result, error) {
	record, err := tx.FindRecordById(collection, m.ID)
	if err != nil {
		// A record deleted where the person could see it: their edit meets the deletion. One
		// they never could (another branch's): exactly as if it had never existed.
		if deletedInSight(tx, pc, m.Collection, m.ID) {
			if m.Op == "update" {
				return nil, s.updateOfDeleted(tx, pc, collection, m), nil
			}
			return nil, Result{Mid: m.Mid, Status: Rejected, Code: CodeDeleted}, nil
		}
		return nil, pc.rejected(m.Mid, mutationError(CodeNotFound, "Not found, or not yours to change.", nil)), nil
	}
	if ok, err := tx.CanAccessRecord(record, pc.info, rule); err != nil || !ok {
		return nil, pc.rejected(m.Mid, mutationError(CodeNotFound, "Not found, or not yours to change.", nil)), nil
	}
	return record, Result{}, nil
}

// save checks a person's field rights and saves, reporting validation as a rejection.
func (s *Syncer) save(tx core.App, pc pushContext, record *core.Record, op access.Op, mid int64, status string, conflicts map[string]any) (Result, error) {
	actor := access.ActorFrom(pc.user).Via(pc.client)
	if err := access.CheckWrite(tx, actor, op, record); err != nil {
		return pc.rejected(mid, err), nil
	}
	defer access.Attach(record, actor)()
	return s.write(tx, pc, mid, status, conflicts, func() error { return tx.Save(record) })
}

// write runs a save or delete. If it fails having written nothing (validation refused it),
// the mutation is rejected and the push goes on; if it wrote rows before failing, the whole
// push is replayed without it.
func (s *Syncer) write(tx core.App, pc pushContext, mid int64, status string, conflicts map[string]any, do func() error) (Result, error) {
	before := totalChanges(tx)
	err := do()
	if err == nil {
		return pc.resultOf(mid, status, conflicts), nil
	}
	if !refusal(err) {
		return Result{}, err // trouble, not a refusal: nothing of the push is applied
	}
	r := pc.rejected(mid, err)
	if totalChanges(tx) != before {
		return r, writtenThenFailed{result: r}
	}
	return r, nil
}

// refusal tells a rule's or a validation's answer from trouble (a full disk, a broken file).
func refusal(err error) bool {
	var fieldErrs validation.Errors
	var apiErr *router.ApiError
	var coded codedError
	return errors.As(err, &fieldErrs) || errors.As(err, &apiErr) || errors.As(err, &coded)
}

func totalChanges(tx core.App) int64 {
	var n int64
	_ = tx.DB().NewQuery("SELECT total_changes()").Row(&n)
	return n
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
