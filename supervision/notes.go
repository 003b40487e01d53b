package supervision

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/lifecycle"
)

// StaffNotes is the collection of the staff's own note on a duo (one a duo): what its
// coordinators keep to themselves, about a stop or anything else. Its API rules open it to the
// coordinators of the duo's branch (and administrators) only; the app never syncs it.
const StaffNotes = "duo_staff_notes"

// ByCollection lists the rules of staff notes and case notes, in lifecycle's shape.
var ByCollection = map[string]lifecycle.Rules{
	StaffNotes: {Prepare: prepareNote, Validate: validateNote},
	CaseNotes:  {Prepare: prepareCaseNote, Validate: validateCaseNote},
}

// prepareNote: the server says who last wrote the note (nobody, for an administrator).
func prepareNote(app core.App, note *core.Record, now time.Time) error {
	if note.IsNew() || access.Changed(note, "text") {
		note.Set("author", access.ActorOf(note).PersonID())
	} else {
		note.Set("author", note.Original().Get("author"))
	}
	return nil
}

// validateNote: a note stays on its duo.
func validateNote(app core.App, note *core.Record, now time.Time) error {
	if !note.IsNew() && access.Changed(note, "duo") {
		return validation.Errors{"duo": validation.NewError(lifecycle.CodeImmutable, "This field cannot be changed.")}
	}
	return nil
}
