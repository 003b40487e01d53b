package people

import (
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/duoforajob/duo/access"
)

// SignOutRoute ends every sign-in of the person who calls it, on every device: POST
// /api/auth/sign-out, no body, 204. Their tokens answer 401 from then on.
const SignOutRoute = "/api/auth/sign-out"

// StaffSignIn is how long a coordinator's token works: a console left open on a shared
// office computer, or a token copied from it, is of no use two hours later; the console
// renews the token while it is used. A phone's lasts 30 days (the users collection's own
// setting): it syncs offline and has a screen lock. Administrators keep PocketBase's day.
const StaffSignIn = 2 * time.Hour

// skew is how much longer than StaffSignIn a staff token may seem to live: the clocks of a
// token's minting and of its check are read a moment apart.
const skew = time.Minute

// BindSignIns registers the sign-out route, has every sign-in of a coordinator (password,
// one-time code, OAuth2, a refresh) answered with a token that lasts StaffSignIn, and
// refuses a coordinator's token that would last longer (made before, or another way).
func BindSignIns(app core.App) {
	app.OnRecordAuthRequest("users").BindFunc(func(e *core.RecordAuthRequestEvent) error {
		if isStaff(e.Record) {
			token, err := NewToken(e.Record)
			if err != nil {
				return e.InternalServerError("", err)
			}
			e.Token = token
		}
		return e.Next()
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST(SignOutRoute, signOut).Bind(apis.RequireAuth())
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: "duoStaffSignIns",
			// once PocketBase knows who asks, inside the error translation (+1): every route
			Priority: apis.DefaultLoadAuthTokenMiddlewarePriority + 2,
			Func: func(e *core.RequestEvent) error {
				if isStaff(e.Auth) && outlives(e.Request.Header.Get("Authorization"), time.Now()) {
					return e.UnauthorizedError("The request requires valid record authorization token.", nil)
				}
				return e.Next()
			},
		})
		return se.Next()
	})
}

func isStaff(record *core.Record) bool {
	return record != nil && record.Collection().Name == "users" && record.GetString("role") == access.RoleCoordinator
}

// NewToken is the token a person gets on signing in: PocketBase's own, shortened to
// StaffSignIn for a coordinator. Tokens are checked against the wall clock, as PocketBase
// checks their expiry, not against the programme's clock.
func NewToken(record *core.Record) (string, error) {
	if !isStaff(record) {
		return record.NewAuthToken()
	}
	claims := jwt.MapClaims{
		core.TokenClaimType:         core.TokenTypeAuth,
		core.TokenClaimId:           record.Id,
		core.TokenClaimCollectionId: record.Collection().Id,
		core.TokenClaimRefreshable:  true,
	}
	return security.NewJWT(claims, record.TokenKey()+record.Collection().AuthToken.Secret, StaffSignIn)
}

// outlives reports a token that expires later than a staff sign-in may last from now.
func outlives(header string, now time.Time) bool {
	if len(header) > 7 && strings.EqualFold(header[:7], "Bearer ") { // as PocketBase reads it
		header = header[7:]
	}
	claims, err := security.ParseUnverifiedJWT(header)
	if err != nil {
		return true // PocketBase accepted it, yet it cannot be read: refuse it
	}
	exp, err := claims.GetExpirationTime()
	return err != nil || exp == nil || exp.Sub(now) > StaffSignIn+skew
}

// signOut gives the person a new token key: every token signed with the old one, on every
// device, stops working (PocketBase does the same when a password changes).
func signOut(e *core.RequestEvent) error {
	record, err := e.App.FindRecordById(e.Auth.Collection(), e.Auth.Id)
	if err != nil {
		return e.UnauthorizedError("", nil)
	}
	record.RefreshTokenKey()
	if err := e.App.SaveNoValidate(record); err != nil { // a sign-out never fails on the account's other data
		return e.InternalServerError("", err)
	}
	return e.NoContent(http.StatusNoContent)
}
