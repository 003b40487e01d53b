package hooks_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/notify"
)

const (
	menteePhone   = "fcm-token-of-amina:APA91b_x-y.z"
	menteeDevice  = "deviceamina0001"
	devicesRoute  = "/api/devices"
	devicesList   = "/api/collections/devices/records?perPage=100"
	deviceRecord  = "/api/collections/devices/records/" + menteeDevice
	outboxList    = "/api/collections/notifications/records"
	registerPhone = `{"token":"` + menteePhone + `","platform":"android","app_version":"2.3.0","locale":"fr-BE"}`
)

// withPhone gives duo one's mentee a registered phone.
func withPhone(t testing.TB, app *tests.TestApp) {
	t.Helper()
	d, err := notify.Register(app, MenteeOne, notify.Device{Token: menteePhone, Platform: "android"}, Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery("UPDATE devices SET id = {:id} WHERE id = {:old}").
		Bind(map[string]any{"id": menteeDevice, "old": d.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
}

func deviceOwner(t testing.TB, app *tests.TestApp, token string) string {
	t.Helper()
	d, err := app.FindFirstRecordByData("devices", "token", token)
	if err != nil {
		return ""
	}
	return d.GetString("user")
}

// Devices are read by their owner only, registered and moved through POST /api/devices,
// removed by their owner.
func TestDeviceAccess(t *testing.T) {
	calls := []Call{
		{Name: "the owner lists their phone", Caller: DuoMentee, Method: "GET", URL: devicesList, Status: 200,
			Want: []string{`"totalItems":1`, menteePhone}},
		{Name: "the duo partner lists none", Caller: DuoMentor, Method: "GET", URL: devicesList, Status: 200,
			Want: []string{`"totalItems":0`}},
		{Name: "the coordinator lists none", Caller: Coord, Method: "GET", URL: devicesList, Status: 200,
			Want: []string{`"totalItems":0`}},
		{Name: "anonymous lists none", Caller: Anonymous, Method: "GET", URL: devicesList, Status: 200,
			Want: []string{`"totalItems":0`}},
	}
	calls = append(calls, Matrix(t, "view the mentee's phone", "GET", deviceRecord, "", Expect{
		Anonymous: 404, DuoMentee: 200, DuoMentor: 404, OtherMentee: 404, Coord: 404, OtherCoord: 404, Superuser: 200})...)
	calls = append(calls, Matrix(t, "create a device record directly", "POST", devicesList,
		`{"user":"`+MenteeOne+`","token":"x","platform":"ios","last_seen":"2026-11-20 10:00:00Z"}`, Expect{
			Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})...)
	calls = append(calls, Matrix(t, "take over the mentee's phone record", "PATCH", deviceRecord, `{"user":"`+MentorOne+`"}`, Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})...)
	calls = append(calls, Matrix(t, "delete the mentee's phone record", "DELETE", deviceRecord, "", Expect{
		Anonymous: 404, DuoMentee: 204, DuoMentor: 404, OtherMentee: 404, Coord: 404, OtherCoord: 404, Superuser: 204})...)
	calls = append(calls, Matrix(t, "unregister the mentee's phone by token", "DELETE", devicesRoute+"/"+menteePhone, "", Expect{
		Anonymous: 401, DuoMentee: 204, DuoMentor: 404, OtherMentee: 404, Coord: 404, OtherCoord: 404, Superuser: 403})...)
	for i := range calls {
		calls[i].Setup = withPhone
	}
	RunAll(t, calls)
}

// The outbox is the superusers' alone: it says who is reminded of what.
func TestOutboxAccess(t *testing.T) {
	calls := Matrix(t, "list the outbox", "GET", outboxList, "", Expect{
		Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})
	calls = append(calls, Matrix(t, "write to the outbox", "POST", outboxList,
		`{"user":"`+MenteeOne+`","kind":"weekly_digest","dedupe_key":"x","due_at":"2026-11-20 10:00:00Z","next_attempt_at":"2026-11-20 10:00:00Z","status":"pending"}`,
		Expect{Anonymous: 403, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 403, OtherCoord: 403, Superuser: 200})...)
	RunAll(t, calls)
}

// POST /api/devices: an upsert by token, repeated at every app start.
func TestRegisterDevice(t *testing.T) {
	RunAll(t, []Call{
		{Name: "a mentee registers a phone; the locale keeps its language", Caller: DuoMentee, Method: "POST",
			URL: devicesRoute, Body: registerPhone, Status: 200,
			Want: []string{menteePhone, `"platform":"android"`, `"app_version":"2.3.0"`, `"locale":"fr"`, `"user":"` + MenteeOne + `"`},
			Check: func(t testing.TB, app *tests.TestApp) {
				if owner := deviceOwner(t, app, menteePhone); owner != MenteeOne {
					t.Errorf("owner %q", owner)
				}
			}},
		{Name: "registering again refreshes the same device", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: `{"token":"` + menteePhone + `","platform":"android","app_version":"2.4.0"}`, Status: 200,
			Want: []string{`"id":"` + menteeDevice + `"`, `"app_version":"2.4.0"`}, Setup: withPhone,
			Check: func(t testing.TB, app *tests.TestApp) {
				if n, _ := app.CountRecords("devices"); n != 1 {
					t.Errorf("%d devices, want 1", n)
				}
			}},
		{Name: "a shared phone moves to the person now signed in", Caller: DuoMentor, Method: "POST", URL: devicesRoute,
			Body: `{"token":"` + menteePhone + `","platform":"android"}`, Status: 200, Setup: withPhone,
			Want: []string{`"user":"` + MentorOne + `"`},
			Check: func(t testing.TB, app *tests.TestApp) {
				if owner := deviceOwner(t, app, menteePhone); owner != MentorOne {
					t.Errorf("owner %q, want the mentor", owner)
				}
			}},
		{Name: "a phone in a language duo does not speak stores none", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: `{"token":"t1","platform":"ios","locale":"ar-MA"}`, Status: 200, Want: []string{`"locale":""`}},
		{Name: "anonymous cannot register", Caller: Anonymous, Method: "POST", URL: devicesRoute, Body: registerPhone, Status: 401},
		{Name: "a superuser has no phone to register", Caller: Superuser, Method: "POST", URL: devicesRoute, Body: registerPhone, Status: 403},
		{Name: "a missing token is named", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: `{"platform":"android"}`, Status: 400, Want: []string{`"token":{"code":"validation_required"`}},
		{Name: "a token of the wrong type is named", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: `{"token":12345,"platform":"android"}`, Status: 400, Want: []string{`"token":{"code":"duo_wrong_type"`}},
		{Name: "a token with spaces is named", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: `{"token":"not a token","platform":"android"}`, Status: 400, Want: []string{`"token":{"code":"validation_invalid_format"`}},
		{Name: "an unknown platform is named", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: `{"token":"t1","platform":"symbian"}`, Status: 400, Want: []string{`"platform":{"code":"validation_invalid_value"`}},
		{Name: "a locale that is no language tag is named", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: `{"token":"t1","platform":"android","locale":"<script>"}`, Status: 400, Want: []string{`"locale":{"code":"validation_invalid_format"`}},
		{Name: "an app version too long is named", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body:   `{"token":"t1","platform":"android","app_version":"12345678901234567890123456789012345678901"}`,
			Status: 400, Want: []string{`"app_version":{"code":"validation_max_text_constraint"`}},
		{Name: "a body that is not JSON is refused", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: `{"token":`, Status: 400},
		{Name: "errors come in the person's language", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: `{"token":"t1","platform":"symbian"}`, Status: 400, Want: []string{`"message":"L'appareil n'a pas pu être enregistré."`}},
	})
}
