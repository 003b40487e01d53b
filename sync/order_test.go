package sync_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
	duosync "github.com/duoforajob/duo/sync"
)

// pushRaw sends one push of objective creates with the given mids, their ids made of a
// prefix of five characters and the mid.
func pushRaw(t *testing.T, h http.Handler, caller, client, prefix string, mids ...int) duosync.PushResponse {
	t.Helper()
	var mutations []map[string]any
	for _, mid := range mids {
		mutations = append(mutations, map[string]any{"mid": mid, "collection": "objectives", "op": "create",
			"id": fmt.Sprintf("%.5s%010d", prefix, mid), "fields": map[string]any{"duo": DuoOne, "title": fmt.Sprintf("Objective %d", mid)}})
	}
	body, _ := json.Marshal(map[string]any{"clientId": client, "mutations": mutations})
	rec := Send(t, h, caller, "POST", duosync.PushRoute, string(body))
	expectStatus(t, rec, 200)
	var resp duosync.PushResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

func statuses(resp duosync.PushResponse) string {
	var out []string
	for _, r := range resp.Results {
		out = append(out, fmt.Sprintf("%d:%s", r.Mid, r.Status))
	}
	return fmt.Sprint(out)
}

// Mids are applied in order: a gap applies nothing from there on and says where to resend
// from; what was processed answers as a duplicate with its first outcome.
func TestPushAppliesMidsInOrder(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	client := "phone-of-amina"
	if resp := pushRaw(t, h, DuoMentee, client, "order", 2, 3); statuses(resp) != "[2:resend 3:resend]" || resp.ResendFrom != 1 || resp.LastMid != 0 {
		t.Fatalf("a push starting after a gap: %s, resendFrom %d, lastMid %d", statuses(resp), resp.ResendFrom, resp.LastMid)
	}
	if n, _ := app.CountRecords("objectives", dbxEq("duo", DuoOne)); n != 1 {
		t.Fatalf("a mutation after a gap was applied (%d objectives)", n)
	}
	if r := pushRaw(t, h, DuoMentee, client, "order", 2, 3).Results[0]; r.Code != duosync.CodeGap || r.Message == "" {
		t.Errorf("the result says nothing the app can act on: %+v", r)
	}
	if resp := pushRaw(t, h, DuoMentee, client, "order", 1, 2, 4); statuses(resp) != "[1:applied 2:applied 4:resend]" || resp.ResendFrom != 3 || resp.LastMid != 2 {
		t.Fatalf("a gap inside a push: %s, resendFrom %d, lastMid %d", statuses(resp), resp.ResendFrom, resp.LastMid)
	}
	resp := pushRaw(t, h, DuoMentee, client, "order", 2, 3, 4)
	if statuses(resp) != "[2:duplicate 3:applied 4:applied]" || resp.Results[0].First == nil ||
		resp.Results[0].First.Status != duosync.Applied || resp.ResendFrom != 0 || resp.LastMid != 4 {
		t.Fatalf("resending from the gap: %s, %+v", statuses(resp), resp)
	}
	if n, _ := app.CountRecords("objectives", dbxEq("duo", DuoOne)); n != 5 {
		t.Fatalf("%d objectives, want the fixture's and four", n)
	}
}

// Two single-mutation pushes of one install sent at once (the app broke "one push in flight"):
// whichever the server takes first, no write is lost. The one that came too early answers
// resend, and sending it again applies it.
func TestCrossingPushesLoseNothing(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	for round := range 20 {
		client := fmt.Sprintf("crossing-phone-%02d", round)
		answers := make([]duosync.PushResponse, 2)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				answers[i] = pushRaw(t, h, DuoMentee, client, fmt.Sprintf("cr%03d", round), i+1)
			}()
		}
		close(start)
		wg.Wait()
		for i, resp := range answers {
			switch r := resp.Results[0]; r.Status {
			case duosync.Applied:
			case duosync.Resend: // the app sends it again, after the one before it
				if again := pushRaw(t, h, DuoMentee, client, fmt.Sprintf("cr%03d", round), i+1); again.Results[0].Status != duosync.Applied {
					t.Fatalf("round %d: resent mid %d: %s", round, r.Mid, statuses(again))
				}
			default:
				t.Fatalf("round %d: mid %d answered %s: %+v", round, r.Mid, r.Status, r)
			}
		}
	}
	if n, _ := app.CountRecords("objectives", dbxEq("duo", DuoOne)); n != 41 {
		t.Fatalf("%d objectives, want the fixture's and 40", n)
	}
}
