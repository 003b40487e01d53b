package signup

import (
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/duoforajob/duo/access"
)

// Consent to being contacted, as the sign-up records it on the person it became.
const (
	ConsentPurpose = "contact"
	ConsentVia     = "signup"
	// ConsentText is the version of the sign-up form's consent sentence (pb_public/join).
	ConsentText = "join-2026"
)

// Converted is the answer of a conversion: the person the registrant is now, and whether
// that person's account existed already (the same address, branch and role).
type Converted struct {
	Registration string         `json:"registration"`
	Person       string         `json:"person"`
	Linked       bool           `json:"linked"`
	ConvertedAt  types.DateTime `json:"converted_at"`
}

// convert turns a confirmed registrant into a person of the registration's branch, once:
// their account (with no password: the console invites them next, when the coordinator
// chooses), their consent to be contacted, and their lines on the session lists. A second
// call, or a second coordinator at the same moment, gets the same person.
func convert(e *core.RequestEvent, now time.Time) error {
	actor := access.ActorFrom(e.Auth)
	if !actor.IsStaff() {
		return e.ForbiddenError("The console is for the programme's staff.", nil)
	}
	var out Converted
	err := e.App.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById(collection, e.Request.PathValue("id"))
		if err != nil || !(actor.IsSuperuser() || actor.IsCoordinatorOf(r.GetString("branch"))) {
			return apis.NewNotFoundError("", nil)
		}
		out = Converted{Registration: r.Id, Person: r.GetString("person"), ConvertedAt: r.GetDateTime("converted_at")}
		switch {
		case !r.GetDateTime("converted_at").IsZero():
			return nil
		case r.GetDateTime("confirmed_at").IsZero():
			return apis.NewApiError(http.StatusConflict, "Invalid request.", validation.Errors{"confirmed_at": validation.NewError(
				CodeUnconfirmed, "This registrant has not confirmed their address yet.")})
		}
		person, linked, err := personFor(tx, r, actor)
		if err != nil {
			return err
		}
		r.Set("person", person.Id)
		r.Set("converted_at", now)
		if err := tx.Save(r); err != nil {
			return err
		}
		if err := recordConsent(tx, person.Id, actor); err != nil {
			return err
		}
		out = Converted{Registration: r.Id, Person: person.Id, Linked: linked, ConvertedAt: r.GetDateTime("converted_at")}
		return moveLines(tx, r.Id, person.Id)
	})
	if err != nil {
		return apiError(e, err)
	}
	return e.JSON(http.StatusOK, out)
}

// personFor is the registrant's account: the one of their address if it is a person of the
// registration's branch with the role registered for (linked), a new one otherwise. Any
// other account of that address (another branch or role, a coordinator) stops the
// conversion: the coordinator, staff of the branch, is told so and sorts it out.
func personFor(tx core.App, r *core.Record, actor access.Actor) (*core.Record, bool, error) {
	email := r.GetString("email")
	existing, err := tx.FindAllRecords("users", dbx.NewExp("LOWER(email) = {:e}", dbx.Params{"e": strings.ToLower(email)}))
	if err != nil {
		return nil, false, err
	}
	if len(existing) > 0 {
		u := existing[0]
		if u.GetString("branch") == r.GetString("branch") && u.GetString("role") == r.GetString("role") && u.GetDateTime("erased_at").IsZero() {
			return u, true, nil
		}
		return nil, false, apis.NewApiError(http.StatusConflict, "Invalid request.", validation.Errors{"email": validation.NewError(
			CodeAccount, "An account with this e-mail address exists in another branch or with another role: change it first, or ask an administrator.")})
	}
	users, err := tx.FindCachedCollectionByNameOrId("users")
	if err != nil {
		return nil, false, err
	}
	u := core.NewRecord(users)
	u.Load(map[string]any{"name": r.GetString("first_name") + " " + r.GetString("last_name"), "role": r.GetString("role"),
		"branch": r.GetString("branch"), "locale": r.GetString("language")})
	u.SetEmail(email)
	u.SetRandomPassword() // the person chooses theirs through the invitation
	detach := access.Attach(u, actor)
	defer detach()
	return u, false, tx.Save(u)
}

// recordConsent records the registrant's consent to be contacted on the person, as given
// through the sign-up (confirmed by mail).
func recordConsent(tx core.App, personID string, actor access.Actor) error {
	c, err := tx.FindFirstRecordByFilter("consents", "person = {:p} && purpose = {:k}", dbx.Params{"p": personID, "k": ConsentPurpose})
	if err != nil {
		consents, err := tx.FindCachedCollectionByNameOrId("consents")
		if err != nil {
			return err
		}
		c = core.NewRecord(consents)
		c.Load(map[string]any{"person": personID, "purpose": ConsentPurpose})
	}
	c.Load(map[string]any{"state": "given", "text_version": ConsentText, "recorded_via": ConsentVia})
	detach := access.Attach(c, actor)
	defer detach()
	return tx.Save(c)
}

// moveLines gives the registrant's lines on session lists to the person; where the person
// already has a line on that session, theirs stays and the registrant's goes.
func moveLines(tx core.App, registrationID, personID string) error {
	lines, err := tx.FindAllRecords("attendance", dbx.HashExp{"registration": registrationID})
	if err != nil {
		return err
	}
	for _, line := range lines {
		if _, err := tx.FindFirstRecordByFilter("attendance", "session = {:s} && person = {:p}",
			dbx.Params{"s": line.GetString("session"), "p": personID}); err == nil {
			if err := tx.Delete(line); err != nil {
				return err
			}
			continue
		}
		line.Set("person", personID)
		line.Set("registration", "")
		if err := tx.Save(line); err != nil {
			return err
		}
	}
	return nil
}
