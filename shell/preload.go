package shell

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// entry is the app's first module, the one the page loads.
const entry = "main.js"

// staticImport finds the modules a module imports by name (import ... from './x.js', export
// ... from './x.js', import './x.js'); import() calls are left out: what loads when needed.
var staticImport = regexp.MustCompile(`(?m)^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"](\.{1,2}/[^'"]+)['"]`)

// modulesOf lists every module the page needs before the app starts: entry and all it imports,
// and what those import, as paths of files. The page names them all at once (modulepreload),
// so that a slow network fetches them side by side instead of one level of imports at a time.
func modulesOf(files fs.FS, from string) ([]string, error) {
	seen := map[string]bool{}
	queue := []string{from}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		body, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, err
		}
		for _, m := range staticImport.FindAllStringSubmatch(string(body), -1) {
			queue = append(queue, path.Join(path.Dir(name), m[1]))
		}
	}
	modules := make([]string, 0, len(seen))
	for name := range seen {
		modules = append(modules, name)
	}
	slices.Sort(modules)
	return modules, nil
}

// preloadLinks is the page's list of this version's modules, and of the catalog in lang
// (fetched as soon as the app starts).
func (s *Shell) preloadLinks(lang string) string {
	var b strings.Builder
	for _, m := range s.modules {
		b.WriteString(`<link rel="modulepreload" href="v/` + s.version + "/" + m + "\">\n  ")
	}
	b.WriteString(`<link rel="preload" as="fetch" crossorigin href="v/` + s.version + "/locales/" + lang + `.json">`)
	return b.String()
}

// pageLanguage is the app's language a browser asks for first (the app's own choice on a
// first visit when nobody signed in yet: app's i18n.js), French when none.
func pageLanguage(acceptLanguage string) string {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		lang, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if lang == "fr" || lang == "nl" || lang == "en" {
			return lang
		}
	}
	return "fr"
}
