package supervision

import (
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// CaseNotes is the collection of the coordinators' dated notes on a person or a duo: the
// working file. Its API rules open it to the coordinators of the branch the person or duo is
// in (and administrators); each note is changed or deleted by its author; the app never
// syncs it. A note on a person is in their export (a coordinator's), a note on a duo in both
// partners'; the erasure of a person takes their notes and their duos' with it.
const CaseNotes = "case_notes"

// Codes of a note refused.
const (
	CodeNoteAbout   = "duo_note_about"
	CodeNoteSession = "duo_note_session"
	CodeNoteBlank   = "duo_note_blank"
)

// prepareCaseNote: the server says who wrote the note.
func prepareCaseNote(app core.App, note *core.Record, now time.Time) error {
	if note.IsNew() {
		note.Set("author", access.ActorOf(note).PersonID())
	} else {
		note.Set("author", note.Original().Get("author"))
	}
	return nil
}

// validateCaseNote: a note is about one mentor or mentee, or one duo, for good; the session
// it records is that duo's, or one that person is on the list of; it says something.
func validateCaseNote(app core.App, note *core.Record, now time.Time) error {
	errs := validation.Errors{}
	if !note.IsNew() {
		for _, f := range []string{"person", "duo", "session"} {
			if access.Changed(note, f) {
				errs[f] = validation.NewError(lifecycle.CodeImmutable, "This field cannot be changed.")
			}
		}
	}
	person, duo := note.GetString("person"), note.GetString("duo")
	switch {
	case (person == "") == (duo == ""):
		errs["person"] = validation.NewError(CodeNoteAbout, "A note is about a person or a duo: name one of them.")
	case person != "" && !isParticipant(app, person):
		errs["person"] = validation.NewError(CodeNoteAbout, "Notes are about mentors and mentees.")
	}
	if session := note.GetString("session"); session != "" && len(errs) == 0 && !recordsSession(app, note, session) {
		errs["session"] = validation.NewError(CodeNoteSession, "This session is not one of this duo or person.")
	}
	if note.GetString("text") != "" && strings.TrimSpace(note.GetString("text")) == "" {
		errs["text"] = validation.NewError(CodeNoteBlank, "Write the note.")
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// nameTheSubject: a new note about nobody, or about a person and a duo at once, is refused
// naming the field, before the create rule (which finds no branch for it) answers without one.
func nameTheSubject(e *core.RequestEvent) error {
	if e.Request.Pattern != "POST /api/collections/{collection}/records" {
		return e.Next()
	}
	c, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || c.Name != CaseNotes {
		return e.Next()
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.Next() // PocketBase names what it cannot read
	}
	person, _ := info.Body["person"].(string)
	duo, _ := info.Body["duo"].(string)
	if (person == "") == (duo == "") {
		return e.BadRequestError("Some values are not valid.", validation.Errors{
			"person": validation.NewError(CodeNoteAbout, "A note is about a person or a duo: name one of them.")})
	}
	return e.Next()
}

func isParticipant(app core.App, id string) bool {
	var role string
	err := app.DB().Select("role").From("users").Where(dbx.HashExp{"id": id}).Row(&role)
	return err == nil && (role == access.RoleMentor || role == access.RoleMentee)
}

// recordsSession: a duo's note records one of the duo's sessions; a person's, a session on
// whose list they are.
func recordsSession(app core.App, note *core.Record, session string) bool {
	var n int
	var err error
	if duo := note.GetString("duo"); duo != "" {
		err = app.DB().Select("count(*)").From("sessions").Where(dbx.HashExp{"id": session, "duo": duo}).Row(&n)
	} else {
		err = app.DB().Select("count(*)").From("attendance").
			Where(dbx.HashExp{"session": session, "person": note.GetString("person")}).Row(&n)
	}
	return err == nil && n > 0
}
