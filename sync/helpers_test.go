package sync_test

import "github.com/pocketbase/dbx"

func dbxEq(field, value string) dbx.Expression { return dbx.HashExp{field: value} }
