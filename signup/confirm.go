package signup

import (
	"errors"
	"net/http"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/duoforajob/duo/sessions"
)

// Confirmed is the answer of a confirmation: whose it is and the session, for the page to
// say where and when (and the video link of an online session, to the registrant only).
type Confirmed struct {
	Status    string  `json:"status"`
	FirstName string  `json:"first_name"`
	Session   Session `json:"session"`
	Link      string  `json:"link,omitempty"`
}

type tokenBody struct {
	Token string `json:"token"`
}

// errFull: the last seat went before the registrant confirmed.
var errFull = errors.New("signup: the session is full")

// confirm confirms the registration of the link's token and puts the registrant on the
// session's list, a seat counted in the same transaction; a second click answers the same.
func confirm(e *core.RequestEvent, now time.Time) error {
	var registration *core.Record
	var session sessionRow
	err := e.App.RunInTransaction(func(tx core.App) error {
		r, err := byToken(e, tx)
		if err != nil {
			return err
		}
		registration = r
		if session, err = sessionOf(tx, r.GetString("session")); err != nil {
			return err
		}
		if !r.GetDateTime("confirmed_at").IsZero() {
			return nil // a second click
		}
		if now.Sub(r.GetDateTime("mailed_at").Time()) > ConfirmWithin {
			return expired()
		}
		if err := openFor(session, now); err != nil {
			return err
		}
		if err := addLine(tx, r); err != nil {
			return err
		}
		r.Set("confirmed_at", now)
		return tx.Save(r)
	})
	switch {
	case errors.Is(err, errFull):
		return apis.NewApiError(http.StatusConflict, "Invalid request.", validation.Errors{
			"session": validation.NewError(CodeFull, "The session of {{.when}} in {{.branch}} is full: register for another one.").
				SetParams(sessionParams(registration, session))})
	case err != nil:
		return apiError(e, err)
	}
	return e.JSON(http.StatusOK, Confirmed{Status: "confirmed", FirstName: registration.GetString("first_name"),
		Session: session.public(), Link: session.Link})
}

// openFor: a session takes registrants until it starts, unless it was cancelled.
func openFor(s sessionRow, now time.Time) error {
	code, text := "", ""
	switch {
	case s.Status == sessions.Cancelled:
		code, text = CodeCancelled, "This session was cancelled: register for another one."
	case !now.Before(s.StartsAt.Time()):
		code, text = CodePast, "This session has already taken place: register for another one."
	default:
		return nil
	}
	return apis.NewApiError(http.StatusConflict, "Invalid request.", validation.Errors{"session": validation.NewError(code, text)})
}

// addLine puts the registrant on the session's list as registered; sessions' rules count the
// seats inside this transaction, so that two confirmations cannot take the last seat twice.
func addLine(tx core.App, r *core.Record) error {
	c, err := tx.FindCachedCollectionByNameOrId("attendance")
	if err != nil {
		return err
	}
	line := core.NewRecord(c)
	line.Load(map[string]any{"session": r.GetString("session"), "registration": r.Id, "state": sessions.Registered})
	err = tx.Save(line)
	var errs validation.Errors
	if errors.As(err, &errs) {
		if state, ok := errs["state"].(validation.Error); ok && state.Code() == sessions.CodeFull {
			return errFull
		}
	}
	return err
}

// cancel erases the registration of the link's token (its line on the session's list goes
// with it); a registrant already turned into a person speaks to their coordinator instead.
func cancel(e *core.RequestEvent, now time.Time) error {
	err := e.App.RunInTransaction(func(tx core.App) error {
		r, err := byToken(e, tx)
		if err != nil {
			return err
		}
		if !r.GetDateTime("converted_at").IsZero() {
			return apis.NewApiError(http.StatusConflict, "Invalid request.", validation.Errors{
				"token": validation.NewError(CodeConverted, "You have joined the programme: ask your coordinator.")})
		}
		if r.GetDateTime("confirmed_at").IsZero() && now.Sub(r.GetDateTime("mailed_at").Time()) > ConfirmWithin {
			return expired()
		}
		return tx.Delete(r)
	})
	if err != nil {
		return apiError(e, err)
	}
	return e.JSON(http.StatusOK, map[string]string{"status": "cancelled"})
}

// byToken finds the registration of the token the request carries.
func byToken(e *core.RequestEvent, tx core.App) (*core.Record, error) {
	var body tokenBody
	if err := e.BindBody(&body); err != nil {
		return nil, e.BadRequestError("Invalid request.", err)
	}
	if body.Token == "" || len(body.Token) > 100 {
		return nil, expired()
	}
	r, err := tx.FindFirstRecordByData(collection, "token_hash", hash(body.Token))
	if err != nil {
		return nil, expired()
	}
	return r, nil
}

// expired: the link's registration is gone (erased, cancelled) or its time is over.
func expired() error {
	return apis.NewNotFoundError("", validation.Errors{"token": validation.NewError(CodeExpired,
		"This link no longer works: it has expired or the registration was cancelled. Register again.")})
}

func sessionParams(r *core.Record, s sessionRow) map[string]any {
	locale := "en"
	if r != nil {
		locale = r.GetString("language")
	}
	return map[string]any{"when": When(locale, s.StartsAt.Time(), s.EndsAt.Time(), s.Timezone), "branch": s.BranchName}
}

// apiError answers an API error as it is, anything else as a 500.
func apiError(e *core.RequestEvent, err error) error {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return err
	}
	return e.InternalServerError("", err)
}
