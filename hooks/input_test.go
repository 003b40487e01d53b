package hooks_test

import (
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// Wrong types are named, never silently turned into 0 or "no date".
func TestInputShapes(t *testing.T) {
	one := meetingsURL + "/" + MeetingOne
	RunAll(t, []Call{
		{Name: "malformed JSON", Caller: DuoMentor, Method: "POST", URL: meetingsURL, Body: `{"duo":`, Status: 400},
		{Name: "a boolean for a weekday", Caller: DuoMentor, Method: "PATCH", URL: duoURL(DuoOne),
			Body: `{"meeting_weekday":true}`, Status: 400, Want: []string{`"meeting_weekday":{"code":"duo_wrong_type"`, `"expected":"number"`}},
		{Name: "a word for a yes/no", Caller: DuoMentee, Method: "PATCH", URL: one,
			Body: `{"mentee_confirmed":"yes"}`, Status: 400, Want: []string{`"mentee_confirmed":{"code":"duo_wrong_type"`, `"expected":"boolean"`}},
		{Name: "a number for a date", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"held_on":12345}`, Status: 400, Want: []string{`"held_on":{"code":"duo_wrong_type"`, `"expected":"date"`}},
		{Name: "an impossible date", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"held_on":"2026-02-30"}`, Status: 400, Want: []string{`"held_on":{"code":"duo_invalid_date"`}},
		{Name: "an id of the wrong form", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: meeting("xyz", ""), Status: 400, Want: []string{`"duo":{"code":"duo_invalid_id"`}},
		{Name: "numbers for topics", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"topics":[1,2]}`, Status: 400, Want: []string{`"topics":{"code":"duo_wrong_type"`, `"expected":"list"`}},
		{Name: "a list for a single choice", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"mode":["video","phone"]}`, Status: 400, Want: []string{`"mode":{"code":"duo_wrong_type"`}},
		{Name: "a number for a text", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"notes":42}`, Status: 400, Want: []string{`"notes":{"code":"duo_wrong_type"`, `"expected":"text"`}},
		{Name: "an object for a number", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"minutes":{"hours":2}}`, Status: 400, Want: []string{`"minutes":{"code":"duo_wrong_type"`}},
		{Name: "one topic as a plain string is fine", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"topics":"network"}`, Status: 200, Want: []string{`"topics":["network"]`}},
		{Name: "a numeric string for a number is fine", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"minutes":"75"}`, Status: 200, Want: []string{`"minutes":75`}},
		{Name: "fields a client echoes back are ignored", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"collectionName":"meetings","expand":{},"notes":"ok"}`, Status: 200, Want: []string{`"notes":"ok"`}},
		{Name: "several wrong fields are all named", Caller: DuoMentor, Method: "PATCH", URL: one,
			Body: `{"minutes":"long","held_on":"soon"}`, Status: 400,
			Want: []string{`"minutes":{"code":"duo_wrong_type"`, `"held_on":{"code":"duo_invalid_date"`}},
	})
}
