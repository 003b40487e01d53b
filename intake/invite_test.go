package intake_test

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/hooks"
	"github.com/duoforajob/duo/intake"
	. "github.com/duoforajob/duo/internal/testkit"
)

func inviteURL(person string) string {
	return strings.Replace(intake.InviteRoute, "{id}", person, 1)
}

var linkToken = regexp.MustCompile(`password\.html\?lang=\w\w#token=([\w.-]+)`)

func TestInviteRoute(t *testing.T) {
	calls := Matrix(t, "inviting a waiting mentee", "POST", inviteURL(FreeMentee), "", Expect{
		Anonymous: 401, DuoMentee: 403, DuoMentor: 403, OtherMentee: 403, Coord: 200, OtherCoord: 404, Superuser: 200})
	calls = append(calls,
		Call{Name: "a coordinator is invited by no other coordinator", Caller: Coord, Method: "POST", URL: inviteURL(CoordAntwerp), Status: 404},
		Call{Name: "nor is the coordinator's colleague", Caller: OtherCoord, Method: "POST", URL: inviteURL(CoordBrussels), Status: 404},
		Call{Name: "an unknown person", Caller: Coord, Method: "POST", URL: inviteURL("nobody000000000"), Status: 404},
		Call{Name: "one mail, in the person's language, with when it was sent", Caller: Coord, Method: "POST", URL: inviteURL(FreeMentee),
			Status: 200, Want: []string{`"person":"` + FreeMentee + `"`, `"sentAt":"`, `"expiresAt":"`},
			Check: func(t testing.TB, app *tests.TestApp) {
				if n := app.TestMailer.TotalSend(); n != 1 {
					t.Fatalf("%d mails", n)
				}
				m := app.TestMailer.LastMessage()
				if m.To[0].Address != FreeMentee+"@test.example.org" || !strings.Contains(m.Subject, "choisissez votre mot de passe") ||
					!strings.Contains(m.Text, "Bonjour Kathleen Mentee,") || !linkToken.MatchString(m.HTML) {
					t.Errorf("mail: to %v, %q\n%s", m.To, m.Subject, m.Text)
				}
				if Find(t, app, "users", FreeMentee).GetDateTime("invited_at").IsZero() {
					t.Error("invited_at not recorded")
				}
			}},
		Call{Name: "a Dutch speaker reads it in Dutch", Caller: Coord, Method: "POST", URL: inviteURL(MentorCompleted), Status: 200,
			Check: func(t testing.TB, app *tests.TestApp) {
				if m := app.TestMailer.LastMessage(); !strings.Contains(m.Subject, "kies je wachtwoord") || !strings.Contains(m.Text, "als mentor") {
					t.Errorf("%q\n%s", m.Subject, m.Text)
				}
			}},
	)
	RunAll(t, calls)
}

// The link sets a password once, through PocketBase's own confirm-password-reset; the person
// then signs in with it, and the same link works no more. It lasts a week.
func TestInvitationLinkSetsThePasswordOnce(t *testing.T) {
	app := App(t)
	if _, err := intake.Invite(app, Coord, FreeMentee, Now()); err != nil {
		t.Fatal(err)
	}
	token := linkToken.FindStringSubmatch(app.TestMailer.LastMessage().Text)[1]
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
		t.Fatal(err)
	}
	exp, _ := claims.GetExpirationTime()
	if d := time.Until(exp.Time); d < intake.InviteValidity-time.Minute || d > intake.InviteValidity {
		t.Errorf("the link lasts %v", d)
	}
	h := Handler(t, app)
	confirm := `{"token":"` + token + `","password":"a-new-password-1","passwordConfirm":"a-new-password-1"}`
	if res := Send(t, h, Anonymous, "POST", "/api/collections/users/confirm-password-reset", confirm); res.Code != http.StatusNoContent {
		t.Fatalf("confirm: %d %s", res.Code, res.Body)
	}
	signIn := `{"identity":"` + FreeMentee + `@test.example.org","password":"a-new-password-1"}`
	if res := Send(t, h, Anonymous, "POST", "/api/collections/users/auth-with-password", signIn); res.Code != http.StatusOK {
		t.Errorf("sign-in: %d %s", res.Code, res.Body)
	}
	if res := Send(t, h, Anonymous, "POST", "/api/collections/users/confirm-password-reset", confirm); res.Code != http.StatusBadRequest {
		t.Errorf("the link used twice: %d", res.Code)
	}
	if !Find(t, app, "users", FreeMentee).Verified() {
		t.Error("setting a password from the mail proves the address")
	}
}

// A second invitation within a minute is refused with its reason; a minute later it leaves.
func TestInvitationsAMinuteApart(t *testing.T) {
	clock := &Clock{T: Now()}
	app := AppWith(t, hooks.Options{Now: clock.Now})
	h := Handler(t, app)
	if res := Send(t, h, Coord, "POST", inviteURL(FreeMentee), ""); res.Code != 200 {
		t.Fatalf("first: %d %s", res.Code, res.Body)
	}
	clock.T = clock.T.Add(59 * time.Second)
	res := Send(t, h, Coord, "POST", inviteURL(FreeMentee), "")
	if res.Code != http.StatusTooManyRequests || !strings.Contains(res.Body.String(), `"invitedAt":{"code":"duo_invite_recent","message":"Une invitation est partie`) {
		t.Errorf("59 s later: %d %s", res.Code, res.Body)
	}
	clock.T = clock.T.Add(time.Second)
	if res := Send(t, h, Coord, "POST", inviteURL(FreeMentee), ""); res.Code != 200 {
		t.Errorf("a minute later: %d %s", res.Code, res.Body)
	}
	if n := app.TestMailer.TotalSend(); n != 2 {
		t.Errorf("%d mails, want 2", n)
	}
}

// Two coordinators (or a double click) at the same moment send one mail.
func TestSimultaneousInvitationsSendOneMail(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	codes := make([]int, 8)
	var wg gosync.WaitGroup
	for i := range codes {
		wg.Go(func() { codes[i] = Send(t, h, Coord, "POST", inviteURL(FreeMentee), "").Code })
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		if c == 200 {
			ok++
		} else if c != http.StatusTooManyRequests {
			t.Errorf("status %d", c)
		}
	}
	if ok != 1 || app.TestMailer.TotalSend() != 1 {
		t.Errorf("%d answered 200, %d mails; want one of each", ok, app.TestMailer.TotalSend())
	}
}

// A mail that cannot leave is said (503, with the field) and leaves the person uninvited,
// so the coordinator may try again at once.
func TestAFailedMailLeavesThePersonUninvited(t *testing.T) {
	app := App(t)
	fail := true
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		if fail {
			return errors.New("connection refused")
		}
		return e.Next()
	})
	h := Handler(t, app)
	res := Send(t, h, Coord, "POST", inviteURL(FreeMentee), "")
	if res.Code != http.StatusServiceUnavailable || !strings.Contains(res.Body.String(), `"email":{"code":"duo_invite_mail"`) {
		t.Errorf("%d %s", res.Code, res.Body)
	}
	if at := Find(t, app, "users", FreeMentee).GetDateTime("invited_at"); !at.IsZero() {
		t.Errorf("invited_at = %v after a failed mail", at)
	}
	fail = false
	if res := Send(t, h, Coord, "POST", inviteURL(FreeMentee), ""); res.Code != 200 {
		t.Errorf("the retry: %d %s", res.Code, res.Body)
	}
}

// Staff make an account without a password (the person chooses it from the invitation);
// nobody can sign in with an empty one, and people still may not make accounts.
func TestStaffMakeAccountsWithoutAPassword(t *testing.T) {
	body := `{"email":"new.mentee@test.example.org","name":"Nour Nouvelle","role":"mentee","branch":"` + BranchBrussels + `"}`
	calls := []Call{
		{Name: "a coordinator, for her branch", Caller: Coord, Method: "POST", URL: "/api/collections/users/records", Body: body,
			Status: 200, Want: []string{`"name":"Nour Nouvelle"`}, NotWant: []string{`"password"`},
			Check: func(t testing.TB, app *tests.TestApp) {
				u, err := app.FindAuthRecordByEmail("users", "new.mentee@test.example.org")
				var hash string
				_ = app.DB().NewQuery("SELECT password FROM users WHERE email = 'new.mentee@test.example.org'").Row(&hash)
				if err != nil || u.ValidatePassword("") || len(hash) < 50 {
					t.Errorf("the account has no unknown password: %v", err)
				}
			}},
		{Name: "a superuser", Caller: Superuser, Method: "POST", URL: "/api/collections/users/records", Body: body, Status: 200},
		{Name: "another branch's coordinator", Caller: OtherCoord, Method: "POST", URL: "/api/collections/users/records", Body: body, Status: 400},
		{Name: "a mentor", Caller: DuoMentor, Method: "POST", URL: "/api/collections/users/records", Body: body, Status: 400},
		{Name: "anonymous", Caller: Anonymous, Method: "POST", URL: "/api/collections/users/records", Body: body, Status: 400},
	}
	RunAll(t, calls)
}

// One sender sends SenderPerHour invitations within an hour and SenderPerDay within a day;
// the next is refused (429, with when it may leave) until the oldest leaves the window, to
// the second. Another sender is not held by the first's.
func TestInvitationsPerSender(t *testing.T) {
	clock := &Clock{T: Now().Truncate(time.Second)}
	start := clock.T
	app := AppWith(t, hooks.Options{Now: clock.Now})
	h := Handler(t, app)
	at := func(d time.Duration) { clock.T = start.Add(d) }
	for i := range intake.SenderPerHour { // one a minute: a person waits a minute between two
		at(time.Duration(i) * time.Minute)
		if res := Send(t, h, Coord, "POST", inviteURL(FreeMentee), ""); res.Code != 200 {
			t.Fatalf("invitation %d: %d %s", i+1, res.Code, res.Body)
		}
	}
	cases := []struct {
		name       string
		caller     string
		person     string
		after      time.Duration
		status     int
		retryAfter string
	}{
		{"one more within the hour", Coord, FreeMentee, 30 * time.Minute, 429, "1800"},
		{"a second before the first leaves the hour", Coord, FreeMentee, time.Hour - time.Second, 429, "1"},
		{"another coordinator meanwhile", OtherCoord, MenteeAntwerp, 31 * time.Minute, 200, ""},
		{"once the first has left the hour", Coord, FreeMentee, time.Hour, 200, ""},
	}
	for _, c := range cases {
		at(c.after)
		res := Send(t, h, c.caller, "POST", inviteURL(c.person), "")
		if res.Code != c.status || res.Header().Get("Retry-After") != c.retryAfter {
			t.Errorf("%s: %d (Retry-After %q) %s", c.name, res.Code, res.Header().Get("Retry-After"), res.Body)
		}
		if c.status == 429 && !strings.Contains(res.Body.String(), `"sender":{"code":"`+intake.CodeSenderHour+`","message":"Vous avez envoyé 30 invitations`) {
			t.Errorf("%s: %s", c.name, res.Body)
		}
	}
}

func TestInvitationsPerSenderAndDay(t *testing.T) {
	app := App(t)
	start := Now().Truncate(time.Second)
	every := 150 * time.Second // 24 an hour: under the hour's limit
	for i := range intake.SenderPerDay {
		if _, err := intake.Invite(app, Coord, FreeMentee, start.Add(time.Duration(i)*every)); err != nil {
			t.Fatalf("invitation %d: %v", i+1, err)
		}
	}
	var limit *intake.SenderLimitError
	_, err := intake.Invite(app, Coord, FreeMentee, start.Add(24*time.Hour-time.Second))
	if !errors.As(err, &limit) || limit.Window != 24*time.Hour || !limit.Next.Equal(start.Add(24*time.Hour)) {
		t.Fatalf("a second before the first leaves the day: %v", err)
	}
	if _, err := intake.Invite(app, Coord, FreeMentee, start.Add(24*time.Hour)); err != nil {
		t.Errorf("once the first has left the day: %v", err)
	}
}
