package access

import (
	"slices"
	"strings"

	"github.com/ganigeorgiev/fexpr"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// A client's filter and sort run inside the list rule's query: PocketBase checks the rules
// of the collections a filter joins directly, but not of the rows an "every related row"
// subquery reads (back-relations, multiple relations), and a sort orders by whatever it
// names. So a person may filter and sort only on the fields below: plain fields of the
// listed collection, shown to everyone the list rule lets see the record. No relation is
// followed (duo.mentee.name), no other collection joined (@collection), no request value
// read (@request: PocketBase refuses it in lists, not in realtime), no function called.
// Superusers, who read everything, are not held to it.
var queryable = map[string][]string{
	"branches":       {"name", "city", "country"},
	"users":          {"name", "role"}, // PublicAccountFields: not branch, dates or the rest
	"profiles":       {"user"},
	"duos":           {"branch", "mentor", "mentee", "coordinator", "status", "started_on", "ends_on", "meeting_weekday"},
	"agreements":     {"duo", "mentor_signed_at", "mentee_signed_at"},
	"objectives":     {"duo", "status", "due_on"},
	"meetings":       {"duo", "held_on", "minutes", "mode", "mentee_confirmed", "logged_by"},
	"evaluations":    {"duo", "respondent", "kind", "submitted_at"},
	"duo_events":     {"duo", "kind", "from_status", "to_status", "actor_kind", "actor", "at"},
	"sync_conflicts": {"author", "branch", "target_collection", "target_id", "op", "reason"},
	"devices":        {"platform", "last_seen"},
	"consents":       {"person", "purpose", "state", "recorded_via", "given_at", "withdrawn_at"},

	// Staff notes and case notes (coordinators only): found by what they are about.
	"duo_staff_notes": {"duo"},
	"case_notes":      {"person", "duo", "session", "author"},

	// The branch's sessions, and who is on their lists.
	"sessions":   {"branch", "kind", "starts_at", "ends_at", "duo", "host", "language", "status"},
	"attendance": {"session", "person", "registration", "state"},

	// The public sign-up's registrants (coordinators only: found by name and address too).
	"registrations": {"branch", "session", "first_name", "last_name", "email", "role", "language", "confirmed_at",
		"converted_at", "person"},
}

// everyCollection: any record's id and dates may be filtered on.
var everyCollection = []string{"id", "created", "updated"}

// literals are identifiers PocketBase reads as values: null, booleans and date macros.
var literals = []string{"null", "true", "false", "@now", "@second", "@minute", "@hour", "@weekday", "@day",
	"@month", "@year", "@yesterday", "@tomorrow", "@todayStart", "@todayEnd", "@monthStart", "@monthEnd",
	"@yearStart", "@yearEnd"}

// modifiers a filter may put after a field: lower case, each item, number of items.
var modifiers = []string{"lower", "each", "length"}

// Codes of a refused filter or sort.
const (
	CodeQueryField  = "duo_query_field"
	CodeQuerySyntax = "duo_query_syntax"
)

// Queryable lists the fields a person may filter and sort a collection on. An account's
// dates are not among them: a partner does not read them (PublicAccountFields).
func Queryable(collection string) []string {
	if collection == "users" {
		return append([]string{"id"}, queryable[collection]...)
	}
	return append(slices.Clone(everyCollection), queryable[collection]...)
}

// CheckQuery refuses, naming "filter" or "sort" and the first identifier it may not use, a
// client's filter or sort of a collection; nil when both are allowed.
func CheckQuery(collection *core.Collection, filter, sort string) error {
	errs := validation.Errors{}
	if filter != "" {
		if err := checkFilter(collection.Name, filter); err != nil {
			errs["filter"] = err
		}
	}
	for _, f := range search.ParseSortFromString(sort) {
		if f.Name == "" || f.Name == "@random" || f.Name == "@rowid" {
			continue
		}
		if !slices.Contains(Queryable(collection.Name), f.Name) {
			errs["sort"] = refusedField(f.Name)
			break
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func checkFilter(collection, filter string) error {
	groups, err := fexpr.Parse(filter)
	if err != nil {
		return validation.NewError(CodeQuerySyntax, "This filter cannot be read.")
	}
	allowed := Queryable(collection)
	var refused error
	var walk func([]fexpr.ExprGroup)
	walk = func(groups []fexpr.ExprGroup) {
		for _, g := range groups {
			if refused != nil {
				return
			}
			switch item := g.Item.(type) {
			case fexpr.Expr:
				for _, t := range []fexpr.Token{item.Left, item.Right} {
					if refused == nil {
						refused = checkToken(t, allowed)
					}
				}
			case []fexpr.ExprGroup:
				walk(item)
			default:
				refused = validation.NewError(CodeQuerySyntax, "This filter cannot be read.")
			}
		}
	}
	walk(groups)
	return refused
}

func checkToken(t fexpr.Token, allowed []string) error {
	switch t.Type {
	case fexpr.TokenText, fexpr.TokenNumber:
		return nil
	case fexpr.TokenIdentifier:
	default:
		return refusedField(t.Literal) // functions, groups: nothing the app needs
	}
	name, modifier, hasModifier := strings.Cut(t.Literal, ":")
	switch {
	case hasModifier && !slices.Contains(modifiers, modifier):
		return refusedField(t.Literal)
	case slices.Contains(literals, name) || slices.Contains(allowed, name):
		return nil
	}
	return refusedField(name)
}

func refusedField(name string) error {
	return validation.NewError(CodeQueryField, "You may not filter or sort on {{.field}}.").
		SetParams(map[string]any{"field": name})
}
