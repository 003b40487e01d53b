package hooks_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/duoforajob/duo/internal/testkit"
)

// diskFull makes the data database as full as a full disk would: SQLite answers SQLITE_FULL to
// any write that needs a new page. max_page_count holds for one connection, and PocketBase
// writes through one (NonconcurrentDB).
func diskFull(t testing.TB, app *tests.TestApp) {
	t.Helper()
	db := app.NonconcurrentDB()
	var pages int
	if err := db.NewQuery("PRAGMA page_count").Row(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.NewQuery(fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Execute(); err != nil {
		t.Fatal(err)
	}
}

// roomAgain lifts diskFull's limit.
func roomAgain(t testing.TB, app *tests.TestApp) {
	t.Helper()
	if _, err := app.NonconcurrentDB().NewQuery("PRAGMA max_page_count = 1073741823").Execute(); err != nil {
		t.Fatal(err)
	}
}

// lockedByAnother has another connection hold the database's write lock until the app closes
// (a second process, a long transaction), and PocketBase's writer wait 20 ms for it, not 10 s.
func lockedByAnother(t testing.TB, app *tests.TestApp) {
	t.Helper()
	other, err := sql.Open("sqlite", filepath.Join(app.DataDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	release := func() {
		conn.ExecContext(ctx, "ROLLBACK")
		conn.Close()
		other.Close()
	}
	// Before the app closes its database, which would wait for the lock.
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		release()
		return e.Next()
	})
	if _, err := app.NonconcurrentDB().NewQuery("PRAGMA busy_timeout = 20").Execute(); err != nil {
		t.Fatal(err)
	}
}

// readOnly makes the data database refuse every write, as a file system remounted read-only
// would (SQLITE_READONLY, at once: PocketBase retries only a locked database).
func readOnly(t testing.TB, app *tests.TestApp) {
	t.Helper()
	if _, err := app.NonconcurrentDB().NewQuery("PRAGMA query_only = 1").Execute(); err != nil {
		t.Fatal(err)
	}
}

// unreadable spoils the pages of a table on disk (a failing disk), and has each read open a
// new connection, which finds them so (SQLITE_CORRUPT).
func unreadable(table string) func(t testing.TB, app *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		t.Helper()
		spoil(t, app, table)
	}
}

func spoil(t testing.TB, app *tests.TestApp, table string) {
	var pageSize int64
	if err := app.DB().NewQuery("PRAGMA page_size").Row(&pageSize); err != nil {
		t.Fatal(err)
	}
	var roots []int64
	if err := app.DB().NewQuery("SELECT rootpage FROM sqlite_master WHERE tbl_name = {:table} AND rootpage > 0").
		Bind(dbx.Params{"table": table}).Column(&roots); err != nil {
		t.Fatal(err)
	}
	if _, err := app.NonconcurrentDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
		t.Fatal(err)
	}
	app.ConcurrentDB().(*dbx.DB).DB().SetMaxIdleConns(0)
	file, err := os.OpenFile(filepath.Join(app.DataDir(), "data.db"), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, root := range roots {
		if _, err := file.WriteAt(bytes.Repeat([]byte{0xff}, int(pageSize)), (root-1)*pageSize); err != nil {
			t.Fatal(err)
		}
	}
}

// intact checks that a failed write left the data as it was.
func intact(meetings int) func(t testing.TB, app *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		roomAgain(t, app)
		if n, _ := app.CountRecords("meetings"); int(n) != meetings {
			t.Errorf("%d meetings after a failed write, %d before", n, meetings)
		}
		if notes := Find(t, app, "meetings", MeetingOne).GetString("notes"); strings.HasPrefix(notes, "long") {
			t.Error("the failed update was saved")
		}
		var check string
		if err := app.DB().NewQuery("PRAGMA integrity_check").Row(&check); err != nil || check != "ok" {
			t.Errorf("integrity_check: %q, %v", check, err)
		}
	}
}

// A failure of the server's own storage is a 503 that says to retry, on every route, never a
// 400 an app would take for invalid data and drop.
func TestStorageFailureIs503(t *testing.T) {
	meetings, err := App(t).CountRecords("meetings")
	if err != nil {
		t.Fatal(err)
	}
	long := `,"notes":"long` + strings.Repeat(" notes", 800) + `"` // more than a page: the write needs a new one
	french := `"message":"Le serveur n'a pas pu le faire maintenant ; rien n'a été enregistré. Réessayez plus tard."`
	english := `"message":"The server could not do this now; nothing was saved. Try again later."`
	RunAll(t, []Call{
		{Name: "a create on a full disk is 503, in the caller's language", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoOne, long), Status: 503, Want: []string{`"status":503`, french, `"data":{}`},
			Setup: diskFull, Check: intact(int(meetings))},
		{Name: "an update on a full disk is 503", Caller: DuoMentor, Method: "PATCH", URL: meetingsURL + "/" + MeetingOne,
			Body: `{` + long[1:] + `}`, Status: 503, Want: []string{french}, Setup: diskFull, Check: intact(int(meetings))},
		{Name: "the same create succeeds once the disk has room again", Caller: DuoMentor, Method: "POST", URL: meetingsURL,
			Body: meeting(DuoOne, long), Status: 200, Want: []string{`"notes":"long`},
			Setup: func(t testing.TB, app *tests.TestApp) { diskFull(t, app); roomAgain(t, app) }},
		{Name: "a signed-in request whose account cannot be read is 503, not anonymous", Caller: DuoMentee, Method: "GET",
			URL: duoURL(DuoOne), Status: 503, Want: []string{english}, Setup: unreadable("users")},
		{Name: "a console route whose duo cannot be read is 503, not 404", Caller: Coord, Method: "GET",
			URL: "/api/console/duos/" + DuoOne + "/evaluations", Status: 503, Setup: unreadable("duos")},
		{Name: "a delete on a read-only database is 503", Caller: Superuser, Method: "DELETE",
			URL: "/api/collections/agreements/records/" + Agreement(t, DuoValidated), Status: 503, Want: []string{english},
			Setup: readOnly},
		{Name: "a route of duo's own on a read-only database is 503", Caller: DuoMentee, Method: "POST", URL: devicesRoute,
			Body: registerPhone, Status: 503, Want: []string{french}, Setup: readOnly},
		{Name: "an auth route on a read-only database is 503", Caller: Anonymous, Method: "POST",
			URL: "/api/collections/users/confirm-password-reset", Body: resetBody(t, MenteeTwo), Status: 503,
			Want: []string{english}, Setup: readOnly},
	})
}

// A database locked by another connection is a 503 too, once PocketBase's own retries (about
// 7 s here) are over. Not a calendar matter: make test-dates skips it.
func TestLockedDatabaseIs503(t *testing.T) {
	Call{Name: "a create while another connection holds the lock is 503", Caller: MentorTwo, Method: "POST",
		URL: meetingsURL, Body: `{"duo":"` + DuoTwo + `","held_on":"` + Day(-1) + `","minutes":60,"mode":"video"}`,
		Status: 503, Want: []string{`"message":"De server kon dit nu niet doen; er is niets opgeslagen. Probeer het later opnieuw."`},
		Setup: lockedByAnother}.Run(t)
}

// resetBody confirms a password reset of a fixture person, with a token valid on every copy.
func resetBody(t *testing.T, userID string) string {
	user := Find(t, App(t), "users", userID)
	token, err := user.NewPasswordResetToken()
	if err != nil {
		t.Fatal(err)
	}
	return `{"token":"` + token + `","password":"a new long password","passwordConfirm":"a new long password"}`
}
