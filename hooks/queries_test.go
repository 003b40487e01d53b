package hooks_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tools/subscriptions"

	. "github.com/duoforajob/duo/internal/testkit"
)

func listURL(collection string, query ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(query); i += 2 {
		v.Set(query[i], query[i+1])
	}
	return "/api/collections/" + collection + "/records?" + v.Encode()
}

// A filter or sort names only fields of the listed collection that everyone who may list it
// sees; anything else is a 400 naming it, before any row is read.
func TestQueryGuard(t *testing.T) {
	refused := func(param, field string) []string {
		return []string{`"` + param + `":{"code":"duo_query_field"`, field}
	}
	RunAll(t, []Call{
		{Name: "the review's oracle: a mentee's nationality through her duo's history", Caller: DuoMentor, Method: "GET",
			URL:    listURL("duos", "filter", `id='`+DuoOne+`' && duo_events_via_duo.actor.profiles_via_user.nationality != 'MA'`),
			Status: 400, Want: refused("filter", "duo_events_via_duo.actor.profiles_via_user.nationality")},
		{Name: "a partner's satisfaction score", Caller: DuoMentee, Method: "GET",
			URL: listURL("duos", "filter", `evaluations_via_duo.satisfaction > 3`), Status: 400, Want: refused("filter", "evaluations_via_duo.satisfaction")},
		{Name: "a partner's push token", Caller: DuoMentor, Method: "GET",
			URL: listURL("users", "filter", `devices_via_user.token ~ 'f'`), Status: 400, Want: refused("filter", "devices_via_user.token")},
		{Name: "names of everyone in the branch", Caller: DuoMentee, Method: "GET",
			URL: listURL("branches", "filter", `users_via_branch.name ~ 'Olga'`), Status: 400, Want: refused("filter", "users_via_branch.name")},
		{Name: "a relation followed one step", Caller: DuoMentor, Method: "GET",
			URL: listURL("meetings", "filter", `duo.mentee.name ~ 'A'`), Status: 400, Want: refused("filter", "duo.mentee.name")},
		{Name: "another collection joined", Caller: DuoMentor, Method: "GET",
			URL: listURL("duos", "filter", `@collection.profiles.nationality = 'MA'`), Status: 400, Want: refused("filter", "@collection.profiles.nationality")},
		{Name: "a field of the asker's branch", Caller: DuoMentee, Method: "GET",
			URL: listURL("duos", "filter", `@request.auth.branch.users_via_branch.name ~ 'x'`), Status: 400},
		{Name: "a function", Caller: Coord, Method: "GET",
			URL: listURL("duos", "filter", `strftime('%Y', created) = '2026'`), Status: 400, Want: refused("filter", "strftime")},
		{Name: "a field nobody lists by: meeting notes", Caller: DuoMentor, Method: "GET",
			URL: listURL("meetings", "filter", `notes ~ 'CV'`), Status: 400, Want: refused("filter", "notes")},
		{Name: "a profile's expectations, even one's own", Caller: DuoMentee, Method: "GET",
			URL: listURL("profiles", "filter", `expectations ~ 'job'`), Status: 400, Want: refused("filter", "expectations")},
		{Name: "an unreadable filter", Caller: DuoMentee, Method: "GET",
			URL: listURL("duos", "filter", `status = `), Status: 400, Want: []string{`"filter":{"code":"duo_query_syntax"`}},
		{Name: "sorting by hidden emails", Caller: DuoMentor, Method: "GET", URL: listURL("users", "sort", "email"),
			Status: 400, Want: refused("sort", "email")},
		{Name: "a partner's branch, which she does not read", Caller: DuoMentee, Method: "GET",
			URL: listURL("users", "filter", `branch = "`+BranchBrussels+`"`), Status: 400, Want: refused("filter", "branch")},
		{Name: "nor the day an account was made", Caller: DuoMentee, Method: "GET", URL: listURL("users", "sort", "created"),
			Status: 400, Want: refused("sort", "created")},
		{Name: "sorting through a relation", Caller: Coord, Method: "GET", URL: listURL("duos", "sort", "-created,mentee.name"),
			Status: 400, Want: refused("sort", "mentee.name")},
		{Name: "refused in the asker's language", Caller: Coord, Method: "GET", URL: listURL("users", "sort", "email"),
			Status: 400, Want: []string{"Vous ne pouvez pas filtrer ni trier sur email."}},
		{Name: "a mentor's meeting log by duo and date", Caller: DuoMentor, Method: "GET",
			URL: listURL("meetings", "filter", `duo = "`+DuoOne+`" && held_on >= @yearStart`, "sort", "-held_on"), Status: 200},
		{Name: "a coordinator's proposed duos", Caller: Coord, Method: "GET",
			URL:    listURL("duos", "filter", `status = "proposed" && branch = "`+BranchBrussels+`"`, "sort", "-created"),
			Status: 200, Want: []string{DuoProposed}},
		{Name: "people by name and role", Caller: Coord, Method: "GET",
			URL: listURL("users", "filter", `name:lower ~ "amina" && role = "mentee"`, "sort", "name"), Status: 200, Want: []string{MenteeOne}},
		{Name: "a superuser filters on anything", Caller: Superuser, Method: "GET",
			URL: listURL("duos", "filter", `mentee.name ~ 'Amina'`), Status: 200, Want: []string{DuoOne}},
	})
}

// A realtime subscription's filter is held to the same fields: PocketBase would otherwise
// send or withhold each record event by it.
func TestSubscriptionFilterGuard(t *testing.T) {
	subscribe := func(t *testing.T, caller string, subs ...string) (int, string) {
		app := App(t)
		h := Handler(t, app)
		client := subscriptions.NewDefaultClient()
		app.SubscriptionsBroker().Register(client)
		body := `{"clientId":"` + client.Id() + `","subscriptions":["` + strings.Join(subs, `","`) + `"]}`
		rec := Send(t, h, caller, "POST", "/api/realtime", body)
		return rec.Code, rec.Body.String()
	}
	options := func(filter string) string {
		return `?options=` + url.QueryEscape(`{"query":{"filter":"`+filter+`"}}`)
	}
	cases := []struct {
		name, caller, sub string
		status            int
	}{
		{"a filter through a back-relation", DuoMentor, "duos/*" + options("duo_events_via_duo.actor.profiles_via_user.nationality = 'MA'"), 400},
		{"a filter on a hidden field of one record", DuoMentor, "users/" + MenteeOne + options("email ~ 'a'"), 400},
		{"a request value, which PocketBase allows in realtime", DuoMentor, "duos/*" + options("@request.headers.x ~ 'a'"), 400},
		{"the older topic form", DuoMentor, "duos" + options("mentee.name ~ 'A'"), 400},
		{"a duo's meetings", DuoMentor, "meetings/*" + options("duo = '"+DuoOne+"'"), 204},
		{"no filter", DuoMentee, "meetings/*", 204},
		{"the sync topic", DuoMentee, "sync", 204},
		{"a superuser", Superuser, "duos/*" + options("mentee.name ~ 'A'"), 204},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := subscribe(t, c.caller, strings.ReplaceAll(c.sub, `"`, `\"`))
			if status != c.status {
				t.Fatalf("got %d %s, want %d", status, body, c.status)
			}
			if status == 400 && !strings.Contains(body, `"filter":{"code":"duo_query_field"`) {
				t.Errorf("the refusal does not name the field: %s", body)
			}
		})
	}
}
