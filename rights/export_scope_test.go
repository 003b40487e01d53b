package rights_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/duoforajob/duo/hooks"
	. "github.com/duoforajob/duo/internal/testkit"
)

// An export holds what its requester may read through the API, record by record: her phones
// (push tokens) go to the person herself and to administrators, never to her coordinator,
// who reads them nowhere else; the pushes sent to her, to her and administrators.
func TestExportHoldsWhatTheRequesterMayRead(t *testing.T) {
	app := App(t)
	phonesAndPushes(t, app)
	h := Handler(t, app)
	phone, token, push := "devicementee010", "devicementee01token", "pushtomentee010"
	cases := []struct {
		name, caller  string
		want, notWant []string
	}{
		{"the person herself gets her phones and her pushes", MenteeOne, []string{phone, token, push}, nil},
		{"an administrator gets them", Superuser, []string{phone, token, push}, nil},
		{"her coordinator gets neither", Coord, []string{`"duos":[`, MeetingOne}, []string{phone, token, push}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := Send(t, h, c.caller, "GET", exportURL(MenteeOne), "")
			body := res.Body.String()
			if res.Code != 200 {
				t.Fatalf("%d %s", res.Code, body)
			}
			for _, s := range c.want {
				if !strings.Contains(body, s) {
					t.Errorf("lacks %s", s)
				}
			}
			for _, s := range c.notWant {
				if strings.Contains(body, s) {
					t.Errorf("holds %s", s)
				}
			}
		})
	}
}

// After an administrator moves a person to another branch, the new branch's coordinator
// exports her without her duos of the former branch: two worlds that differ only in those
// (her former mentor's name, where they met, his notes) give the same export, byte for byte,
// and it names none of them. She herself still gets her old duo.
func TestExportFollowsTheBranchAfterAMove(t *testing.T) {
	clock := &Clock{T: Now()}
	world := func(name, place, notes string) (http.Handler, string) {
		app := AppWith(t, hooks.Options{Now: clock.Now})
		Change(t, app, "", "users", MenteeClosed, map[string]any{"branch": BranchAntwerp})
		for _, sql := range []string{
			`UPDATE users SET name = {:name} WHERE id = {:mentor}`,
			`UPDATE duos SET meeting_place = {:place} WHERE id = {:duo}`,
			`UPDATE meetings SET notes = {:notes} WHERE id = {:meeting}`,
		} {
			if _, err := app.DB().NewQuery(sql).Bind(dbx.Params{"name": name, "mentor": MentorClosed, "place": place,
				"duo": DuoClosed, "notes": notes, "meeting": MeetingClosed}).Execute(); err != nil {
				t.Fatal(err)
			}
		}
		h := Handler(t, app)
		res := Send(t, h, OtherCoord, "GET", exportURL(MenteeClosed), "")
		if res.Code != 200 {
			t.Fatalf("%d %s", res.Code, res.Body)
		}
		var v any // PocketBase writes a map's keys in any order
		if err := json.Unmarshal(res.Body.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		sorted, _ := json.Marshal(v)
		return h, string(sorted)
	}
	h, a := world("Jo Mentor", "Café du Parc", "Worked on the CV")
	_, b := world("Zeno Other", "Chez lui, 3 rue X", "Zzz talked about the family")
	if a != b {
		t.Errorf("the export depends on what its requester may not read:\n A %s\n B %s", a, b)
	}
	for _, never := range []string{DuoClosed, MentorClosed, MeetingClosed, "Jo Mentor", "Café du Parc", "Worked on the CV"} {
		if strings.Contains(a, never) {
			t.Errorf("the new branch's coordinator exports %s", never)
		}
	}
	if own := Send(t, h, MenteeClosed, "GET", exportURL(MenteeClosed), "").Body.String(); !strings.Contains(own, MeetingClosed) ||
		!strings.Contains(own, "Jo Mentor") {
		t.Errorf("she lost her own former duo: %s", own)
	}
	if res := Send(t, h, Coord, "GET", exportURL(MenteeClosed), ""); res.Code != 404 {
		t.Errorf("the former branch's coordinator: %d", res.Code)
	}
}
