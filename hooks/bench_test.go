package hooks_test

import (
	"net/http"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// A mentor logs a meeting: input guard, rules, field rights, record rules, one transaction.
func BenchmarkLogMeeting(b *testing.B) {
	h := Handler(b, App(b))
	body := meeting(DuoOne, `,"topics":["cv","interview"],"notes":"Mock interview","objectives":["`+ObjectiveOne+`"]`)
	b.ResetTimer()
	for b.Loop() {
		if rec := Send(b, h, DuoMentor, "POST", meetingsURL, body); rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// The mentee confirms a meeting: an update through the same layers.
func BenchmarkConfirmMeeting(b *testing.B) {
	h := Handler(b, App(b))
	bodies := []string{`{"mentee_confirmed":true}`, `{"mentee_confirmed":false}`}
	i := 0
	for b.Loop() {
		if rec := Send(b, h, DuoMentee, "PATCH", meetingsURL+"/"+MeetingOne, bodies[i%2]); rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		i++
	}
}

// A coordinator lists the branch's duos, filtered by the API rule.
func BenchmarkCoordinatorListsDuos(b *testing.B) {
	h := Handler(b, App(b))
	for b.Loop() {
		if rec := Send(b, h, Coord, "GET", duosURL+"?perPage=100", ""); rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// A mentor's second signature activates the duo (events, activation, period) in one save.
func BenchmarkSignAgreement(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		app := NewApp(b)
		h := Handler(b, app)
		Change(b, app, MenteeValidated, "agreements", Agreement(b, DuoValidated), map[string]any{"mentee_signed_at": Now()})
		b.StartTimer()
		rec := Send(b, h, MentorValidated, "PATCH", "/api/collections/agreements/records/"+Agreement(b, DuoValidated),
			`{"mentor_signed_at":"`+Now().UTC().Format("2006-01-02 15:04:05Z")+`"}`)
		b.StopTimer()
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		app.Cleanup()
		b.StartTimer()
	}
}
