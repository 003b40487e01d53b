package sync_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	gosync "sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// A pushed meeting costs at most 7 database statements (PocketBase's own save and checks,
// the programme's rules, the changelog): what a push of 100 repeats (the duo's visibility,
// its branch, the create rule) is asked once per transaction. A count, not a timing.
func TestPushQueryBudget(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	var mu gosync.Mutex
	statements := 0
	count := func() { mu.Lock(); statements++; mu.Unlock() }
	for _, db := range []*dbx.DB{app.NonconcurrentDB().(*dbx.DB), app.ConcurrentDB().(*dbx.DB)} {
		db.QueryLogFunc = func(context.Context, time.Duration, string, *sql.Rows, error) { count() }
		db.ExecLogFunc = func(context.Context, time.Duration, string, sql.Result, error) { count() }
	}
	mutations := make([]map[string]any, 100)
	for i := range mutations {
		mutations[i] = map[string]any{"mid": i + 1, "collection": "meetings", "op": "create",
			"id": fmt.Sprintf("budget%09d", i), "fields": map[string]any{"duo": DuoOne, "held_on": Day(-1 - i%50),
				"minutes": 90, "mode": "video"}}
	}
	body, _ := json.Marshal(map[string]any{"clientId": "marc-phone-budget", "mutations": mutations})
	rec := Send(t, h, DuoMentor, "POST", sync.PushRoute, string(body))
	var resp sync.PushResponse
	if json.Unmarshal(rec.Body.Bytes(), &resp) != nil || len(resp.Results) != 100 || resp.Results[99].Status != sync.Applied {
		t.Fatalf("push: %d %s", rec.Code, rec.Body)
	}
	t.Logf("%d statements for 100 meetings", statements)
	if statements > 7*100+20 {
		t.Errorf("%d statements for 100 meetings: a per-transaction memo was lost?", statements)
	}
}
