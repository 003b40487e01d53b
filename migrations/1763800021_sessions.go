package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The meetings a branch organises (the programme's steps 1, 2, 3, 5, 6 and 7): information
// sessions, mentor trainings, intake interviews, a duo's first meeting and signing meeting,
// supervision check-ins. A session is planned and changed by the branch's coordinators; the
// people it concerns read it: those on its list (attendance) and, for a duo's session, the
// duo's mentor and mentee. A session is cancelled, never deleted (calendars keep it as such).
// Attendance is who is invited, registered, attended, was absent or excused: the branch's
// coordinators keep it, each person reads their own line.
func init() {
	const (
		signedIn      = `@request.auth.id != "" && `
		staff         = signedIn + `@request.auth.role = "coordinator" && branch = @request.auth.branch`
		staffOfBranch = signedIn + `@request.auth.role = "coordinator" && session.branch = @request.auth.branch`
	)
	m.Register(func(app core.App) error {
		branches, err := app.FindCollectionByNameOrId("branches")
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		duos, err := app.FindCollectionByNameOrId("duos")
		if err != nil {
			return err
		}
		sessions := core.NewBaseCollection("sessions")
		sessions.ListRule, sessions.ViewRule, sessions.CreateRule, sessions.UpdateRule = rule(staff), rule(staff), rule(staff), rule(staff)
		sessions.DeleteRule = nil
		sessions.Fields.Add(
			&core.RelationField{Name: "branch", Required: true, MaxSelect: 1, CollectionId: branches.Id},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{"info_session", "training",
				"intake", "first_meeting", "signing_meeting", "checkin"}},
			&core.TextField{Name: "title", Max: 120, Help: "A name of its own, if the kind is not enough"},
			&core.DateField{Name: "starts_at", Required: true},
			&core.DateField{Name: "ends_at", Required: true},
			&core.TextField{Name: "place", Max: 200},
			&core.URLField{Name: "link", Help: "A video call's address"},
			&core.RelationField{Name: "host", MaxSelect: 1, CollectionId: users.Id, Help: "The coordinator who runs it (the creator by default)"},
			&core.NumberField{Name: "capacity", OnlyInt: true, Min: float(0), Max: float(1000), Help: "Seats (information sessions, trainings); 0: no limit"},
			&core.SelectField{Name: "language", MaxSelect: 1, Values: []string{"fr", "nl", "en"}},
			&core.RelationField{Name: "duo", MaxSelect: 1, CollectionId: duos.Id, Help: "The duo of a first, signing or check-in meeting"},
			&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"planned", "cancelled"}, Help: "Empty means planned"},
			&core.DateField{Name: "cancelled_at", Help: "Set by the server"},
			&core.NumberField{Name: "sequence", OnlyInt: true, Min: float(0), Help: "Set by the server: one more at each change of time, place or status (calendars' SEQUENCE)"},
		)
		timestamps(sessions)
		sessions.AddIndex("idx_sessions_branch_starts", false, "branch, starts_at", "")
		sessions.AddIndex("idx_sessions_duo", false, "duo", "")
		if err := app.Save(sessions); err != nil {
			return err
		}

		attendance := core.NewBaseCollection("attendance")
		own := signedIn + `(person = @request.auth.id || (@request.auth.role = "coordinator" && session.branch = @request.auth.branch))`
		attendance.ListRule, attendance.ViewRule = rule(own), rule(own)
		attendance.CreateRule, attendance.UpdateRule = rule(staffOfBranch), rule(staffOfBranch)
		attendance.DeleteRule = rule(staffOfBranch + ` && state = "invited"`) // an invitation withdrawn; what happened stays
		attendance.Fields.Add(
			&core.RelationField{Name: "session", Required: true, MaxSelect: 1, CollectionId: sessions.Id, CascadeDelete: true},
			&core.RelationField{Name: "person", Required: true, MaxSelect: 1, CollectionId: users.Id},
			&core.SelectField{Name: "state", Required: true, MaxSelect: 1, Values: []string{"invited", "registered", "attended", "absent", "excused"}},
		)
		timestamps(attendance)
		attendance.AddIndex("idx_attendance_session_person", true, "session, person", "")
		attendance.AddIndex("idx_attendance_person", false, "person", "")
		if err := app.Save(attendance); err != nil {
			return err
		}

		// Read by the people it concerns, now that attendance exists to say who they are.
		read := signedIn + `((@request.auth.role = "coordinator" && branch = @request.auth.branch) || duo.mentor = @request.auth.id || ` +
			`duo.mentee = @request.auth.id || attendance_via_session.person ?= @request.auth.id)`
		sessions.ListRule, sessions.ViewRule = rule(read), rule(read)
		return app.Save(sessions)
	}, func(app core.App) error {
		for _, name := range []string{"attendance", "sessions"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		return nil
	})
}
