package synctypes

import (
	"encoding/json"
	"io"

	"github.com/duoforajob/duo/sync"
)

// WriteRuntime writes the kit's ES module describing the collections at run time: the
// schema version it speaks and, per collection, whether the app writes it and its fields'
// kinds (the SQL storage makes its tables from them).
func WriteRuntime(w io.Writer, collections []Collection) error {
	described, err := json.MarshalIndent(collections, "", "  ")
	if err != nil {
		return err
	}
	p := &printer{w: w}
	p.line("// " + generated)
	p.line("")
	p.line("/** The sync contract's version the kit speaks (X-Duo-Schema). */")
	p.line("export const schemaVersion = %d;", sync.SchemaVersion)
	p.line("/** The most mutations a push carries. */")
	p.line("export const maxMutations = %d;", sync.MaxMutations)
	p.line("")
	p.line("/**")
	p.line(" * @typedef {{name: string, kind: string, values?: string[], multiple?: boolean, target?: string,")
	p.line(" *   optional?: boolean, system?: boolean}} FieldInfo")
	p.line(" * @typedef {{name: import('../types/duo.js').CollectionName, type: string, writable: boolean,")
	p.line(" *   fields: FieldInfo[]}} CollectionInfo")
	p.line(" */")
	p.line("")
	p.line("/** The synced collections, parents before children (the order pulls bring them in). */")
	p.line("/** @type {ReadonlyArray<CollectionInfo>} */")
	p.line("export const collections = Object.freeze(%s);", described)
	return p.err
}
