package sync_test

import (
	"fmt"
	gosync "sync"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// Writers through REST, push and the dashboard run at once while a reader pulls in small
// pages: what the pages add up to is exactly the server's final state, nothing skipped.
func TestConcurrentWritersAndASmallPageReader(t *testing.T) {
	server := StartServer(t)
	h := server.Handler
	reader := newDevice(t, h, Coord, "coordinator-laptop")
	reader.pullAll()

	var writers gosync.WaitGroup
	writers.Add(3)
	go func() { // the mentor's web client
		defer writers.Done()
		for i := 0; i < 40; i++ {
			Send(t, h, DuoMentor, "POST", "/api/collections/meetings/records",
				fmt.Sprintf(`{"duo":"%s","held_on":"%s","minutes":%d,"mode":"video"}`, DuoOne, Day(-1-i%40), 30+i))
		}
	}()
	go func() { // the mentee's phone
		defer writers.Done()
		phone := newDevice(t, h, DuoMentee, "amina-phone")
		for batch := 0; batch < 8; batch++ {
			for i := 0; i < 5; i++ {
				phone.edit("objectives", "create", fmt.Sprintf("objconc%02d%06d", batch, i), map[string]any{"duo": DuoOne, "title": "t"})
			}
			phone.edit("objectives", "update", ObjectiveOne, map[string]any{"details": fmt.Sprint("batch ", batch)})
			phone.push(false)
		}
	}()
	go func() { // an administrator in the dashboard
		defer writers.Done()
		for i := 0; i < 40; i++ {
			Send(t, h, Superuser, "PATCH", "/api/collections/duos/records/"+DuoTwo, fmt.Sprintf(`{"meeting_place":"room %d"}`, i))
		}
	}()
	done := make(chan struct{})
	go func() { writers.Wait(); close(done) }()

	pages := 0
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		reader.pullPage(3)
		pages++
	}
	reader.pullAll()
	reader.sameAsREST()
	if n := len(reader.ids("meetings")); n != 3+40 {
		t.Errorf("the reader holds %d meetings, want 43", n)
	}
	t.Logf("%d pages read while writing", pages)
}
