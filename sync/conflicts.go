package sync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/i18n"
)

// since is what others changed in a record after the author's base.
type since struct {
	stale  bool // the base cannot be read against this log (another epoch, pruned, forged)
	fields []string
}

func (s since) includes(field string) bool {
	return s.stale || slices.Contains(s.fields, field) || slices.Contains(s.fields, allFields)
}

func (s since) any() bool { return s.stale || len(s.fields) > 0 }

func (s since) reason() string {
	if s.stale {
		return "stale_base"
	}
	return "changed"
}

// changedSince reads the changelog for the fields of the record that someone other than this
// app install changed after the mutation's base. No base means "since the beginning": an app
// that edits what it created offline before its first pull conflicts with nobody. A base the
// log cannot answer for makes every differing field a conflict: the author is told, rather
// than an edit being lost in silence.
func (s *Syncer) changedSince(tx core.App, pc pushContext, m Mutation) since {
	var baseSeq int64
	if m.Base != "" {
		meta, err := loadMeta(tx)
		if err != nil {
			return since{stale: true}
		}
		base, err := decodeCursor(m.Base, meta.secret)
		if err != nil || base.Epoch != meta.epoch || base.User != pc.user.Id || base.Seq < meta.horizon ||
			rewound(tx, base) {
			return since{stale: true}
		}
		baseSeq = base.Seq
	}
	var rows []string
	_ = tx.DB().Select("fields").From("_sync_changes").
		Where(dbx.HashExp{"collection": m.Collection, "record_id": m.ID}).
		AndWhere(dbx.NewExp("seq > {:base} AND client != {:client}", dbx.Params{"base": baseSeq, "client": pc.client})).
		Column(&rows)
	var found since
	for _, fields := range rows {
		for _, f := range strings.Split(fields, ",") {
			if f != "" && !slices.Contains(found.fields, f) {
				found.fields = append(found.fields, f)
			}
		}
	}
	return found
}

// normalized is the client's value as the field would store it, to compare with the server's.
func normalized(record *core.Record, field string, value any) any {
	probe := record.Fresh()
	probe.Set(field, value)
	return probe.Get(field)
}

func sameValue(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// deletedInSight reports a record whose last change is its deletion, made where the person
// pushing belongs to one of its audiences (they could read it when it went).
func deletedInSight(tx core.App, pc pushContext, collection, id string) bool {
	var last struct {
		Seq int64  `db:"seq"`
		Op  string `db:"op"`
	}
	err := tx.DB().Select("seq", "op").From("_sync_changes").Where(dbx.HashExp{"collection": collection, "record_id": id}).
		OrderBy("seq DESC").Limit(1).One(&last)
	if err != nil || last.Op != OpDelete {
		return false
	}
	memberships := access.Memberships(tx, pc.user)
	var n int
	err = tx.DB().NewQuery("SELECT COUNT(*) FROM _sync_audiences WHERE seq = {:seq} AND audience IN (" +
		placeholders(len(memberships)) + ")").Bind(withAudiences(memberships, dbx.Params{"seq": last.Seq})).Row(&n)
	return err == nil && n > 0
}

// updateOfDeleted answers an edit of a record someone else deleted: the deletion stands, and
// the edit is kept for its author if its values are valid ones.
func (s *Syncer) updateOfDeleted(tx core.App, pc pushContext, collection *core.Collection, m Mutation) Result {
	if err := validValues(tx, collection, m.Fields); err != nil {
		return pc.rejected(m.Mid, err)
	}
	values := map[string]any{}
	for name, v := range m.Fields {
		values[name] = map[string]any{"server": nil, "client": v}
	}
	if err := saveConflict(tx, pc, m, "update", "deleted", pc.user.GetString("branch"), values); err != nil {
		return pc.rejected(m.Mid, err)
	}
	r := pc.conflict(m.Mid, values)
	r.Code = CodeDeleted
	r.Message, _ = i18n.Code(pc.locale, r.Code, nil)
	return r
}

// validValues checks each value with its field's own validation (length, range, whole
// number, choices), for an edit whose record is gone and cannot be validated whole.
func validValues(tx core.App, collection *core.Collection, fields map[string]any) error {
	probe := core.NewRecord(collection)
	errs := validation.Errors{}
	for name, value := range fields {
		f := collection.Fields.GetByName(name)
		if f == nil {
			continue
		}
		probe.Set(name, value)
		if err := f.ValidateValue(context.Background(), tx, probe); err != nil {
			errs[name] = err
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// keepLosingSide stores what lost a conflict where its author and the branch's coordinators
// can read it.
func keepLosingSide(tx core.App, pc pushContext, record *core.Record, m Mutation, op, reason string, values map[string]any) error {
	return saveConflict(tx, pc, m, op, reason, branchOf(tx, record), values)
}

func saveConflict(tx core.App, pc pushContext, m Mutation, op, reason, branch string, values map[string]any) error {
	collection, err := tx.FindCachedCollectionByNameOrId("sync_conflicts")
	if err != nil {
		return err
	}
	c := core.NewRecord(collection)
	c.Load(map[string]any{"author": pc.user.Id, "branch": branch, "client": pc.client, "mid": m.Mid,
		"target_collection": m.Collection, "target_id": m.ID, "op": op, "reason": reason, "values": values})
	return tx.Save(c)
}

// branchOf is the branch a record belongs to, for the coordinators who read its conflicts.
func branchOf(app core.App, record *core.Record) string {
	for _, a := range access.Audiences(app, record) {
		if branch, ok := strings.CutPrefix(a, "staff:"); ok {
			return branch
		}
	}
	return ""
}

// rejected turns a refusal into a result in the person's language, naming fields like the
// REST API does.
func (pc pushContext) rejected(mid int64, err error) Result {
	r := Result{Mid: mid, Status: Rejected}
	var coded codedError
	if errors.As(err, &coded) {
		r.Code = coded.code
		r.Message, _ = i18n.Code(pc.locale, coded.code, coded.params)
		if r.Message == "" {
			r.Message = coded.message
		}
		return r
	}
	apiErr := router.ToApiError(err)
	var fieldErrs validation.Errors
	if errors.As(err, &fieldErrs) {
		apiErr = router.NewBadRequestError("Some values are not valid.", fieldErrs)
	}
	i18n.Localize(apiErr, pc.locale)
	r.Code = CodeInvalid
	if apiErr.Status == 403 {
		r.Code = CodeForbidden
	}
	r.Message = apiErr.Message
	if len(apiErr.Data) > 0 {
		r.Fields = apiErr.Data
	}
	return r
}

// conflict is the result of a mutation that lost some fields (or its deletion) to others.
func (pc pushContext) conflict(mid int64, values map[string]any) Result {
	message, _ := i18n.Code(pc.locale, CodeConflict, nil)
	r := Result{Mid: mid, Status: Conflict, Code: CodeConflict, Message: message}
	if len(values) > 0 {
		r.Fields = values
	}
	return r
}

// resend is the result of a mutation left for later: the push stopped at a gap.
func (pc pushContext) resend(mid, from int64) Result {
	message, _ := i18n.Code(pc.locale, CodeGap, map[string]any{"from": from})
	return Result{Mid: mid, Status: Resend, Code: CodeGap, Message: message}
}

func (pc pushContext) resultOf(mid int64, status string, conflicts map[string]any) Result {
	if status == Conflict {
		return pc.conflict(mid, conflicts)
	}
	return Result{Mid: mid, Status: status}
}
