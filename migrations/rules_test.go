package migrations_test

import (
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	_ "github.com/duoforajob/duo/migrations"
)

// The API rules are the first half of duo's access policy (hooks refine them): any change
// to them must show up here, on purpose.
func TestAPIRulesArePinned(t *testing.T) {
	const (
		signedIn    = `@request.auth.id != "" && `
		duoMember   = signedIn + `(duo.mentor = @request.auth.id || duo.mentee = @request.auth.id || (@request.auth.role = "coordinator" && duo.branch = @request.auth.branch))`
		managesUser = signedIn + `@request.auth.role = "coordinator" && branch = @request.auth.branch && role != "coordinator"`
		superusers  = "<superusers only>"
		staffOfDuo  = signedIn + `@request.auth.role = "coordinator" && duo.branch = @request.auth.branch`
	)
	want := map[string][5]string{ // list, view, create, update, delete
		"branches": {signedIn + `id = @request.auth.branch`, signedIn + `id = @request.auth.branch`, superusers, superusers, superusers},
		"users": {
			signedIn + `(id = @request.auth.id || (@request.auth.role = "coordinator" && branch = @request.auth.branch) || (role = "coordinator" && branch = @request.auth.branch) || duos_via_mentee.mentor ?= @request.auth.id || duos_via_mentor.mentee ?= @request.auth.id)`,
			signedIn + `(id = @request.auth.id || (@request.auth.role = "coordinator" && branch = @request.auth.branch) || (role = "coordinator" && branch = @request.auth.branch) || duos_via_mentee.mentor ?= @request.auth.id || duos_via_mentor.mentee ?= @request.auth.id)`,
			managesUser,
			signedIn + `(id = @request.auth.id || (@request.auth.role = "coordinator" && branch = @request.auth.branch && role != "coordinator")) && erased_at = ""`,
			managesUser,
		},
		"profiles": {
			signedIn + `(user = @request.auth.id || (@request.auth.role = "coordinator" && user.branch = @request.auth.branch)) && user.erased_at = ""`,
			signedIn + `(user = @request.auth.id || (@request.auth.role = "coordinator" && user.branch = @request.auth.branch)) && user.erased_at = ""`,
			superusers,
			signedIn + `(user = @request.auth.id || (@request.auth.role = "coordinator" && user.branch = @request.auth.branch)) && user.erased_at = ""`,
			superusers,
		},
		"duos": {
			signedIn + `(mentor = @request.auth.id || mentee = @request.auth.id || (@request.auth.role = "coordinator" && branch = @request.auth.branch))`,
			signedIn + `(mentor = @request.auth.id || mentee = @request.auth.id || (@request.auth.role = "coordinator" && branch = @request.auth.branch))`,
			signedIn + `@request.auth.role = "coordinator" && branch = @request.auth.branch`,
			signedIn + `(mentor = @request.auth.id || mentee = @request.auth.id || (@request.auth.role = "coordinator" && branch = @request.auth.branch))`,
			superusers,
		},
		"agreements": {duoMember, duoMember, superusers, duoMember, superusers},
		"objectives": {duoMember, duoMember, duoMember, duoMember, duoMember},
		"meetings": {duoMember, duoMember, signedIn + `duo.mentor = @request.auth.id`,
			signedIn + `(duo.mentor = @request.auth.id || duo.mentee = @request.auth.id)`, signedIn + `duo.mentor = @request.auth.id`},
		"evaluations": {
			signedIn + `(respondent = @request.auth.id || (@request.auth.role = "coordinator" && duo.branch = @request.auth.branch))`,
			signedIn + `(respondent = @request.auth.id || (@request.auth.role = "coordinator" && duo.branch = @request.auth.branch))`,
			superusers, signedIn + `respondent = @request.auth.id`, superusers,
		},
		"duo_events": {duoMember, duoMember, superusers, superusers, superusers},
		"sync_conflicts": {
			signedIn + `(author = @request.auth.id || (@request.auth.role = "coordinator" && branch = @request.auth.branch))`,
			signedIn + `(author = @request.auth.id || (@request.auth.role = "coordinator" && branch = @request.auth.branch))`,
			superusers, superusers, superusers,
		},
		// Registered and moved through POST /api/devices only; removed by their owner at logout.
		"devices": {signedIn + `user = @request.auth.id`, signedIn + `user = @request.auth.id`, superusers, superusers,
			signedIn + `user = @request.auth.id`},
		"notifications": {superusers, superusers, superusers, superusers, superusers},
		// What a branch spent per year: recorded and read by the programme's administrators.
		"branch_costs": {superusers, superusers, superusers, superusers, superusers},
		// A person's consents: theirs and their branch's coordinators', withdrawn, never deleted.
		"consents": {
			signedIn + `(person = @request.auth.id || (@request.auth.role = "coordinator" && person.branch = @request.auth.branch))`,
			signedIn + `(person = @request.auth.id || (@request.auth.role = "coordinator" && person.branch = @request.auth.branch))`,
			signedIn + `(person = @request.auth.id || (@request.auth.role = "coordinator" && person.branch = @request.auth.branch))`,
			signedIn + `(person = @request.auth.id || (@request.auth.role = "coordinator" && person.branch = @request.auth.branch))`,
			superusers,
		},
		// Who exported, erased or changed a consent: read by the administrators only.
		"data_audit": {superusers, superusers, superusers, superusers, superusers},
		// The staff's note on a duo: its branch's coordinators only, never its mentor or mentee.
		"duo_staff_notes": {staffOfDuo, staffOfDuo, staffOfDuo, staffOfDuo, superusers},
		"sessions": {
			signedIn + `((@request.auth.role = "coordinator" && branch = @request.auth.branch) || duo.mentor = @request.auth.id || duo.mentee = @request.auth.id || attendance_via_session.person ?= @request.auth.id)`,
			signedIn + `((@request.auth.role = "coordinator" && branch = @request.auth.branch) || duo.mentor = @request.auth.id || duo.mentee = @request.auth.id || attendance_via_session.person ?= @request.auth.id)`,
			signedIn + `@request.auth.role = "coordinator" && branch = @request.auth.branch`,
			signedIn + `@request.auth.role = "coordinator" && branch = @request.auth.branch`,
			superusers,
		},
		"calendar_feeds": {superusers, superusers, superusers, superusers, superusers},
		// The coordinators' working file: the branch's staff read and add notes on a person or
		// a duo; each note is changed or deleted by its author.
		"case_notes": {
			signedIn + `@request.auth.role = "coordinator" && ((person != "" && person.branch = @request.auth.branch) || (duo != "" && duo.branch = @request.auth.branch))`,
			signedIn + `@request.auth.role = "coordinator" && ((person != "" && person.branch = @request.auth.branch) || (duo != "" && duo.branch = @request.auth.branch))`,
			signedIn + `@request.auth.role = "coordinator" && ((person != "" && person.branch = @request.auth.branch) || (duo != "" && duo.branch = @request.auth.branch))`,
			signedIn + `@request.auth.role = "coordinator" && ((person != "" && person.branch = @request.auth.branch) || (duo != "" && duo.branch = @request.auth.branch)) && author = @request.auth.id`,
			signedIn + `@request.auth.role = "coordinator" && ((person != "" && person.branch = @request.auth.branch) || (duo != "" && duo.branch = @request.auth.branch)) && author = @request.auth.id`,
		},
		"attendance": {
			signedIn + `(person = @request.auth.id || (@request.auth.role = "coordinator" && session.branch = @request.auth.branch))`,
			signedIn + `(person = @request.auth.id || (@request.auth.role = "coordinator" && session.branch = @request.auth.branch))`,
			signedIn + `@request.auth.role = "coordinator" && session.branch = @request.auth.branch`,
			signedIn + `@request.auth.role = "coordinator" && session.branch = @request.auth.branch`,
			signedIn + `@request.auth.role = "coordinator" && session.branch = @request.auth.branch && state = "invited"`,
		},
		// The public sign-up's registrants: read by their branch's coordinators, written by
		// the server only (signup's routes).
		"registrations": {
			signedIn + `@request.auth.role = "coordinator" && branch = @request.auth.branch`,
			signedIn + `@request.auth.role = "coordinator" && branch = @request.auth.branch`,
			superusers, superusers, superusers,
		},
	}

	empty := t.TempDir()
	app, err := tests.NewTestApp(empty)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	for name, rules := range want {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := [5]*string{c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule}
		for i, op := range []string{"list", "view", "create", "update", "delete"} {
			actual := superusers
			if got[i] != nil {
				actual = *got[i]
			}
			if actual != rules[i] {
				t.Errorf("%s %s rule:\n got  %s\n want %s", name, op, actual, rules[i])
			}
		}
	}
	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if _, pinned := want[c.Name]; !pinned && !c.System {
			t.Errorf("%s: a collection whose API rules no test pins", c.Name)
		}
	}
	users, _ := app.FindCollectionByNameOrId("users")
	if users.ManageRule == nil || *users.ManageRule != want["users"][4] {
		t.Errorf("users manage rule: %v", users.ManageRule)
	}
	if users.AuthRule == nil || *users.AuthRule != `erased_at = ""` {
		t.Errorf("users auth rule (an erased person never signs in): %v", users.AuthRule)
	}
}

func TestMain(m *testing.M) { os.Exit(m.Run()) }

// Every migration can be reverted and applied again (duo migrate down / up).
func TestMigrationsRevertAndReapply(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	reverted, err := runner.Down(len(core.AppMigrations.Items()))
	if err != nil {
		t.Fatalf("down: %v", err)
	}
	if len(reverted) < 4 {
		t.Fatalf("reverted only %v", reverted)
	}
	if _, err := app.FindCollectionByNameOrId("duos"); err == nil {
		t.Fatal("duos survived the revert")
	}
	if _, err := runner.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if _, err := app.FindCollectionByNameOrId("duo_events"); err != nil {
		t.Fatalf("duo_events missing after re-applying: %v", err)
	}
}
