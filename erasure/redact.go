package erasure

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/access"
)

// Redacted is what stands in a shared text where the erased person's name or address was.
const Redacted = "[…]"

// redactor takes a person out of what others wrote: their name, and each part of it long
// enough not to be a common word (three letters or more), as whole words ("Marc", "MARC",
// not "marc" in "marché"), and their email address; and the texts of theirs that were blanked, wherever a
// copy of one was kept (the losing side of a sync conflict).
type redactor struct {
	terms   []string // longest first, so that the full name goes as one
	email   string
	blanked []string
}

func newRedactor(person *core.Record) *redactor {
	r := &redactor{email: strings.ToLower(person.Email())}
	add := func(s string) {
		if s = strings.TrimSpace(s); utf8.RuneCountInString(s) >= 3 && !slices.Contains(r.terms, s) {
			r.terms = append(r.terms, s)
		}
	}
	add(person.GetString("name"))
	for _, part := range strings.Fields(person.GetString("name")) {
		add(part)
	}
	slices.SortStableFunc(r.terms, func(a, b string) int { return len(b) - len(a) })
	return r
}

// forget notes a text of the person's that is being blanked.
func (r *redactor) forget(text string) {
	if strings.TrimSpace(text) != "" {
		r.blanked = append(r.blanked, text)
	}
}

// text is s without the person in it. Their name goes whatever its case ("KARIM", "karim"),
// except from a value that is a code rather than prose (one lowercase word: "mentee",
// "in_person"), which keeps its meaning.
func (r *redactor) text(s string) string {
	if s == "" || slices.Contains(r.blanked, s) {
		return ""
	}
	if r.email != "" {
		s = replaceFold(s, r.email)
	}
	fold := !isCode(s)
	for _, term := range r.terms {
		s = replaceWord(s, term, fold)
	}
	return s
}

func isCode(s string) bool {
	return !strings.ContainsFunc(s, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == ':')
	})
}

// replaceWord replaces term where it stands as a whole word (no letter or digit touching
// it), in any case if fold (unless a change of case would move the bytes: then as written).
func replaceWord(s, term string, fold bool) string {
	find := s
	if fold && len(strings.ToLower(s)) == len(s) && len(strings.ToLower(term)) == len(term) {
		find, term = strings.ToLower(s), strings.ToLower(term)
	}
	var out strings.Builder
	for {
		i := strings.Index(find, term)
		if i < 0 {
			out.WriteString(s)
			return out.String()
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(term):])
		if isWordRune(before) || isWordRune(after) {
			out.WriteString(s[:i+len(term)])
		} else {
			out.WriteString(s[:i] + Redacted)
		}
		s, find = s[i+len(term):], find[i+len(term):]
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// replaceFold replaces every occurrence of lower (an address), whatever its case.
func replaceFold(s, lower string) string {
	var out strings.Builder
	for {
		i := strings.Index(strings.ToLower(s), lower)
		if i < 0 || len(strings.ToLower(s)) != len(s) { // a case change that moves bytes: compare no further
			out.WriteString(s)
			return out.String()
		}
		out.WriteString(s[:i] + Redacted)
		s = s[i+len(lower):]
	}
}

// value redacts the strings of a JSON value, at any depth.
func (r *redactor) value(v any) any {
	switch x := v.(type) {
	case string:
		return r.text(x)
	case map[string]any:
		for k, item := range x {
			x[k] = r.value(item)
		}
	case []any:
		for i, item := range x {
			x[i] = r.value(item)
		}
	}
	return v
}

// record redacts the free texts and JSON of a record; it reports whether anything changed.
// Texts held to a pattern (codes, times, tokens) hold no prose and are left alone.
func (r *redactor) record(rec *core.Record) bool {
	changed := false
	for _, f := range rec.Collection().Fields {
		name := f.GetName()
		switch field := f.(type) {
		case *core.TextField:
			if field.Pattern != "" || field.PrimaryKey {
				continue
			}
			changed = r.textField(rec, name) || changed
		case *core.EditorField:
			changed = r.textField(rec, name) || changed
		case *core.JSONField:
			var v any
			if err := rec.UnmarshalJSONField(name, &v); err != nil || v == nil {
				continue
			}
			raw := rec.GetString(name)
			rec.Set(name, r.value(v))
			changed = rec.GetString(name) != raw || changed
		}
	}
	return changed
}

func (r *redactor) textField(rec *core.Record, name string) bool {
	before := rec.GetString(name)
	after := r.text(before)
	rec.Set(name, after)
	return after != before
}

// redactDuos takes the person out of what remains of their duos: the duos, every record that
// belongs to one of them (agreement, objectives, meetings, history, the partner's answers,
// the pushes about them) and the sync conflicts kept on those records.
func redactDuos(tx core.App, duos []*core.Record, r *redactor) error {
	if len(duos) == 0 {
		return nil
	}
	duoIDs := make([]any, len(duos))
	for i, d := range duos {
		duoIDs[i] = d.Id
	}
	targets := []any{}
	save := func(rec *core.Record) error {
		targets = append(targets, rec.Id)
		if !r.record(rec) && len(access.ChangedFields(rec)) == 0 {
			return nil
		}
		return tx.SaveNoValidate(rec)
	}
	fresh, err := tx.FindAllRecords("duos", dbx.In("id", duoIDs...))
	if err != nil {
		return err
	}
	for _, d := range fresh {
		// Where a closed duo met may be someone's home: of no use any more, it goes.
		d.Set("meeting_place", "")
		if err := save(d); err != nil {
			return err
		}
	}
	duosCollection, _ := tx.FindCachedCollectionByNameOrId("duos")
	collections, err := tx.FindAllCollections(core.CollectionTypeBase)
	if err != nil {
		return err
	}
	for _, c := range collections {
		for _, f := range c.Fields {
			rel, ok := f.(*core.RelationField)
			if !ok || rel.CollectionId != duosCollection.Id || rel.IsMultiple() {
				continue
			}
			records, err := tx.FindAllRecords(c.Name, dbx.In(rel.Name, duoIDs...))
			if err != nil {
				return err
			}
			for _, rec := range records {
				if err := save(rec); err != nil {
					return err
				}
			}
		}
	}
	conflicts, err := tx.FindAllRecords("sync_conflicts", dbx.In("target_id", targets...))
	if err != nil {
		return err
	}
	for _, c := range conflicts {
		if r.record(c) {
			if err := tx.SaveNoValidate(c); err != nil {
				return err
			}
		}
	}
	return nil
}
