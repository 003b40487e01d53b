package sync_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	gosync "sync"
	"testing"
	"time"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/sync"
)

// backlogPush is a push of 100 meetings logged offline, mids following *mid, ids made of a
// 5-letter prefix and the mid.
func backlogPush(client, idPrefix string, mid *int) string {
	mutations := make([]map[string]any, 100)
	for i := range mutations {
		*mid++
		mutations[i] = map[string]any{"mid": *mid, "collection": "meetings", "op": "create",
			"id": fmt.Sprintf("%.5s%010d", idPrefix, *mid), "fields": map[string]any{"duo": DuoOne,
				"held_on": Day(-1 - i%50), "minutes": 90, "mode": "video", "notes": fmt.Sprint("offline ", i)}}
	}
	body, _ := json.Marshal(map[string]any{"clientId": client, "mutations": mutations})
	return string(body)
}

// A mentor reconnects with 200 meetings logged offline: as 2 pushes of 100 mutations, against
// the same 200 records created one REST call at a time.
func BenchmarkBacklogOf200(b *testing.B) {
	b.Run("rest-200-calls", func(b *testing.B) {
		h := Handler(b, App(b))
		for b.Loop() {
			for i := 0; i < 200; i++ {
				rec := Send(b, h, DuoMentor, "POST", "/api/collections/meetings/records",
					fmt.Sprintf(`{"duo":"%s","held_on":"%s","minutes":90,"mode":"video","notes":"offline %d"}`, DuoOne, Day(-1-i%50), i))
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		}
	})
	b.Run("sync-2-pushes", func(b *testing.B) {
		h := Handler(b, App(b))
		mid := 0
		for n := 0; b.Loop(); n++ {
			for push := 0; push < 2; push++ {
				rec := Send(b, h, DuoMentor, "POST", sync.PushRoute, backlogPush("marc-phone-bench", "bench", &mid))
				var resp sync.PushResponse
				if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &resp) != nil || resp.Results[99].Status != sync.Applied {
					b.Fatalf("%d %s", rec.Code, rec.Body.String()[:min(300, rec.Body.Len())])
				}
			}
		}
	})
}

// percentiles reports the median and the 99th percentile of a benchmark's samples.
func percentiles(b *testing.B, samples []time.Duration) {
	if len(samples) == 0 {
		return
	}
	slices.Sort(samples)
	b.ReportMetric(float64(samples[len(samples)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(samples[len(samples)*99/100].Microseconds()), "p99-µs")
}

var sizes = []struct {
	name string
	duos int
}{{"seeded-7-duos", 0}, {"500-duos-13000-meetings", 500}}

// An incremental pull with nothing new, by a mentee and by the branch's coordinator, on the
// seeded branch and on one with 500 duos and 13,000 meetings: the cost follows the changes.
func BenchmarkPullNothingNew(b *testing.B) {
	for _, size := range sizes {
		for _, who := range []string{DuoMentee, Coord} {
			b.Run(size.name+"/"+Callers[who], func(b *testing.B) {
				app := App(b)
				if size.duos > 0 {
					bigBranch(b, app, size.duos, 26)
				}
				h := Handler(b, app)
				d := newDevice(b, h, who, "bench-phone")
				d.pullAll()
				target := sync.PullRoute + "?cursor=" + url.QueryEscape(d.cursor)
				var samples []time.Duration
				for b.Loop() {
					start := time.Now()
					if rec := Send(b, h, who, "GET", target, ""); rec.Code != http.StatusOK {
						b.Fatal(rec.Body)
					}
					samples = append(samples, time.Since(start))
				}
				percentiles(b, samples)
			})
		}
	}
}

// An incremental pull that brings 10 new meetings, on both sizes.
func BenchmarkPullTenChanges(b *testing.B) {
	for _, size := range sizes {
		b.Run(size.name, func(b *testing.B) {
			app := App(b)
			if size.duos > 0 {
				bigBranch(b, app, size.duos, 26)
			}
			h := Handler(b, app)
			d := newDevice(b, h, Coord, "bench-laptop")
			d.pullAll()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				for j := 0; j < 10; j++ {
					Change(b, app, MentorOne, "meetings", MeetingOne, map[string]any{"notes": fmt.Sprint(i, j)})
					Change(b, app, MenteeOne, "objectives", ObjectiveOne, map[string]any{"details": fmt.Sprint(i, j)})
				}
				b.StartTimer()
				d.pullAll()
			}
		})
	}
}

// A coordinator's first pull of a branch with 500 duos and 13,000 meetings, in pages of 1000.
func BenchmarkInitialPullOfABigBranch(b *testing.B) {
	app := App(b)
	bigBranch(b, app, 500, 26)
	h := Handler(b, app)
	pages, records := 0, 0
	for b.Loop() {
		d := newDevice(b, h, Coord, "bench-laptop")
		pages, records = 0, 0
		for {
			resp := d.pullPage(sync.MaxLimit)
			pages++
			records += len(resp.Changes)
			if !resp.HasMore {
				break
			}
		}
	}
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(records), "records")
}

// 200 phones (200 mentors of the big branch) pull at once against one server over loopback
// HTTP, each with its own cursor.
func BenchmarkPullsFrom200Devices(b *testing.B) {
	app := App(b)
	mentors := bigBranch(b, app, 500, 26)[:200]
	h := Handler(b, app)
	server := httptest.NewServer(h)
	defer server.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}
	type phone struct{ token, cursor string }
	phones := make(chan phone, len(mentors))
	for _, m := range mentors {
		caller := Login(b, app, m)
		d := newDevice(b, h, caller, "p-"+m)
		d.pullAll()
		phones <- phone{token: strings.TrimPrefix(caller, "token:"), cursor: d.cursor}
	}
	var mu gosync.Mutex
	var samples []time.Duration
	b.SetParallelism(100) // 2 CPUs x 100 = 200 phones pulling at once
	b.ResetTimer()
	started := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		p := <-phones
		var mine []time.Duration
		for pb.Next() {
			req, _ := http.NewRequest("GET", server.URL+sync.PullRoute+"?cursor="+url.QueryEscape(p.cursor), nil)
			req.Header.Set("Authorization", p.token)
			t0 := time.Now()
			res, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		samples = append(samples, mine...)
		mu.Unlock()
	})
	b.ReportMetric(float64(len(samples))/time.Since(started).Seconds(), "req/s")
	percentiles(b, samples)
}

// slowLink adds a mobile network's round trip to every request (half each way).
type slowLink struct {
	rtt  time.Duration
	next http.RoundTripper
}

func (l slowLink) RoundTrip(req *http.Request) (*http.Response, error) {
	time.Sleep(l.rtt / 2)
	res, err := l.next.RoundTrip(req)
	time.Sleep(l.rtt / 2)
	return res, err
}

// The same backlog as BenchmarkBacklogOf200, sent by a phone over HTTP: on loopback, and
// through a simulated mobile link with a 50 ms round trip.
func BenchmarkBacklogOf200OverHTTP(b *testing.B) {
	for _, link := range []struct {
		name string
		rtt  time.Duration
	}{{"loopback", 0}, {"simulated-50ms-rtt", 50 * time.Millisecond}} {
		app := App(b)
		server := httptest.NewServer(Handler(b, app))
		client := &http.Client{Transport: slowLink{rtt: link.rtt, next: http.DefaultTransport}}
		token := Auth(b, DuoMentor)["Authorization"]
		post := func(path, body string) {
			req, _ := http.NewRequest("POST", server.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", token)
			req.Header.Set("Content-Type", "application/json")
			res, err := client.Do(req)
			if err != nil || res.StatusCode != http.StatusOK {
				b.Fatalf("%v %v", err, res)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		b.Run(link.name+"/rest-200-calls", func(b *testing.B) {
			for b.Loop() {
				for i := 0; i < 200; i++ {
					post("/api/collections/meetings/records", fmt.Sprintf(
						`{"duo":"%s","held_on":"%s","minutes":90,"mode":"video","notes":"offline %d"}`, DuoOne, Day(-1-i%50), i))
				}
			}
		})
		mid := 0
		b.Run(link.name+"/sync-2-pushes", func(b *testing.B) {
			for b.Loop() {
				for push := 0; push < 2; push++ {
					post(sync.PushRoute, backlogPush("marc-phone-http", "httpb", &mid))
				}
			}
		})
		server.Close()
	}
}
