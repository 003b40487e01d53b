package hooks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
)

const (
	meetingsURL   = "/api/collections/meetings/records"
	objectivesURL = "/api/collections/objectives/records"
)

// meeting is a meeting body for duo one with one field replaced or added.
func meeting(duo string, extra string) string {
	return `{"duo":"` + duo + `","held_on":"` + Day(-1) + `","minutes":90,"mode":"video"` + extra + `}`
}

// The weekly log: by the mentor, while the log is open, within the period, never tomorrow.
func TestMeetingRules(t *testing.T) {
	completed := Find(t, App(t), "duos", DuoCompleted)
	lastDay := completed.GetDateTime("ends_on").Time().Format(time.DateOnly)
	started := Find(t, App(t), "duos", DuoOne).GetDateTime("started_on")
	RunAll(t, []Call{
		{Name: "the server records who logged it", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoOne, `,"logged_by":"`+MenteeOne+`"`), Status: 200, Want: []string{`"logged_by":"` + MentorOne + `"`}},
		{Name: "a meeting lasts at least 15 minutes", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: strings.Replace(meeting(DuoOne, ""), `"minutes":90`, `"minutes":10`, 1), Status: 400,
			Want: []string{`"minutes":{"code":"validation_min_number_constraint"`}},
		{Name: "a meeting lasts at most 8 hours", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: strings.Replace(meeting(DuoOne, ""), `"minutes":90`, `"minutes":481`, 1), Status: 400,
			Want: []string{`"minutes":{"code":"validation_max_number_constraint"`}},
		{Name: "minutes are whole", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: strings.Replace(meeting(DuoOne, ""), `"minutes":90`, `"minutes":90.5`, 1), Status: 400,
			Want: []string{`"minutes":{"code":"validation_only_int_constraint"`}},
		{Name: "minutes are a number", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: strings.Replace(meeting(DuoOne, ""), `"minutes":90`, `"minutes":"two hours"`, 1), Status: 400,
			Want: []string{`"minutes":{"code":"duo_wrong_type"`}},
		{Name: "a meeting is not held tomorrow", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: strings.Replace(meeting(DuoOne, ""), Day(-1), Day(1), 1), Status: 400,
			Want: []string{`"held_on":{"code":"duo_date_in_future"`}},
		{Name: "a meeting is not held before the duo started", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body:   strings.Replace(meeting(DuoOne, ""), Day(-1), lifecycle.AddDays(started, -1).Time().Format(time.DateOnly), 1),
			Status: 400, Want: []string{`"held_on":{"code":"duo_date_before_start"`}},
		{Name: "held_on is a date", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: strings.Replace(meeting(DuoOne, ""), Day(-1), "last tuesday", 1), Status: 400,
			Want: []string{`"held_on":{"code":"duo_invalid_date"`}},
		{Name: "held_on is required", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: `{"duo":"` + DuoOne + `","minutes":90,"mode":"video"}`, Status: 400, Want: []string{`"held_on":{"code":"validation_required"`}},
		{Name: "the mode is one of the known ones", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: strings.Replace(meeting(DuoOne, ""), `"video"`, `"walk"`, 1), Status: 400,
			Want: []string{`"mode":{"code":"validation_invalid_value"`}},
		{Name: "topics are among the known ones", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoOne, `,"topics":["cv","poker"]`), Status: 400, Want: []string{`"topics":{"code":"validation_invalid_value"`}},
		{Name: "notes stay under 5000 characters", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoOne, `,"notes":"`+strings.Repeat("a", 5001)+`"`), Status: 400,
			Want: []string{`"notes":{"code":"validation_max_text_constraint"`}},
		{Name: "the mentor says where they met", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoOne, `,"place":"Bibliothèque Muntpunt"`), Status: 200, Want: []string{`"place":"Bibliothèque Muntpunt"`}},
		{Name: "a place stays under 200 characters", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoOne, `,"place":"`+strings.Repeat("a", 201)+`"`), Status: 400,
			Want: []string{`"place":{"code":"validation_max_text_constraint"`}},
		{Name: "the mentee does not change where they met", Caller: DuoMentee, Method: "PATCH", URL: meetingsURL + "/" + MeetingOne,
			Body: `{"place":"elsewhere"}`, Status: 403, Want: []string{`"place":{"code":"duo_field_forbidden"`}},
		{Name: "a mentor cannot link another duo's objective", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoOne, `,"objectives":["`+ObjectiveTwo+`"]`), Status: 400,
			Want: []string{`"objectives":{"code":"validation_missing_rel_records"`}},
		{Name: "nor can a superuser", Caller: Superuser, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoOne, `,"objectives":["`+ObjectiveTwo+`"]`), Status: 400,
			Want: []string{`"objectives":{"code":"duo_objective_other_duo"`}},
		{Name: "a proposed duo has no log yet", Caller: MentorProposed, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoProposed, ""), Status: 400, Want: []string{`"duo":{"code":"duo_log_closed"`}},
		{Name: "a duo completed days ago still takes its last meetings", Caller: MentorCompleted, Method: "POST", URL: meetingsURL,
			Body: strings.Replace(meeting(DuoCompleted, ""), Day(-1), lastDay, 1), Status: 200},
		{Name: "but not one held after its end", Caller: MentorCompleted, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoCompleted, ""), Status: 400, Want: []string{`"held_on":{"code":"duo_date_after_end"`}},
		{Name: "a duo closed for more than 30 days takes no more", Caller: MentorClosed, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoClosed, ""), Status: 400, Want: []string{`"duo":{"code":"duo_log_closed"`}},
		{Name: "its mentee no longer confirms", Caller: MenteeClosed, Method: "PATCH", URL: meetingsURL + "/" + MeetingClosed,
			Body: `{"mentee_confirmed":true}`, Status: 400, Want: []string{`"duo":{"code":"duo_log_closed"`}},
		{Name: "its mentor no longer deletes", Caller: MentorClosed, Method: "DELETE", URL: meetingsURL + "/" + MeetingClosed, Status: 400},
		{Name: "a meeting stays with its duo", Caller: Superuser, Method: "PATCH", URL: meetingsURL + "/" + MeetingOne,
			Body: `{"duo":"` + DuoTwo + `"}`, Status: 400, Want: []string{`"duo":{"code":"duo_immutable"`}},
		{Name: "a mentee cannot create a meeting", Caller: DuoMentee, Method: "POST", URL: meetingsURL, Body: meeting(DuoOne, ""), Status: 400},
		{Name: "changing what the mentee confirmed withdraws the confirmation", Caller: DuoMentor, Method: "PATCH",
			URL: meetingsURL + "/" + MeetingOne, Body: `{"minutes":60}`, Status: 200, Want: []string{`"mentee_confirmed":false`},
			Setup: func(t testing.TB, app *tests.TestApp) {
				Change(t, app, MenteeOne, "meetings", MeetingOne, map[string]any{"mentee_confirmed": true})
			}},
		{Name: "changing the place keeps it", Caller: DuoMentor, Method: "PATCH",
			URL: meetingsURL + "/" + MeetingOne, Body: `{"place":"Café Zennewater"}`, Status: 200, Want: []string{`"mentee_confirmed":true`},
			Setup: func(t testing.TB, app *tests.TestApp) {
				Change(t, app, MenteeOne, "meetings", MeetingOne, map[string]any{"mentee_confirmed": true})
			}},
		{Name: "changing the notes keeps it", Caller: DuoMentor, Method: "PATCH",
			URL: meetingsURL + "/" + MeetingOne, Body: `{"notes":"and the letter"}`, Status: 200, Want: []string{`"mentee_confirmed":true`},
			Setup: func(t testing.TB, app *tests.TestApp) {
				Change(t, app, MenteeOne, "meetings", MeetingOne, map[string]any{"mentee_confirmed": true})
			}},
	})
}

// Objectives: from validation to the end of the period, with sensible dates.
func TestObjectiveRules(t *testing.T) {
	objective := func(duo, extra string) string {
		return `{"duo":"` + duo + `","title":"Find an internship"` + extra + `}`
	}
	RunAll(t, []Call{
		{Name: "a new objective is open", Caller: DuoMentee, Method: "POST", URL: objectivesURL, Body: objective(DuoOne, ""),
			Status: 200, Want: []string{`"status":"open"`}},
		{Name: "an objective has a title", Caller: DuoMentee, Method: "POST", URL: objectivesURL,
			Body: `{"duo":"` + DuoOne + `"}`, Status: 400, Want: []string{`"title":{"code":"validation_required"`}},
		{Name: "a title stays under 200 characters", Caller: DuoMentee, Method: "POST", URL: objectivesURL,
			Body: `{"duo":"` + DuoOne + `","title":"` + strings.Repeat("b", 201) + `"}`, Status: 400,
			Want: []string{`"title":{"code":"validation_max_text_constraint"`}},
		{Name: "the status is one of the known ones", Caller: DuoMentee, Method: "POST", URL: objectivesURL,
			Body: objective(DuoOne, `,"status":"finished"`), Status: 400, Want: []string{`"status":{"code":"validation_invalid_value"`}},
		{Name: "an objective is not due in the past century", Caller: DuoMentee, Method: "POST", URL: objectivesURL,
			Body: objective(DuoOne, `,"due_on":"1990-05-01"`), Status: 400, Want: []string{`"due_on":{"code":"duo_due_range"`}},
		{Name: "nor in three years", Caller: DuoMentee, Method: "POST", URL: objectivesURL,
			Body: objective(DuoOne, `,"due_on":"`+Day(3*365)+`"`), Status: 400, Want: []string{`"due_on":{"code":"duo_due_range"`}},
		{Name: "a month ahead is fine", Caller: DuoMentee, Method: "POST", URL: objectivesURL,
			Body: objective(DuoOne, `,"due_on":"`+Day(30)+`"`), Status: 200, Want: []string{`"due_on":"` + Day(30) + ` 00:00:00.000Z"`}},
		{Name: "a proposed duo has no objectives yet", Caller: MenteeProposed, Method: "POST", URL: objectivesURL,
			Body: objective(DuoProposed, ""), Status: 400, Want: []string{`"duo":{"code":"duo_objectives_closed"`}},
		{Name: "a validated duo sets its objectives", Caller: MenteeValidated, Method: "POST", URL: objectivesURL,
			Body: objective(DuoValidated, ""), Status: 200},
		{Name: "a completed duo's objectives are closed", Caller: Coord, Method: "PATCH", URL: objectivesURL + "/" + ObjectiveClosed,
			Body: `{"status":"achieved"}`, Status: 400, Want: []string{`"duo":{"code":"duo_objectives_closed"`}},
		{Name: "and are not deleted", Caller: Coord, Method: "DELETE", URL: objectivesURL + "/" + ObjectiveClosed, Status: 400},
		{Name: "an objective stays with its duo", Caller: Coord, Method: "PATCH", URL: objectivesURL + "/" + ObjectiveOne,
			Body: `{"duo":"` + DuoTwo + `"}`, Status: 403, Want: []string{`"duo":{"code":"duo_field_forbidden"`}},
	})
}
