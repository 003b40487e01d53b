package sync

import (
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// pager fills one page of a pull: enumerations under way first, then the changes after the
// cursor that concern the person's audiences, up to the limit.
type pager struct {
	app         core.App
	info        *core.RequestInfo
	user        *core.Record
	cur         cursor
	limit       int
	memberships []string
	candidates  []candidate
	seen        map[string]int
}

func (p *pager) full() bool { return len(p.candidates) >= p.limit }

func (p *pager) add(c candidate) {
	if p.seen == nil {
		p.seen = map[string]int{}
	}
	if i, ok := p.seen[c.key()]; ok {
		if c.record != nil {
			p.candidates[i].record = c.record
		}
		return
	}
	p.seen[c.key()] = len(p.candidates)
	p.candidates = append(p.candidates, c)
}

func (p *pager) fill() error {
	p.memberships = access.Memberships(p.app, p.user)
	for !p.full() {
		if p.cur.Phase != nil {
			done, err := p.continuePhase()
			if err != nil || !done {
				return err
			}
			continue
		}
		more, err := p.readChanges()
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// continuePhase adds the next records of the enumeration under way; it reports whether the
// enumeration is complete.
func (p *pager) continuePhase() (bool, error) {
	ph := p.cur.Phase
	if ph.Kind == "leave" {
		return p.continueLeave()
	}
	audience := ""
	if ph.Kind == "join" {
		audience = ph.Audience
	}
	for ph.Collection < len(access.SyncedCollections) {
		records, err := visibleAfter(p.app, p.info, access.SyncedCollections[ph.Collection], audience, ph.After, p.limit-len(p.candidates))
		if err != nil {
			return false, err
		}
		for _, r := range records {
			p.add(candidate{collection: r.Collection().Name, id: r.Id, record: r})
			ph.After = r.Id
		}
		if p.full() {
			return false, nil
		}
		ph.Collection++
		ph.After = ""
	}
	p.endPhase()
	return true, nil
}

// continueLeave adds what the person held through an audience they left; resolve turns each
// into a deletion unless they may still read it some other way.
func (p *pager) continueLeave() (bool, error) {
	ph := p.cur.Phase
	collection, id, _ := strings.Cut(ph.After, "/")
	rows := []struct {
		Collection string `db:"collection"`
		RecordID   string `db:"record_id"`
	}{}
	err := p.app.DB().Select("collection", "record_id").From("_sync_leaves").
		Where(dbx.HashExp{"seq": ph.At}).
		AndWhere(dbx.NewExp("(collection > {:c} OR (collection = {:c} AND record_id > {:r}))", dbx.Params{"c": collection, "r": id})).
		OrderBy("collection", "record_id").Limit(int64(p.limit - len(p.candidates))).All(&rows)
	if err != nil {
		return false, err
	}
	for _, r := range rows {
		p.add(candidate{collection: r.Collection, id: r.RecordID})
		ph.After = r.Collection + "/" + r.RecordID
	}
	if p.full() {
		return false, nil
	}
	p.endPhase()
	return true, nil
}

func (p *pager) endPhase() {
	if p.cur.Phase.Kind != "initial" {
		p.cur.Seq = p.cur.Phase.At // the join or leave itself is now behind the cursor
	}
	p.cur.Phase = nil
}

type changeRow struct {
	Seq        int64  `db:"seq"`
	Collection string `db:"collection"`
	RecordID   string `db:"record_id"`
	Op         string `db:"op"`
}

// readChanges adds the changes after the cursor that concern the person; it reports whether
// there may be more. A join or leave starts its enumeration where it stands in the log.
func (p *pager) readChanges() (bool, error) {
	rows := []changeRow{}
	err := p.app.DB().NewQuery("SELECT seq, collection, record_id, op FROM _sync_changes WHERE seq IN (" +
		"SELECT seq FROM _sync_audiences WHERE audience IN (" + placeholders(len(p.memberships)) + ") AND seq > {:after}" +
		") ORDER BY seq LIMIT {:limit}").Bind(p.audienceParams(dbx.Params{
		"after": p.cur.Seq, "limit": p.limit - len(p.candidates)})).All(&rows)
	if err != nil || len(rows) == 0 {
		return false, err
	}
	for _, row := range rows {
		switch row.Op {
		case OpJoin, OpLeave:
			p.cur.Phase = &phase{Kind: row.Op, Audience: row.RecordID, At: row.Seq}
			return true, nil
		default:
			p.add(candidate{collection: row.Collection, id: row.RecordID})
		}
		p.cur.Seq = row.Seq
	}
	return true, nil
}

func placeholders(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = "{:a" + strconv.Itoa(i) + "}"
	}
	return strings.Join(names, ", ")
}

func (p *pager) audienceParams(params dbx.Params) dbx.Params {
	return withAudiences(p.memberships, params)
}

// withAudiences binds the audiences named by placeholders(len(audiences)).
func withAudiences(audiences []string, params dbx.Params) dbx.Params {
	for i, a := range audiences {
		params["a"+strconv.Itoa(i)] = a
	}
	return params
}

// hasMore tells the phone to pull again at once.
func (p *pager) hasMore() bool {
	if p.cur.Phase != nil {
		return true
	}
	var exists int
	_ = p.app.DB().NewQuery("SELECT EXISTS (SELECT 1 FROM _sync_audiences WHERE audience IN (" +
		placeholders(len(p.memberships)) + ") AND seq > {:after})").
		Bind(p.audienceParams(dbx.Params{"after": p.cur.Seq})).Row(&exists)
	return exists == 1
}

// resolve decides each candidate by the view rules as they stand now: a record the person
// may read comes whole, as the REST API returns it to them; any other is deleted from the copy.
func (p *pager) resolve(e *core.RequestEvent) ([]Change, error) {
	byCollection := map[string][]string{}
	visible := map[string]*core.Record{}
	for _, c := range p.candidates {
		if c.record != nil {
			visible[c.key()] = c.record
		} else {
			byCollection[c.collection] = append(byCollection[c.collection], c.id)
		}
	}
	for collection, ids := range byCollection {
		records, err := visibleAmong(p.app, p.info, collection, ids)
		if err != nil {
			return nil, err
		}
		for _, r := range records {
			visible[collection+"/"+r.Id] = r
		}
	}
	return p.changes(e, visible)
}

func (p *pager) changes(e *core.RequestEvent, visible map[string]*core.Record) ([]Change, error) {
	changes := make([]Change, 0, len(p.candidates))
	byCollection := map[string][]*core.Record{}
	for _, c := range p.candidates {
		if r := visible[c.key()]; r != nil {
			changes = append(changes, Change{Collection: c.collection, ID: c.id, Op: OpUpsert, Record: r})
			byCollection[c.collection] = append(byCollection[c.collection], r)
		} else {
			changes = append(changes, Change{Collection: c.collection, ID: c.id, Op: OpDelete})
		}
	}
	// As the REST API shows them: a person's own email, a coordinator's managed ones, no other.
	// PocketBase enriches one collection at a time.
	for _, records := range byCollection {
		if err := apis.EnrichRecords(e, records); err != nil {
			return nil, err
		}
	}
	// Parents before children for upserts, children before parents for deletions.
	sort.SliceStable(changes, func(i, j int) bool {
		a, b := changes[i], changes[j]
		if (a.Op == OpDelete) != (b.Op == OpDelete) {
			return a.Op == OpUpsert
		}
		if a.Op == OpDelete {
			return order(a.Collection) > order(b.Collection)
		}
		return order(a.Collection) < order(b.Collection)
	})
	return changes, nil
}
