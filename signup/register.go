package signup

import (
	"net/http"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/ozzo-validation/v4/is"
	"github.com/pocketbase/pocketbase/core"
)

// Request is what the sign-up's form sends to POST /api/join.
type Request struct {
	Session        string `json:"session"`
	FirstName      string `json:"first_name"`
	LastName       string `json:"last_name"`
	Email          string `json:"email"`
	Phone          string `json:"phone"`
	Role           string `json:"role"`
	Language       string `json:"language"`
	ConsentContact bool   `json:"consent_contact"`
	// Website is the honeypot: a field the page hides from people, which only robots fill.
	Website string `json:"website"`
}

// Accepted is the one answer of POST /api/join, whoever registers: a new address, one
// already registered for the session, an account's, a robot's or one over its mail limit.
// Nobody learns from it whether an address is known.
var Accepted = map[string]string{"status": "sent"}

var (
	phonePattern = regexp.MustCompile(`^\+?[0-9 ()./-]{6,30}$`)
	digits       = regexp.MustCompile(`[0-9]`)
)

// register validates a registration, stores it unconfirmed (or finds the one of that address
// for that session) and mails its confirmation link, after the answer, which is the same in
// every case.
func register(e *core.RequestEvent, now time.Time) error {
	var in Request
	if err := e.BindBody(&in); err != nil {
		return e.BadRequestError("Invalid request.", err)
	}
	in.normalize()
	session, errs := in.validate(e.App, now)
	if len(errs) > 0 {
		return e.BadRequestError("Invalid request.", errs)
	}
	var letter *confirmation
	if in.Website == "" {
		var err error
		if letter, err = store(e.App, in, session, now); err != nil {
			return e.InternalServerError("", err)
		}
	}
	if err := e.JSON(http.StatusAccepted, Accepted); err != nil {
		return err
	}
	if letter != nil {
		outboxOf(e.App).send(e.App, letter)
	}
	return nil
}

// normalize trims what people type around their answers and writes the address in lower
// case, so that one address is one registrant.
func (in *Request) normalize() {
	for _, s := range []*string{&in.Session, &in.FirstName, &in.LastName, &in.Email, &in.Phone, &in.Role, &in.Language} {
		*s = strings.TrimSpace(*s)
	}
	in.Email = strings.ToLower(in.Email)
}

// validate names every wrong field; it answers the session open to the sign-up.
func (in *Request) validate(app core.App, now time.Time) (*sessionRow, validation.Errors) {
	errs := validation.Errors{}
	var session *sessionRow
	if rows, err := upcoming(app, now, in.Session); in.Session == "" || err != nil || len(rows) == 0 {
		errs["session"] = validation.NewError(CodeSession, "Choose one of the coming information sessions.")
	} else {
		session = &rows[0]
	}
	for field, name := range map[string]string{"first_name": in.FirstName, "last_name": in.LastName} {
		if !validName(name) {
			errs[field] = validation.NewError(CodeName, "Write a name of 1 to 60 letters.")
		}
	}
	if !validEmail(in.Email) {
		errs["email"] = validation.NewError(CodeEmail, "Write an e-mail address such as name@example.org.")
	}
	if in.Phone != "" && (!phonePattern.MatchString(in.Phone) || len(digits.FindAllString(in.Phone, -1)) < 6) {
		errs["phone"] = validation.NewError(CodePhone, "Write a phone number such as +32 470 12 34 56, or leave it empty.")
	}
	if in.Role != "mentor" && in.Role != "mentee" {
		errs["role"] = validation.NewError(CodeRole, "Choose mentor or mentee.")
	}
	if in.Language != "fr" && in.Language != "nl" && in.Language != "en" {
		errs["language"] = validation.NewError(CodeLanguage, "Choose French, Dutch or English.")
	}
	if !in.ConsentContact {
		errs["consent_contact"] = validation.NewError(CodeConsent, "The branch needs your agreement to contact you.")
	}
	return session, errs
}

// validName: 1 to 60 characters, letters among them, no control character, no markup and
// no address (the mail quotes the name back to whoever owns the address).
func validName(name string) bool {
	n := len([]rune(name))
	if n == 0 || n > 60 || strings.ContainsAny(name, "<>@/\\:{}[]") {
		return false
	}
	letters := false
	for _, r := range name {
		if unicode.IsControl(r) {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}

func validEmail(email string) bool {
	if len(email) > 254 || is.EmailFormat.Validate(email) != nil {
		return false
	}
	parsed, err := mail.ParseAddress(email)
	return err == nil && parsed.Address == email
}

// store finds the registration of that address for that session or makes one, and claims a
// confirmation mail for it; nil when the address has had its mails of the day (then nothing
// new is stored either).
func store(app core.App, in Request, session *sessionRow, now time.Time) (*confirmation, error) {
	var letter *confirmation
	err := app.RunInTransaction(func(tx core.App) error {
		record, err := tx.FindFirstRecordByFilter(collection, "session = {:s} && email = {:e}", dbx.Params{"s": session.ID, "e": in.Email})
		if err != nil {
			c, err := tx.FindCachedCollectionByNameOrId(collection)
			if err != nil {
				return err
			}
			record = core.NewRecord(c)
			record.Load(map[string]any{"branch": session.Branch, "session": session.ID, "first_name": in.FirstName,
				"last_name": in.LastName, "email": in.Email, "phone": in.Phone, "role": in.Role, "language": in.Language,
				"consent_contact": true})
		}
		allowed, err := claimMail(tx, in.Email, now)
		if err != nil || !allowed {
			return err
		}
		token, hashed := newToken()
		record.Set("token_hash", hashed)
		record.Set("mailed_at", now)
		if err := tx.Save(record); err != nil {
			return err
		}
		letter = &confirmation{record: record, session: *session, token: token}
		return nil
	})
	return letter, err
}
