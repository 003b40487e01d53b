package access

import (
	"errors"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

func TestReadRule(t *testing.T) {
	users := core.NewAuthCollection("users", "users")
	users.Fields.Add(&core.TextField{Name: "role"}, &core.RelationField{Name: "branch", CollectionId: "branches", MaxSelect: 1})
	duos := core.NewBaseCollection("duos", "duos")
	duos.Fields.Add(&core.RelationField{Name: "mentor", CollectionId: "users", MaxSelect: 1},
		&core.RelationField{Name: "branch", CollectionId: "branches", MaxSelect: 1})
	meetings := core.NewBaseCollection("meetings", "meetings")
	meetings.Fields.Add(&core.RelationField{Name: "duo", CollectionId: "duos", MaxSelect: 1}, &core.TextField{Name: "notes"})
	app := fakeCollections{"users": users, "duos": duos, "meetings": meetings,
		"branches": core.NewBaseCollection("branches", "branches")}

	cases := []struct {
		rule            string
		fields, reached []string
		followable      bool
	}{
		{`@request.auth.id != "" && duo.mentor = @request.auth.id`, []string{"duo"}, []string{"duos"}, true},
		{`duo.mentor.branch = @request.auth.branch && notes != ""`, []string{"duo", "notes"}, []string{"duos", "users"}, true},
		{`@request.auth.role = "coordinator"`, nil, nil, true},
		{`notes != null && @now > @yesterday`, []string{"notes"}, nil, true},
		{`duo.mentor:isset = true`, []string{"duo"}, []string{"duos"}, true},
		{`@collection.duos.mentor ?= @request.auth.id`, nil, nil, false},
		{`@request.body.notes != ""`, nil, nil, false},
		{`duos_via_mentor.id != ""`, nil, nil, false},
		{`strftime('%Y', notes) = "2026"`, nil, nil, false},
	}
	for _, c := range cases {
		r := readRule(app, meetings, c.rule)
		if r.followable != c.followable {
			t.Errorf("%s: followable %v", c.rule, r.followable)
			continue
		}
		if c.followable && (!slices.Equal(r.fields, c.fields) || !slices.Equal(r.reached, c.reached)) {
			t.Errorf("%s: fields %v reached %v, want %v %v", c.rule, r.fields, r.reached, c.fields, c.reached)
		}
	}
}

// fakeCollections finds collections by id, as readRule asks.
type fakeCollections map[string]*core.Collection

func (f fakeCollections) FindCachedCollectionByNameOrId(id string) (*core.Collection, error) {
	if c, ok := f[id]; ok {
		return c, nil
	}
	return nil, errors.New("no collection " + id)
}
