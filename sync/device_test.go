package sync_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"testing"

	"github.com/duoforajob/duo/access"
	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// device is a phone as the contract describes it: a local copy of what its person may read,
// a cursor stored with it, and a queue of offline edits.
type device struct {
	t        testing.TB
	h        http.Handler
	caller   string
	clientID string
	cursor   string
	store    map[string]map[string]map[string]any // collection -> id -> record
	queue    []mutation
	nextMid  int64
	outcomes map[int64]sync.Result // final outcome of each mutation the app was told about
	resets   int
	acked    int64 // the last mid whose answer arrived: sent with each push, as the contract asks
	noAcked  bool  // an app written before acked
}

type mutation struct {
	Mid        int64          `json:"mid"`
	Collection string         `json:"collection"`
	Op         string         `json:"op"`
	ID         string         `json:"id"`
	Base       string         `json:"base"`
	Fields     map[string]any `json:"fields,omitempty"`
}

func newDevice(t testing.TB, h http.Handler, caller, clientID string) *device {
	return &device{t: t, h: h, caller: caller, clientID: clientID, store: map[string]map[string]map[string]any{},
		nextMid: 1, outcomes: map[int64]sync.Result{}}
}

// pullAll pulls until the server has nothing more, applying each page as the app would.
func (d *device) pullAll() int {
	d.t.Helper()
	pages := 0
	for {
		resp := d.pullPage(sync.DefaultLimit)
		pages++
		if !resp.HasMore {
			return pages
		}
		if pages > 10000 {
			d.t.Fatal("pull never ends")
		}
	}
}

type pullResponse struct {
	Cursor  string `json:"cursor"`
	HasMore bool   `json:"hasMore"`
	Reset   bool   `json:"reset"`
	Changes []struct {
		Collection string         `json:"collection"`
		ID         string         `json:"id"`
		Op         string         `json:"op"`
		Record     map[string]any `json:"record"`
	} `json:"changes"`
}

func (d *device) pullPage(limit int) pullResponse {
	d.t.Helper()
	q := url.Values{"limit": {fmt.Sprint(limit)}}
	if d.cursor != "" {
		q.Set("cursor", d.cursor)
	}
	rec := Send(d.t, d.h, d.caller, "GET", sync.PullRoute+"?"+q.Encode(), "")
	if rec.Code != http.StatusOK {
		d.t.Fatalf("pull as %s: %d %s", d.caller, rec.Code, rec.Body)
	}
	var resp pullResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		d.t.Fatal(err)
	}
	d.apply(resp)
	return resp
}

// apply stores a page and its cursor together, as one local transaction.
func (d *device) apply(resp pullResponse) {
	if resp.Reset {
		d.resets++
		d.store = map[string]map[string]map[string]any{} // drop synced rows, keep the queue
	}
	for _, c := range resp.Changes {
		if d.store[c.Collection] == nil {
			d.store[c.Collection] = map[string]map[string]any{}
		}
		if c.Op == sync.OpDelete {
			delete(d.store[c.Collection], c.ID)
		} else {
			d.store[c.Collection][c.ID] = c.Record
		}
	}
	d.cursor = resp.Cursor
}

// edit queues an offline edit based on the current cursor.
func (d *device) edit(collection, op, id string, fields map[string]any) int64 {
	m := mutation{Mid: d.nextMid, Collection: collection, Op: op, ID: id, Base: d.cursor, Fields: fields}
	d.nextMid++
	d.queue = append(d.queue, m)
	return m.Mid
}

// push sends the queue; lose simulates a response lost after the server committed.
func (d *device) push(lose bool) (sync.PushResponse, int) {
	d.t.Helper()
	if len(d.queue) == 0 {
		return sync.PushResponse{}, http.StatusOK
	}
	batch := d.queue[:min(len(d.queue), sync.MaxMutations)]
	payload := map[string]any{"clientId": d.clientID, "mutations": batch}
	if !d.noAcked {
		payload["acked"] = d.acked
	}
	body, _ := json.Marshal(payload)
	rec := Send(d.t, d.h, d.caller, "POST", sync.PushRoute, string(body))
	if rec.Code != http.StatusOK || lose {
		return sync.PushResponse{}, rec.Code
	}
	var resp sync.PushResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		d.t.Fatal(err)
	}
	done := map[int64]bool{}
	for _, r := range resp.Results {
		switch {
		case r.Status == sync.Resend: // stays queued, sent again from resendFrom
			continue
		case r.Status == sync.Duplicate && r.First != nil:
			d.outcomes[r.Mid] = *r.First
		default:
			d.outcomes[r.Mid] = r
		}
		done[r.Mid] = true
		d.acked = max(d.acked, r.Mid)
		d.takeRecord(r)
	}
	// As the contract asks: a create the server refused is dropped from the copy (no pull
	// will ever mention an id the server never had).
	for _, m := range d.queue {
		if r := d.outcomes[m.Mid]; done[m.Mid] && m.Op == "create" && r.Status == sync.Rejected {
			delete(d.store[m.Collection], m.ID)
		}
	}
	for _, m := range d.queue { // an applied delete: gone from the copy at once
		if r := d.outcomes[m.Mid]; done[m.Mid] && m.Op == "delete" && r.Status == sync.Applied {
			delete(d.store[m.Collection], m.ID)
		}
	}
	rest := d.queue[:0]
	for _, m := range d.queue {
		if !done[m.Mid] {
			rest = append(rest, m)
		}
	}
	d.queue = rest
	return resp, rec.Code
}

// ids lists the ids of a collection in the local copy.
func (d *device) ids(collection string) []string {
	var ids []string
	for id := range d.store[collection] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// restView is what the REST API lets the caller read, collection by collection.
func restView(t testing.TB, h http.Handler, caller string) map[string]map[string]map[string]any {
	t.Helper()
	view := map[string]map[string]map[string]any{}
	for _, collection := range access.SyncedCollections {
		view[collection] = map[string]map[string]any{}
		for page := 1; ; page++ {
			rec := Send(t, h, caller, "GET", fmt.Sprintf("/api/collections/%s/records?perPage=500&page=%d&skipTotal=1", collection, page), "")
			if rec.Code != http.StatusOK {
				t.Fatalf("REST list %s as %s: %d %s", collection, caller, rec.Code, rec.Body)
			}
			var list struct {
				Items []map[string]any `json:"items"`
			}
			json.Unmarshal(rec.Body.Bytes(), &list)
			for _, item := range list.Items {
				view[collection][item["id"].(string)] = item
			}
			if len(list.Items) < 500 {
				break
			}
		}
	}
	return view
}

// sameAsREST fails the test unless the device's copy is exactly what REST shows its person.
func (d *device) sameAsREST() {
	d.t.Helper()
	want := restView(d.t, d.h, d.caller)
	for _, collection := range access.SyncedCollections {
		got := d.store[collection]
		for id, record := range want[collection] {
			have, ok := got[id]
			if !ok {
				d.t.Errorf("%s's copy misses %s %s", d.caller, collection, id)
				continue
			}
			a, _ := json.Marshal(have)
			b, _ := json.Marshal(record)
			if string(a) != string(b) {
				d.t.Errorf("%s's copy of %s %s differs:\n copy %s\n REST %s", d.caller, collection, id, a, b)
			}
		}
		for id := range got {
			if _, ok := want[collection][id]; !ok {
				d.t.Errorf("%s's copy has %s %s, which REST does not show them", d.caller, collection, id)
			}
		}
	}
}

// takeRecord keeps the record a result carries, as the server now holds it, as the kit does:
// the copy shows the server's version before the next pull.
func (d *device) takeRecord(r sync.Result) {
	record, ok := r.Record.(map[string]any)
	if !ok {
		return
	}
	collection, _ := record["collectionName"].(string)
	id, _ := record["id"].(string)
	if d.store[collection] == nil {
		d.store[collection] = map[string]map[string]any{}
	}
	d.store[collection][id] = record
}
