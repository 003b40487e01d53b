package synctypes_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	. "github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/synctypes"
)

// The kit's committed types are what `duo types` prints from the schema: a migration that
// changes a synced collection fails here until `make types` is run.
func TestCommittedTypesAreTheSchemas(t *testing.T) {
	app := App(t)
	for format, f := range synctypes.Formats {
		t.Run(format, func(t *testing.T) {
			cmd := synctypes.Command(app)
			var out bytes.Buffer
			cmd.SetOut(&out)
			cmd.SetArgs([]string{format})
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			committed, err := os.ReadFile(filepath.Join("..", f.Path))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(committed, out.Bytes()) {
				t.Errorf("%s differs from `duo types %s`: run `make types`", f.Path, format)
			}
		})
	}
}

// Every record every person pulls has the fields the types say it always has, of the kind
// they say: the types are what the app will really receive.
func TestPulledRecordsHaveTheirTypesFields(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	starts := Now().Add(24 * time.Hour).UTC()
	Make(t, app, Coord, "sessions", "typesinfo000001", map[string]any{"branch": BranchBrussels, "kind": "info_session",
		"starts_at": starts, "ends_at": starts.Add(2 * time.Hour), "capacity": 12, "place": "Rue Haute 12"})
	Make(t, app, Coord, "attendance", "typesattend0001", map[string]any{"session": "typesinfo000001", "person": DuoMentee, "state": "registered"})
	collections, err := synctypes.Read(app)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]synctypes.Collection{}
	for _, c := range collections {
		byName[c.Name] = c
	}
	seen := map[string]bool{}
	for _, caller := range []string{DuoMentee, DuoMentor, OtherMentee, Coord, OtherCoord, MentorTwo} {
		cursor := ""
		for more := true; more; {
			res := Send(t, h, caller, "GET", "/api/sync/pull?limit=1000&cursor="+url.QueryEscape(cursor), "")
			var page struct {
				Cursor  string
				HasMore bool
				Changes []struct {
					Collection string
					Record     map[string]any
				}
			}
			if res.Code != 200 || json.Unmarshal(res.Body.Bytes(), &page) != nil {
				t.Fatalf("%s: %d %s", caller, res.Code, res.Body)
			}
			for _, c := range page.Changes {
				if c.Record != nil {
					seen[c.Collection] = true
					checkRecord(t, caller, byName[c.Collection], c.Record)
				}
			}
			cursor, more = page.Cursor, page.HasMore
		}
	}
	if len(seen) < len(collections)-1 {
		t.Errorf("only %v pulled: the test would prove little", seen)
	}
}

func checkRecord(t *testing.T, caller string, c synctypes.Collection, record map[string]any) {
	t.Helper()
	if record["collectionName"] != c.Name {
		t.Errorf("%s: %v is not of %s", caller, record["collectionName"], c.Name)
	}
	for _, f := range c.Fields {
		v, ok := record[f.Name]
		if !ok {
			if !f.Optional {
				t.Errorf("%s: a record of %s lacks %s", caller, c.Name, f.Name)
			}
			continue
		}
		kind := map[string]string{"number": "float64", "boolean": "bool", "json": ""}[f.Kind]
		if f.Multiple {
			kind = "[]interface {}"
		} else if kind == "" && f.Kind != "json" {
			kind = "string"
		}
		if got := fmt.Sprintf("%T", v); kind != "" && got != kind {
			t.Errorf("%s: %s.%s is a %s, the types say %s", caller, c.Name, f.Name, got, kind)
		}
	}
}
