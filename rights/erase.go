package rights

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/erasure"
)

// EraseRoute erases a person: POST /api/people/{id}/erase with {"reason": "request"}.
const EraseRoute = access.EraseRoute

// EraseBodyLimit: an erasure's body is one reason code; anything bigger is refused (413).
const EraseBodyLimit = 4 << 10

// Error codes of the erasure; their texts in every language are in i18n/locales.
const (
	CodeEraseReason  = "duo_erase_reason"
	CodeEraseOpenDuo = "duo_erase_open_duo"
)

// ChosenReasons are the reasons a coordinator gives; "retention" is the daily job's own.
func ChosenReasons() []string {
	return slices.DeleteFunc(slices.Clone(erasure.Reasons), func(r string) bool { return r == erasure.ReasonRetention })
}

// ErasedAnswer is what an erasure answers: the person's former id, which now names nobody.
type ErasedAnswer struct {
	Person string    `json:"person"`
	Reason string    `json:"reason"`
	At     time.Time `json:"erasedAt"`
}

// erase: the coordinators of the person's branch and superusers (who also erase a departed
// coordinator); the person themselves is told to ask their coordinator, anyone else finds
// nobody.
func erase(e *core.RequestEvent, now time.Time) error {
	actor := access.ActorFrom(e.Auth)
	person, err := e.App.FindRecordById("users", e.Request.PathValue("id"))
	if err != nil || !person.GetDateTime("erased_at").IsZero() {
		return e.NotFoundError("", err)
	}
	if !actor.ManagesPerson(person) && !(actor.IsSuperuser() && person.GetString("role") == access.RoleCoordinator) {
		if actor.PersonID() == person.Id {
			return e.ForbiddenError("Your coordinator erases your data when you ask them.", nil)
		}
		return e.NotFoundError("", nil)
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if err := e.BindBody(&body); err != nil || !slices.Contains(ChosenReasons(), body.Reason) {
		return e.BadRequestError("Invalid request.", validation.Errors{"reason": validation.NewError(CodeEraseReason,
			"Choose why the person is erased: {{.values}}.").SetParams(map[string]any{"values": strings.Join(ChosenReasons(), ", ")})})
	}
	if _, err := erasure.Erase(e.App, person.Id, body.Reason, actor, now); err != nil {
		if errors.Is(err, erasure.ErrNotFound) || errors.Is(err, erasure.ErrAlreadyErased) {
			return e.NotFoundError("", nil) // erased meanwhile by someone else
		}
		if errors.Is(err, erasure.ErrOpenDuo) {
			return e.Error(http.StatusConflict, "Invalid request.", validation.Errors{"duos": validation.NewError(CodeEraseOpenDuo,
				"Close the person's duos first (stop, decline or complete them): an open duo needs them.")})
		}
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, ErasedAnswer{Person: person.Id, Reason: body.Reason, At: now.UTC()})
}
