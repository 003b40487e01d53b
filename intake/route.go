package intake

import (
	"errors"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/duoforajob/duo/access"
)

// Routes of intake.
const (
	PeopleRoute = "/api/console/people"
	InviteRoute = "/api/console/people/{id}/invite"
)

// Error codes; their texts in every language are in i18n/locales.
const (
	CodeInviteRecent = "duo_invite_recent"
	CodeInviteMail   = "duo_invite_mail"
	CodeNoEmail      = "duo_invite_no_email"
	CodeSenderHour   = "duo_invite_sender_hour"
	CodeSenderDay    = "duo_invite_sender_day"
)

// Page sizes of the roster.
const (
	DefaultPerPage = 50
	MaxPerPage     = 200
)

// Bind registers intake's routes on app, and lets staff make an account without a password.
func Bind(app core.App, now func() time.Time) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(PeopleRoute, roster).Bind(apis.RequireAuth())
		se.Router.POST(InviteRoute, func(e *core.RequestEvent) error { return invite(e, now()) }).Bind(apis.RequireAuth())
		se.Router.BindFunc(passwordLater)
		return se.Next()
	})
}

// passwordLater: an account made by staff with no password gets a random one nobody knows;
// the person chooses theirs through the invitation. Everyone else still has to give one.
func passwordLater(e *core.RequestEvent) error {
	if e.Request.Pattern != "POST /api/collections/{collection}/records" || !access.ActorFrom(e.Auth).IsStaff() {
		return e.Next()
	}
	if c, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection")); err != nil || c.Name != "users" {
		return e.Next()
	}
	info, err := e.RequestInfo()
	if err != nil || info.Body == nil {
		return e.Next() // PocketBase answers the unreadable body itself; a null one, hooks.bindBodyShape
	}
	if _, given := info.Body["password"]; !given {
		if _, confirm := info.Body["passwordConfirm"]; !confirm {
			random := security.RandomString(40)
			info.Body["password"], info.Body["passwordConfirm"] = random, random
		}
	}
	return e.Next()
}

func roster(e *core.RequestEvent) error {
	branch, err := access.ConsoleBranch(e)
	if err != nil {
		return err
	}
	f, err := readFilter(e)
	if err != nil {
		return e.BadRequestError("Invalid request.", err)
	}
	r, err := Find(e.App, branch, f)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, r)
}

// readFilter reads the roster's query parameters, naming the first wrong one.
func readFilter(e *core.RequestEvent) (Filter, error) {
	q := e.Request.URL.Query()
	f := Filter{Role: q.Get("role"), Status: q.Get("status"), Training: q.Get("training"), Query: q.Get("q"),
		Page: 1, PerPage: DefaultPerPage}
	errs := validation.Errors{}
	oneOf := func(field, value string, allowed []string) {
		if value != "" && !slices.Contains(allowed, value) {
			errs[field] = validation.NewError("validation_invalid_value", "Invalid value.")
		}
	}
	oneOf("role", f.Role, []string{access.RoleMentor, access.RoleMentee})
	oneOf("status", f.Status, Statuses)
	oneOf("training", f.Training, Trainings)
	if len([]rune(f.Query)) > 100 {
		errs["q"] = validation.NewError("validation_length_too_long", "The maximum length is {{.max}}.").SetParams(map[string]any{"max": 100})
	}
	number := func(field string, into *int, max int) {
		if raw := q.Get(field); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 1 || n > max {
				errs[field] = validation.NewError("validation_max_number_constraint", "Must be between 1 and {{.max}}.").
					SetParams(map[string]any{"max": max})
				return
			}
			*into = n
		}
	}
	number("page", &f.Page, 1_000_000)
	number("perPage", &f.PerPage, MaxPerPage)
	if len(errs) > 0 {
		return f, errs
	}
	return f, nil
}

// invite: the coordinators of the person's branch, and superusers, invite mentors and
// mentees; to anyone else the person is not found.
func invite(e *core.RequestEvent, now time.Time) error {
	actor := access.ActorFrom(e.Auth)
	if !actor.IsStaff() {
		return e.ForbiddenError("The console is for the programme's staff.", nil)
	}
	person, err := e.App.FindRecordById("users", e.Request.PathValue("id"))
	if err != nil || !actor.ManagesPerson(person) {
		return e.NotFoundError("", err)
	}
	sent, err := Invite(e.App, e.Auth.Id, person.Id, now)
	var limit *SenderLimitError
	switch {
	case errors.As(err, &limit):
		return senderLimited(e, limit, now)
	case errors.Is(err, ErrRecent):
		return apis.NewApiError(http.StatusTooManyRequests, "Invalid request.", validation.Errors{
			"invitedAt": validation.NewError(CodeInviteRecent, "An invitation left less than a minute ago.")})
	case errors.Is(err, ErrNoEmail):
		return e.BadRequestError("Invalid request.", validation.Errors{
			"email": validation.NewError(CodeNoEmail, "Give the person's e-mail address first.")})
	case errors.Is(err, ErrMailSend):
		e.App.Logger().Error("intake: invitation not sent", "person", person.Id, "error", err)
		return apis.NewApiError(http.StatusServiceUnavailable, "The mail could not be sent.", validation.Errors{
			"email": validation.NewError(CodeInviteMail, "The mail could not be sent; try again later.")})
	case err != nil:
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, sent)
}

// senderLimited answers 429 with when the next invitation may leave (Retry-After, seconds).
func senderLimited(e *core.RequestEvent, limit *SenderLimitError, now time.Time) error {
	wait := max(limit.Next.Sub(now), time.Second)
	e.Response.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	code, text := CodeSenderHour, "You have sent {{.max}} invitations in the last hour: the next can leave in {{.minutes}} minutes."
	if limit.Window > time.Hour {
		code, text = CodeSenderDay, "You have sent {{.max}} invitations in the last 24 hours: the next can leave in {{.hours}} hours."
	}
	return apis.NewApiError(http.StatusTooManyRequests, "Too many invitations from this account.", validation.Errors{
		"sender": validation.NewError(code, text).SetParams(map[string]any{"max": limit.Max,
			"minutes": int(math.Ceil(wait.Minutes())), "hours": int(math.Ceil(wait.Hours()))})})
}
