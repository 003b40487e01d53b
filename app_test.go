package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/consent"
	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/lifecycle"
)

const app = "pb_public/app"

// appScripts is every script of the app, by path, with its text.
func appScripts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(app, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".js") || strings.Contains(path, "/vendor/") {
			return err
		}
		raw, err := os.ReadFile(path)
		out[path] = string(raw)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	tCall      = regexp.MustCompile(`\bt\('([^']+)'`)
	tnCall     = regexp.MustCompile(`\btn\('([^']+)'`)
	keyLiteral = regexp.MustCompile(`'([a-z]+(?:\.[a-zA-Z_]+)+)'`)
)

// Every text of the app is in French, Dutch and English with the same placeholders, and
// every key its scripts use, or build from the schema's values, has a text.
func TestAppCatalogsAreComplete(t *testing.T) {
	en := translationsMatchEnglish(t, app)
	for _, lang := range []string{"fr", "nl"} {
		for key, text := range catalogIn(t, app, lang) {
			if strings.TrimSpace(text) == "" {
				t.Errorf("%s %s is empty", lang, key)
			}
		}
	}
	namespaces := map[string]bool{}
	for key := range en {
		namespaces[strings.SplitN(key, ".", 2)[0]] = true
	}
	var used []string
	for _, text := range appScripts(t) {
		for _, m := range tCall.FindAllStringSubmatch(text, -1) {
			used = append(used, m[1])
		}
		for _, m := range tnCall.FindAllStringSubmatch(text, -1) {
			used = append(used, m[1]+".one", m[1]+".other") // the forms every language has
		}
		for _, m := range keyLiteral.FindAllStringSubmatch(text, -1) {
			_, counted := en[m[1]+".other"] // a tn key, checked above
			if namespaces[strings.SplitN(m[1], ".", 2)[0]] && !strings.HasSuffix(m[1], ".js") && !counted {
				used = append(used, m[1])
			}
		}
	}
	used = append(used, builtKeys(t)...)
	for _, kind := range appList(t, "model.js", "TASKS") {
		used = append(used, "task."+kind)
	}
	if len(used) < 200 {
		t.Fatalf("found only %d keys in use: is the pattern still right?", len(used))
	}
	for _, key := range used {
		if _, ok := en[key]; !ok {
			t.Errorf("%s is used but has no text", key)
		}
	}
}

// builtKeys are the keys the scripts build from values: stages, meeting modes and topics,
// objective states, evaluation kinds, consent purposes, roles and languages.
func builtKeys(t *testing.T) []string {
	var keys []string
	for _, status := range []string{lifecycle.Proposed, lifecycle.Validated, lifecycle.Declined, lifecycle.Active,
		lifecycle.Completed, lifecycle.Stopped} {
		keys = append(keys, "stage."+status, "stageHint."+status)
	}
	for _, v := range selectValues(t, "meetings", "mode") {
		keys = append(keys, "mode."+v)
	}
	for _, v := range selectValues(t, "meetings", "topics") {
		keys = append(keys, "topic."+v)
	}
	for _, v := range selectValues(t, "objectives", "status") {
		keys = append(keys, "objective."+v)
	}
	for _, kind := range selectValues(t, "evaluations", "kind") {
		keys = append(keys, "evaluation.title."+kind, "evaluation.intro."+kind)
	}
	for _, purpose := range []string{consent.Programme, consent.OriginStatistics, consent.FollowupContact} {
		keys = append(keys, "purpose."+purpose, "purposeText."+purpose, "consent.withdrawnNotice."+purpose)
	}
	for _, lang := range []string{"fr", "nl", "en"} {
		keys = append(keys, "language."+lang, "language."+lang+".own")
	}
	return append(keys, "role.mentor", "role.mentee", "home.duoWith.mentor", "home.duoWith.mentee")
}

var selectCache = map[string][]string{}

// selectValues are the values a select field of the schema accepts.
func selectValues(t *testing.T, collection, field string) []string {
	t.Helper()
	if v, ok := selectCache[collection+"."+field]; ok {
		return v
	}
	c, err := testkit.App(t).FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	values := c.Fields.GetByName(field).(*core.SelectField).Values
	selectCache[collection+"."+field] = values
	return values
}

// appList reads `export const NAME = [...]` of an app script.
func appList(t *testing.T, file, name string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(app, file))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range jsList.FindAllStringSubmatch(string(raw), -1) {
		if m[1] == name {
			var out []string
			for _, v := range jsString.FindAllStringSubmatch(m[2], -1) {
				out = append(out, v[1])
			}
			return out
		}
	}
	t.Fatalf("%s has no list %s", file, name)
	return nil
}

// The answers the app's forms offer are those the schema accepts, no more, no fewer.
func TestAppChoicesAreTheSchemas(t *testing.T) {
	for _, c := range []struct{ file, list, collection, field string }{
		{"screens/meetings.js", "MODES", "meetings", "mode"},
		{"screens/meetings.js", "TOPICS", "meetings", "topics"},
		{"screens/objectives.js", "STATUSES", "objectives", "status"},
	} {
		offered := appList(t, c.file, c.list)
		if !slices.Equal(slices.Sorted(slices.Values(offered)), slices.Sorted(slices.Values(selectValues(t, c.collection, c.field)))) {
			t.Errorf("%s %s %v differs from %s.%s", c.file, c.list, offered, c.collection, c.field)
		}
	}
}
