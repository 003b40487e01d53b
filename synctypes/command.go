package synctypes

import (
	"fmt"
	"io"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// Formats are what `duo types` prints, and where the kit keeps each (make types).
var Formats = map[string]struct {
	Path  string
	Write func(io.Writer, []Collection) error
}{
	"ts":          {"clients/js/types/duo.d.ts", WriteTypeScript},
	"json-schema": {"clients/js/types/duo.schema.json", WriteJSONSchema},
	"js":          {"clients/js/src/schema.js", WriteRuntime},
}

// Command is `duo types ts|json-schema|js`: it migrates the data folder, then prints the
// types of the synced collections and sync messages in that format.
func Command(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:       "types ts|json-schema|js",
		Short:     "Print the sync client kit's types, from the schema: TypeScript, JSON Schema or the kit's runtime module",
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"ts", "json-schema", "js"},
		RunE: func(cmd *cobra.Command, args []string) error {
			format, ok := Formats[args[0]]
			if !ok {
				return fmt.Errorf("unknown format %q: ts, json-schema or js", args[0])
			}
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			collections, err := Read(app)
			if err != nil {
				return err
			}
			return format.Write(cmd.OutOrStdout(), collections)
		},
	}
}
