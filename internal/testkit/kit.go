package testkit

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/duoforajob/duo/erasure"
	"github.com/duoforajob/duo/hooks"
	_ "github.com/duoforajob/duo/migrations"
	accounts "github.com/duoforajob/duo/people"
)

// built is the seeded template and what tests need to know about it.
type built struct {
	dir    string
	tokens map[string]string // caller -> auth token
	ids    map[string]string // "agreement:<duo>", "profile:<user>", "evaluation:<duo>:<user>", "event:<duo>"
}

var (
	buildOnce sync.Once
	kit       *built
	buildErr  error
)

func template(t testing.TB) *built {
	buildOnce.Do(func() { kit, buildErr = build() })
	if buildErr != nil {
		t.Fatalf("testkit: building the seeded database: %v", buildErr)
	}
	return kit
}

// Run runs a package's tests and removes the seeded template afterwards (os.Exit skips
// deferred calls, so this cannot be a defer in TestMain).
func Run(m *testing.M) {
	code := m.Run()
	if code != 0 && !origin.IsZero() {
		fmt.Printf("testkit: the tests' clock started at %s (set %s to run again at that moment)\n",
			origin.Format(time.RFC3339), NowEnv)
	}
	if kit != nil {
		os.RemoveAll(kit.dir)
	}
	os.Exit(code)
}

// NewApp clones the seeded database into a fresh test app with duo's hooks bound; the caller
// owns its cleanup. It is the TestAppFactory of API scenarios.
func NewApp(t testing.TB) *tests.TestApp {
	return NewAppWith(t, hooks.Options{})
}

// NewAppWith is NewApp with hooks bound with opts (a clock, a push sender).
func NewAppWith(t testing.TB, opts hooks.Options) *tests.TestApp {
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: template(t).dir, EncryptionEnv: "pb_test_env",
		DBConnect: erasure.DBConnect})
	if err != nil {
		t.Fatalf("testkit: cloning the seeded database: %v", err)
	}
	if opts.Now == nil {
		opts.Now = Now
	}
	hooks.Bind(app, opts)
	return app
}

// AppWith is NewAppWith cleaned up when the test ends.
func AppWith(t testing.TB, opts hooks.Options) *tests.TestApp {
	app := NewAppWith(t, opts)
	t.Cleanup(app.Cleanup)
	return app
}

// App is NewApp cleaned up when the test ends.
func App(t testing.TB) *tests.TestApp {
	app := NewApp(t)
	t.Cleanup(app.Cleanup)
	return app
}

// Auth is the request headers of a caller: a fixture user id, Superuser, Anonymous, or a
// token of someone made during the test (Login).
func Auth(t testing.TB, caller string) map[string]string {
	if caller == Anonymous {
		return nil
	}
	if token, ok := strings.CutPrefix(caller, "token:"); ok {
		return map[string]string{"Authorization": token}
	}
	token, ok := template(t).tokens[caller]
	if !ok {
		t.Fatalf("testkit: no token for caller %q", caller)
	}
	return map[string]string{"Authorization": token}
}

// Login makes a caller of a person created during the test.
func Login(t testing.TB, app core.App, userID string) string {
	t.Helper()
	user, err := app.FindRecordById("users", userID)
	if err != nil {
		t.Fatal(err)
	}
	token, err := accounts.NewToken(user) // a coordinator's is short, as the server gives it
	if err != nil {
		t.Fatal(err)
	}
	return "token:" + token
}

// Agreement is the id of a duo's agreement.
func Agreement(t testing.TB, duoID string) string { return id(t, "agreement:"+duoID) }

// Profile is the id of a person's profile.
func Profile(t testing.TB, userID string) string { return id(t, "profile:"+userID) }

// Evaluation is the id of a respondent's final evaluation of a duo.
func Evaluation(t testing.TB, duoID, respondentID string) string {
	return id(t, "evaluation:"+duoID+":"+respondentID)
}

// Event is the id of a duo's first history event.
func Event(t testing.TB, duoID string) string { return id(t, "event:"+duoID) }

func id(t testing.TB, key string) string {
	v, ok := template(t).ids[key]
	if !ok {
		t.Fatalf("testkit: no fixture %s", key)
	}
	return v
}

func build() (*built, error) {
	empty, err := os.MkdirTemp("", "duo-testkit-empty-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(empty)
	app, err := tests.NewTestApp(empty)
	if err != nil {
		return nil, err
	}
	hooks.Bind(app, hooks.Options{Now: Now})
	b := &built{dir: app.DataDir(), tokens: map[string]string{}, ids: map[string]string{}}
	if err := cheapPasswords(app); err != nil {
		app.Cleanup()
		return nil, err
	}
	if err := seed(app, Now()); err != nil {
		app.Cleanup()
		return nil, err
	}
	if err := excludeTestAddress(app); err != nil {
		app.Cleanup()
		return nil, err
	}
	if err := b.collect(app); err != nil {
		app.Cleanup()
		return nil, err
	}
	if err := readyForClones(app); err != nil {
		app.Cleanup()
		return nil, err
	}
	// Close the database so that every clone copies complete files; keep the folder.
	return b, app.ResetBootstrapState()
}

// TestAddress is where httptest's requests come from. Tests send thousands of requests from
// it (sync runs, benchmarks), so duo's rate limits (migrations) leave it out; the tests of the
// limits themselves send from other addresses.
const TestAddress = "192.0.2.1"

func excludeTestAddress(app core.App) error {
	settings := app.Settings()
	settings.RateLimits.ExcludedIPs = []string{TestAddress}
	return app.Save(settings)
}

// collect mints the callers' tokens and notes the ids the server chose.
func (b *built) collect(app core.App) error {
	for _, p := range people {
		user, err := app.FindRecordById("users", p.id)
		if err != nil {
			return err
		}
		if b.tokens[p.id], err = accounts.NewToken(user); err != nil {
			return err
		}
	}
	su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, SuperuserEmail)
	if err != nil {
		return err
	}
	if b.tokens[Superuser], err = su.NewAuthToken(); err != nil {
		return err
	}
	return b.collectIDs(app)
}

func (b *built) collectIDs(app core.App) error {
	for _, r := range mustAll(app, "agreements") {
		b.ids["agreement:"+r.GetString("duo")] = r.Id
	}
	for _, r := range mustAll(app, "profiles") {
		b.ids["profile:"+r.GetString("user")] = r.Id
	}
	for _, r := range mustAll(app, "evaluations") {
		b.ids[fmt.Sprintf("evaluation:%s:%s", r.GetString("duo"), r.GetString("respondent"))] = r.Id
	}
	for _, r := range mustAll(app, "duo_events") {
		if _, seen := b.ids["event:"+r.GetString("duo")]; !seen {
			b.ids["event:"+r.GetString("duo")] = r.Id
		}
	}
	return nil
}

func mustAll(app core.App, collection string) []*core.Record {
	records, _ := app.FindRecordsByFilter(collection, "", "created", 0, 0)
	return records
}
