package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The public sign-up (/join/): a person who has not joined yet registers for an information
// session of a branch, confirms by e-mail, and is turned into a person by a coordinator
// after the intake interview. A registration is written only by the server (signup's
// routes); the branch's coordinators read theirs. The confirmation token is kept as a hash,
// hidden; the cell key (impact figures) as users and duos have it. An attendance line now
// names a person or a registration, exactly one (sessions/attendance.go), with one line per
// session and each of them. The sign-up's routes get PocketBase's rate limits, and the
// consents a kind for being contacted about joining, given through the sign-up.
func init() {
	const staff = `@request.auth.id != "" && @request.auth.role = "coordinator" && branch = @request.auth.branch`
	m.Register(func(app core.App) error {
		branches, err := app.FindCollectionByNameOrId("branches")
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		sessions, err := app.FindCollectionByNameOrId("sessions")
		if err != nil {
			return err
		}
		registrations := core.NewBaseCollection("registrations")
		registrations.ListRule, registrations.ViewRule = rule(staff), rule(staff)
		registrations.CreateRule, registrations.UpdateRule, registrations.DeleteRule = nil, nil, nil
		registrations.Fields.Add(
			&core.RelationField{Name: "branch", Required: true, MaxSelect: 1, CollectionId: branches.Id},
			&core.RelationField{Name: "session", Required: true, MaxSelect: 1, CollectionId: sessions.Id, CascadeDelete: true,
				Help: "The information session registered for"},
			&core.TextField{Name: "first_name", Required: true, Max: 60},
			&core.TextField{Name: "last_name", Required: true, Max: 60},
			&core.EmailField{Name: "email", Required: true, Help: "Lower case, as the sign-up stores it"},
			&core.TextField{Name: "phone", Max: 30},
			&core.SelectField{Name: "role", Required: true, MaxSelect: 1, Values: []string{"mentor", "mentee"}},
			&core.SelectField{Name: "language", Required: true, MaxSelect: 1, Values: []string{"fr", "nl", "en"}},
			&core.BoolField{Name: "consent_contact", Required: true, Help: "Agreed to be contacted by the branch about joining"},
			&core.DateField{Name: "mailed_at", Help: "When the last confirmation mail left (its link works 48 hours)"},
			&core.DateField{Name: "confirmed_at"},
			&core.DateField{Name: "converted_at"},
			&core.RelationField{Name: "person", MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true,
				Help: "The person the registrant became"},
			&core.NumberField{Name: "cell_key", Hidden: true, OnlyInt: true, Min: float(0), Max: float(255),
				Help: "Drawn once at random by the server (1-255) for the impact figures' cell key method"},
			&core.TextField{Name: "token_hash", Hidden: true, Max: 64, Help: "SHA-256 of the link's token"},
		)
		timestamps(registrations)
		registrations.AddIndex("idx_registrations_session_email", true, "session, email", "")
		registrations.AddIndex("idx_registrations_token", true, "token_hash", "token_hash != ''")
		registrations.AddIndex("idx_registrations_branch", false, "branch, created", "")
		if err := app.Save(registrations); err != nil {
			return err
		}
		if err := attendanceOfRegistrations(app, registrations.Id); err != nil {
			return err
		}
		if err := consentThroughSignup(app, true); err != nil {
			return err
		}
		if _, err := app.DB().NewQuery(`CREATE TABLE IF NOT EXISTS _join_mails (
			address TEXT NOT NULL, sent_at TEXT NOT NULL)`).Execute(); err != nil {
			return err
		}
		if _, err := app.DB().NewQuery(`CREATE INDEX IF NOT EXISTS idx_join_mails ON _join_mails (address, sent_at)`).Execute(); err != nil {
			return err
		}
		settings := app.Settings()
		settings.RateLimits.Rules = append(settings.RateLimits.Rules, signupLimits...)
		return app.Save(settings)
	}, func(app core.App) error {
		settings := app.Settings()
		settings.RateLimits.Rules = slices.DeleteFunc(settings.RateLimits.Rules, func(r core.RateLimitRule) bool {
			return slices.ContainsFunc(signupLimits, func(s core.RateLimitRule) bool { return s.Label == r.Label })
		})
		if err := app.Save(settings); err != nil {
			return err
		}
		if _, err := app.DB().NewQuery(`DROP TABLE IF EXISTS _join_mails`).Execute(); err != nil {
			return err
		}
		if err := consentThroughSignup(app, false); err != nil {
			return err
		}
		attendance, err := app.FindCollectionByNameOrId("attendance")
		if err != nil {
			return err
		}
		if _, err := app.DB().NewQuery(`DELETE FROM attendance WHERE person = ''`).Execute(); err != nil {
			return err
		}
		attendance.Fields.RemoveByName("registration")
		if person, ok := attendance.Fields.GetByName("person").(*core.RelationField); ok {
			person.Required = true
		}
		attendance.RemoveIndex("idx_attendance_session_registration")
		attendance.RemoveIndex("idx_attendance_session_person")
		attendance.AddIndex("idx_attendance_session_person", true, "session, person", "")
		if err := app.Save(attendance); err != nil {
			return err
		}
		registrations, err := app.FindCollectionByNameOrId("registrations")
		if err != nil {
			return err
		}
		return app.Delete(registrations)
	})
}

// signupLimits are the public sign-up's rate limits per client address: a family or an
// association's office registering a few people passes, a script does not. The mails an
// address receives are limited apart (signup.MailsPerDay).
var signupLimits = []core.RateLimitRule{
	{Label: "POST /api/join", MaxRequests: 5, Duration: 600},
	{Label: "POST /api/join/confirm", MaxRequests: 20, Duration: 600},
	{Label: "POST /api/join/cancel", MaxRequests: 20, Duration: 600},
	{Label: "GET /api/join/sessions", MaxRequests: 60, Duration: 60},
}

// attendanceOfRegistrations lets an attendance line name a registration instead of a person,
// one line per session and registration as per session and person.
func attendanceOfRegistrations(app core.App, registrationsID string) error {
	attendance, err := app.FindCollectionByNameOrId("attendance")
	if err != nil {
		return err
	}
	if person, ok := attendance.Fields.GetByName("person").(*core.RelationField); ok {
		person.Required = false
	}
	attendance.Fields.Add(&core.RelationField{Name: "registration", MaxSelect: 1, CollectionId: registrationsID, CascadeDelete: true,
		Help: "A registrant of the public sign-up, until a coordinator turns them into a person"})
	attendance.RemoveIndex("idx_attendance_session_person")
	attendance.AddIndex("idx_attendance_session_person", true, "session, person", "person != ''")
	attendance.AddIndex("idx_attendance_session_registration", true, "session, registration", "registration != ''")
	return app.Save(attendance)
}

// consentThroughSignup adds (or takes back) the purpose "contact" (being contacted by the
// branch about joining) and the way "signup" (given on the public sign-up, confirmed by mail).
func consentThroughSignup(app core.App, add bool) error {
	consents, err := app.FindCollectionByNameOrId("consents")
	if err != nil {
		return err
	}
	for field, value := range map[string]string{"purpose": "contact", "recorded_via": "signup"} {
		f, ok := consents.Fields.GetByName(field).(*core.SelectField)
		if !ok {
			continue
		}
		f.Values = slices.DeleteFunc(f.Values, func(v string) bool { return v == value })
		if add {
			f.Values = append(f.Values, value)
		}
	}
	if !add {
		if _, err := app.DB().NewQuery(`DELETE FROM consents WHERE purpose = 'contact' OR recorded_via = 'signup'`).Execute(); err != nil {
			return err
		}
	}
	return app.Save(consents)
}
