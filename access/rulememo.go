package access

import (
	"fmt"
	"slices"
	"strings"
	gosync "sync"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/txmemo"
)

// A create rule's answer, within one transaction, depends only on who asks, the new record's
// fields the rule reads, and the rows it reaches through relations. A push of 100 meetings
// of one duo asks the same question 100 times: CanCreate remembers the answer per
// transaction, and a save of any record of a reached collection forgets it.

const createMemoPrefix = "cancreate|"

// ruleReach is what a rule reads: fields of the record, collections reached through them.
type ruleReach struct {
	fields, reached []string
	followable      bool
}

var reachOfRule gosync.Map // collection id + rule -> ruleReach

// collectionFinder is all that reading a rule needs of the app.
type collectionFinder interface {
	FindCachedCollectionByNameOrId(nameOrId string) (*core.Collection, error)
}

func reachOf(app collectionFinder, collection *core.Collection, rule string) ruleReach {
	key := collection.Id + "\x00" + rule
	if r, ok := reachOfRule.Load(key); ok {
		return r.(ruleReach)
	}
	r := readRule(app, collection, rule)
	reachOfRule.Store(key, r)
	return r
}

func readRule(app collectionFinder, collection *core.Collection, rule string) ruleReach {
	groups, err := fexpr.Parse(rule)
	if err != nil {
		return ruleReach{}
	}
	r := ruleReach{followable: true}
	var walk func([]fexpr.ExprGroup)
	walk = func(groups []fexpr.ExprGroup) {
		for _, g := range groups {
			switch item := g.Item.(type) {
			case fexpr.Expr:
				r.read(app, collection, item.Left)
				r.read(app, collection, item.Right)
			case []fexpr.ExprGroup:
				walk(item)
			default:
				r.followable = false
			}
		}
	}
	walk(groups)
	slices.Sort(r.fields)
	slices.Sort(r.reached)
	return r
}

func (r *ruleReach) read(app collectionFinder, collection *core.Collection, t fexpr.Token) {
	switch t.Type {
	case fexpr.TokenNumber, fexpr.TokenText:
		return
	case fexpr.TokenIdentifier:
	default:
		r.followable = false // functions, groups: not followed, not remembered
		return
	}
	path := strings.Split(strings.SplitN(t.Literal, ":", 2)[0], ".")
	switch {
	case path[0] == "@collection", path[0] == "@request" && (len(path) < 2 || path[1] != "auth"):
		r.followable = false // joins anything, or reads what differs from one mutation to the next
		return
	case strings.HasPrefix(path[0], "@"), slices.Contains([]string{"true", "false", "null"}, path[0]):
		return // the asker (known in memory), date macros and literals
	}
	if !slices.Contains(r.fields, path[0]) {
		r.fields = append(r.fields, path[0])
	}
	current := collection
	for _, name := range path[:len(path)-1] {
		rel, ok := current.Fields.GetByName(name).(*core.RelationField)
		if !ok {
			r.followable = false // a back-relation or something this reading does not know
			return
		}
		target, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil {
			r.followable = false
			return
		}
		if !slices.Contains(r.reached, target.Name) {
			r.reached = append(r.reached, target.Name)
		}
		current = target
	}
}

// createMemoKey is the memo key of a create check, or "" when it cannot be remembered.
func createMemoKey(app core.App, info *core.RequestInfo, record *core.Record) string {
	collection := record.Collection()
	r := reachOf(app, collection, *collection.CreateRule)
	if !r.followable {
		return ""
	}
	var b strings.Builder
	b.WriteString(createMemoPrefix + strings.Join(r.reached, ",") + "|" + collection.Id + "|")
	if info.Auth != nil {
		b.WriteString(info.Auth.Id)
	}
	for _, f := range r.fields {
		fmt.Fprintf(&b, "|%v", record.Get(f))
	}
	return b.String()
}

// ForgetRuleChecksReaching forgets, in app's transaction, the create checks whose rule reaches
// the collection: call it on every save of a record of it.
func ForgetRuleChecksReaching(app core.App, collection string) {
	txmemo.ForgetIf(app, func(key string) bool {
		rest, ok := strings.CutPrefix(key, createMemoPrefix)
		if !ok {
			return false
		}
		reached, _, _ := strings.Cut(rest, "|")
		return slices.Contains(strings.Split(reached, ","), collection)
	})
}
