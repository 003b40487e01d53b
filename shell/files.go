package shell

import (
	"io/fs"
	"slices"
	"strings"
)

// kitDir is where the kit's modules sit among the app's files: the app imports ./kit/index.js.
const kitDir = "kit"

// merged is the app's files with the kit's beside them under kit/, as one file system: the
// kit is served as it is in clients/js/src, the same files an npm user gets.
type merged struct {
	app fs.FS
	kit fs.FS
}

func (m merged) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if rest, ok := strings.CutPrefix(name, kitDir+"/"); ok && m.kit != nil {
		return m.kit.Open(rest)
	}
	if name == kitDir && m.kit != nil {
		return m.kit.Open(".")
	}
	return m.app.Open(name)
}

// ReadDir lists a folder; the root lists the kit's folder too.
func (m merged) ReadDir(name string) ([]fs.DirEntry, error) {
	if rest, ok := strings.CutPrefix(name, kitDir+"/"); ok && m.kit != nil {
		return fs.ReadDir(m.kit, rest)
	}
	if name == kitDir && m.kit != nil {
		return fs.ReadDir(m.kit, ".")
	}
	entries, err := fs.ReadDir(m.app, name)
	if err != nil || name != "." || m.kit == nil {
		return entries, err
	}
	kit, err := fs.Stat(m.kit, ".")
	if err != nil {
		return nil, err
	}
	entries = append(entries, fs.FileInfoToDirEntry(renamed{kit, kitDir}))
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// renamed is a folder's information under another name (the kit's root, seen as kit/).
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }
