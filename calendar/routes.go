package calendar

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// The routes of a person's calendar subscription.
const (
	FeedRoute     = "/api/calendar/feed"   // POST: a new subscription address (the old one stops); DELETE: none
	FeedReadRoute = "/api/calendar/{file}" // GET <token>.ics: the feed, for a calendar app
	collection    = "calendar_feeds"
	suffix        = ".ics"
)

// Bind registers the routes on app; now is the server's clock.
func Bind(app core.App, now func() time.Time) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST(FeedRoute, func(e *core.RequestEvent) error { return subscribe(e, now()) }).Bind(apis.RequireAuth("users"))
		se.Router.DELETE(FeedRoute, revoke).Bind(apis.RequireAuth("users"))
		se.Router.GET(FeedReadRoute, func(e *core.RequestEvent) error { return read(e, now()) })
		return se.Next()
	})
}

// Subscription is what POST /api/calendar/feed answers.
type Subscription struct {
	// URL is the feed's address, to paste in a calendar app ("subscribe by URL").
	URL string `json:"url"`
	// Webcal is the same address for the links that open a calendar app at once.
	Webcal string `json:"webcal"`
}

// subscribe makes the person a new subscription token: the former address stops working.
func subscribe(e *core.RequestEvent, now time.Time) error {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return e.InternalServerError("", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	c, err := e.App.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return e.InternalServerError("", err)
	}
	record, err := e.App.FindFirstRecordByData(collection, "person", e.Auth.Id)
	if err != nil {
		record = core.NewRecord(c)
		record.Set("person", e.Auth.Id)
	}
	record.Set("token_hash", hash(token))
	record.Set("last_read", "")
	if err := e.App.Save(record); err != nil {
		return e.InternalServerError("", err)
	}
	address := baseURL(e) + strings.Replace(FeedReadRoute, "{file}", token+suffix, 1)
	return e.JSON(http.StatusOK, Subscription{URL: address, Webcal: "webcal" + strings.TrimPrefix(strings.TrimPrefix(address, "https"), "http")})
}

// revoke ends the person's subscription: calendars subscribed to it get nothing more.
func revoke(e *core.RequestEvent) error {
	record, err := e.App.FindFirstRecordByData(collection, "person", e.Auth.Id)
	if err == nil {
		if err := e.App.Delete(record); err != nil {
			return e.InternalServerError("", err)
		}
	}
	return e.NoContent(http.StatusNoContent)
}

// read answers the feed of the token's person; an unknown or revoked token, a 404.
func read(e *core.RequestEvent, now time.Time) error {
	token, ok := strings.CutSuffix(e.Request.PathValue("file"), suffix)
	if !ok || token == "" {
		return e.NotFoundError("", nil)
	}
	record, err := e.App.FindFirstRecordByData(collection, "token_hash", hash(token))
	if err != nil {
		return e.NotFoundError("", nil)
	}
	person, err := e.App.FindRecordById("users", record.GetString("person"))
	if err != nil || !person.GetDateTime("erased_at").IsZero() {
		return e.NotFoundError("", err)
	}
	body, err := Write(e.App, person, now)
	if err != nil {
		return e.InternalServerError("", err)
	}
	record.Set("last_read", now)
	_ = e.App.Save(record) // when it was read last helps nobody enough to fail the feed
	e.Response.Header().Set("Content-Disposition", `inline; filename="duo.ics"`)
	return e.Blob(http.StatusOK, "text/calendar; charset=utf-8", body)
}

func hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// baseURL is the server's address, as its settings name it (the invitation mail's too).
func baseURL(e *core.RequestEvent) string {
	return strings.TrimRight(e.App.Settings().Meta.AppURL, "/")
}
