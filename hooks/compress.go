package hooks

import (
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// compressAbove is the answer size from which gzip pays: below it the header and the work
// cost more than they save.
const compressAbove = 1024

// bindCompression gzips every answer a client accepts compressed (a coordinator's first pull
// page: 494 KB as JSON, 47 KB gzipped), through PocketBase's own middleware. Not the realtime
// stream: its events are small and must leave at once. Not the dashboard (/_/): PocketBase
// gzips it itself, and twice would leave it unreadable.
func bindCompression(e *core.ServeEvent) {
	gzip := apis.GzipWithConfig(apis.GzipConfig{MinLength: compressAbove})
	e.Router.Bind(&hook.Handler[*core.RequestEvent]{
		Id: "duoCompression",
		Func: func(e *core.RequestEvent) error {
			if path := e.Request.URL.Path; path == "/api/realtime" || strings.HasPrefix(path, "/_/") {
				return e.Next()
			}
			return gzip.Func(e)
		},
	})
}
