// Package erasure erases a person (GDPR article 17): their account becomes a pseudonym that
// keeps only what the statistics count, and a ledger re-applies erasures after a restore.
package erasure

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
	"github.com/duoforajob/duo/audit"
	"github.com/duoforajob/duo/impact"
	"github.com/duoforajob/duo/lifecycle"
	"github.com/duoforajob/duo/sync"
)

// Reasons an erasure is made for: the grounds of article 17(1), and the retention rules.
// A code, never a free text, which could hold what is being erased.
var Reasons = []string{"request", ReasonConsentWithdrawn, "objection", "no_longer_needed", "unlawful", ReasonRetention}

// Reasons the server itself erases for: a retention time over, a consent to the programme
// withdrawn (retention.Withdrawn).
const (
	ReasonRetention        = "retention"
	ReasonConsentWithdrawn = "consent_withdrawn"
)

// ErrOpenDuo: a person is erased once their duos are closed (declined, completed, stopped).
var ErrOpenDuo = errors.New("the person still has an open duo")

// ErrAlreadyErased: the record is already a pseudonym.
var ErrAlreadyErased = errors.New("the person was already erased")

// ErrNotFound: nobody has that id (any more: two erasures of one person at once, the second
// finds nobody).
var ErrNotFound = errors.New("no such person")

// statisticalProfile are the profile fields the impact figures count: the pseudonym keeps
// them, and nothing else of the profile (impact's tests hold the figures unchanged).
var statisticalProfile = []string{"birth_year", "languages", "barriers", "training_completed_on",
	"birth_country", "birth_country_consent_on", "nationality", "nationality_consent_on"}

// written are the free texts a person wrote, by the relation that names them the author:
// blanked when they are erased, whoever else can read them. (A history event's detail is the
// server's: which side signed, the dates, the stop reason a coordinator gave; it keeps it,
// without the person's name.)
var written = map[string]map[string][]string{
	"meetings":    {"logged_by": {"notes"}},
	"evaluations": {"respondent": {"comments"}},
}

// Erase replaces a person by a pseudonym, in one transaction: a users record with no name,
// contact or password (erased_at set) takes their place in every record shared with others
// (duos, meetings, evaluations, history); the texts they wrote are blanked and their name is
// taken out of what others wrote in their duos; their own records (profile, consents, phones,
// pushes, sync conflicts, sign-in records, the coordinators' notes on them and on their duos)
// go with their account. Their duos' history says a person was erased; the audit log and the
// ledger keep their former id and the reason.
// It answers the pseudonym's id.
func Erase(app core.App, personID, reason string, actor access.Actor, now time.Time) (string, error) {
	var pseudonym string
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		pseudonym, err = erase(tx, personID, reason, actor, false, now)
		if err != nil {
			return err
		}
		return appendEntry(tx, Entry{Person: personID, Reason: reason, At: dayOf(now)})
	})
	if err == nil {
		checkpoint(app)
	}
	return pseudonym, err
}

// reapply erases again, after a restore, a person the ledger lists; not written twice. A
// backup may hold a duo of theirs still open: it does not hold the erasure back (the duo was
// closed before, in the history the restore undid).
func reapply(app core.App, e Entry, now time.Time) error {
	err := app.RunInTransaction(func(tx core.App) error {
		_, err := erase(tx, e.Person, e.Reason, access.System(), true, now)
		return err
	})
	if err == nil {
		checkpoint(app)
	}
	return err
}

func erase(tx core.App, personID, reason string, actor access.Actor, evenOpen bool, now time.Time) (string, error) {
	person, err := tx.FindRecordById("users", personID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	if !person.GetDateTime("erased_at").IsZero() {
		return "", ErrAlreadyErased
	}
	duos, err := duosOf(tx, person.Id)
	if err != nil {
		return "", err
	}
	if !evenOpen && anyOpen(duos) {
		return "", ErrOpenDuo
	}
	shared := sharedWith(tx, person) // before the pseudonym takes their place in the duos
	y, err := newPseudonym(tx, person, now)
	if err != nil {
		return "", err
	}
	if err := deleteDuoNotes(tx, duos); err != nil {
		return "", err
	}
	r := newRedactor(person)
	if err := replaceEverywhere(tx, person.Id, y.Id, r); err != nil {
		return "", err
	}
	if err := redactDuos(tx, duos, r); err != nil {
		return "", err
	}
	if err := deleteConflictsAbout(tx, person.Id); err != nil {
		return "", err
	}
	if err := sync.ForgetPerson(tx, person.Id, shared, r.value); err != nil {
		return "", err
	}
	if err := tx.Delete(person); err != nil {
		return "", err
	}
	for _, d := range duos {
		if err := lifecycle.RecordPersonErased(tx, d.Id, actor, person.GetString("role"), now); err != nil {
			return "", err
		}
	}
	return y.Id, audit.Record(tx, audit.Erase, person.Id, actor, reason, now)
}

// sharedWith lists who may have pushed edits to the person's records or their duos': their
// partners and their branch's coordinators.
func sharedWith(tx core.App, person *core.Record) []string {
	var ids []string
	_ = tx.DB().NewQuery(`SELECT mentor FROM duos WHERE mentee = {:p} UNION SELECT mentee FROM duos WHERE mentor = {:p}
		UNION SELECT coordinator FROM duos WHERE (mentor = {:p} OR mentee = {:p}) AND coordinator != ''
		UNION SELECT id FROM users WHERE role = 'coordinator' AND branch = {:b}`).
		Bind(dbx.Params{"p": person.Id, "b": person.GetString("branch")}).Column(&ids)
	return ids
}

// dayOf is the day of an erasure, which the pseudonym and the ledger carry: not its moment,
// which would match one to the other (the audit log, administrators only, has the moment).
func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func anyOpen(duos []*core.Record) bool {
	return slices.ContainsFunc(duos, func(d *core.Record) bool {
		return slices.Contains([]string{lifecycle.Proposed, lifecycle.Validated, lifecycle.Active}, d.GetString("status"))
	})
}

func duosOf(app core.App, personID string) ([]*core.Record, error) {
	return app.FindAllRecords("duos", dbx.Or(dbx.HashExp{"mentor": personID}, dbx.HashExp{"mentee": personID}))
}

// newPseudonym makes the users record that stands for the person in the statistics: their
// role, branch and intake date, the statistical fields of their profile, their cell key
// (impact.md), nothing else. It
// cannot sign in (no email, no password, and the collection's auth rule).
func newPseudonym(tx core.App, person *core.Record, now time.Time) (*core.Record, error) {
	y := core.NewRecord(person.Collection())
	y.Set("role", person.GetString("role"))
	y.Set("branch", person.GetString("branch"))
	y.Set("erased_at", dayOf(now))
	y.SetRaw("created", person.GetDateTime("created"))
	y.Set(impact.KeyField, person.GetInt(impact.KeyField)) // the same figures: the same noise
	y.SetVerified(false)
	// No name, no email, no password (no hash matches an empty one): what validation would ask.
	if err := tx.SaveNoValidate(y); err != nil {
		return nil, err
	}
	// Copied row to row, unseen by the hooks: the pseudonym's profile is read by superusers
	// only, nobody's copy holds it, and its origin already has its consent date.
	columns := "[[" + strings.Join(statisticalProfile, "]], [[") + "]]"
	_, err := tx.DB().NewQuery("UPDATE profiles SET (" + columns + ") = (SELECT " + columns +
		" FROM profiles WHERE [[user]] = {:person}) WHERE [[user]] = {:pseudonym} AND EXISTS (SELECT 1 FROM profiles WHERE [[user]] = {:person})").
		Bind(dbx.Params{"person": person.Id, "pseudonym": y.Id}).Execute()
	return y, err
}

// replaceEverywhere puts the pseudonym in the place of the person in every relation of every
// collection that does not go with the account (a relation that cascades is the person's own
// record, deleted with them), and blanks on the way the texts the person wrote. Duos first:
// their audiences move the partner's copy.
func replaceEverywhere(tx core.App, personID, pseudonymID string, r *redactor) error {
	collections, err := tx.FindAllCollections(core.CollectionTypeBase, core.CollectionTypeAuth)
	if err != nil {
		return err
	}
	users, err := tx.FindCachedCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	slices.SortStableFunc(collections, func(a, b *core.Collection) int {
		return boolOrder(b.Name == "duos") - boolOrder(a.Name == "duos")
	})
	for _, c := range collections {
		for _, f := range c.Fields {
			rel, ok := f.(*core.RelationField)
			if !ok || rel.CollectionId != users.Id || rel.CascadeDelete {
				continue
			}
			if err := replaceIn(tx, c, rel, personID, pseudonymID, r); err != nil {
				return err
			}
		}
	}
	return nil
}

func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

func replaceIn(tx core.App, c *core.Collection, rel *core.RelationField, personID, pseudonymID string, r *redactor) error {
	where := dbx.Expression(dbx.HashExp{rel.Name: personID})
	if rel.IsMultiple() {
		where = dbx.NewExp("EXISTS (SELECT 1 FROM json_each([["+rel.Name+"]]) WHERE value = {:person})",
			dbx.Params{"person": personID})
	}
	records, err := tx.FindAllRecords(c.Name, where)
	if err != nil {
		return err
	}
	for _, rec := range records {
		ids := rec.GetStringSlice(rel.Name)
		for i, id := range ids {
			if id == personID {
				ids[i] = pseudonymID
			}
		}
		rec.Set(rel.Name, ids)
		for _, text := range written[c.Name][rel.Name] {
			r.forget(rec.GetString(text))
			rec.Set(text, "")
		}
		if err := tx.SaveNoValidate(rec); err != nil { // closed duos, submitted answers, history: all frozen to people
			return err
		}
	}
	return nil
}

// deleteConflictsAbout deletes the sync conflicts others had on the person's own records
// (their account, profile, consents): their losing side is about the person. Those the person
// authored go with the account.
func deleteConflictsAbout(tx core.App, personID string) error {
	conflicts, err := tx.FindAllRecords("sync_conflicts", dbx.NewExp(`(target_collection = 'users' AND target_id = {:p})
		OR (target_collection = 'profiles' AND target_id IN (SELECT id FROM profiles WHERE [[user]] = {:p}))
		OR (target_collection = 'consents' AND target_id IN (SELECT id FROM consents WHERE person = {:p}))`,
		dbx.Params{"p": personID}))
	if err != nil {
		return err
	}
	return deleteAll(tx, conflicts)
}
