package sync_test

import (
	"io"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
)

func bufCopy(dst *strings.Builder, res *http.Response) (int64, error) { return io.Copy(dst, res.Body) }

func dbxEq(field, value string) dbx.Expression { return dbx.HashExp{field: value} }
