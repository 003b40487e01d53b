package notify

import (
	"errors"
	"net/http"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/input"
)

// DevicesRoute is where apps register (POST) and unregister (DELETE /{token}) a phone.
const DevicesRoute = "/api/devices"

func bindRoutes(se *core.ServeEvent, now func() time.Time) {
	devices := se.Router.Group(DevicesRoute).Bind(apis.RequireAuth("users"))
	devices.POST("", func(e *core.RequestEvent) error { return registerDevice(e, now()) })
	devices.DELETE("/{token}", unregisterDevice)
}

// registerDevice: POST /api/devices {token, platform, app_version, locale}, an upsert by token.
func registerDevice(e *core.RequestEvent, now time.Time) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("Failed to read the submitted data.", err)
	}
	collection, err := e.App.FindCachedCollectionByNameOrId("devices")
	if err != nil {
		return e.InternalServerError("", err)
	}
	if err := input.Shape(collection, info.Body, false); err != nil {
		return e.BadRequestError("Some values have the wrong type.", err)
	}
	text := func(key string) string { s, _ := info.Body[key].(string); return s }
	device, err := Register(e.App, e.Auth.Id, Device{Token: text("token"), Platform: text("platform"),
		AppVersion: text("app_version"), Locale: text("locale")}, now)
	var fieldErrs validation.Errors
	if errors.As(err, &fieldErrs) {
		return e.BadRequestError("The device could not be registered.", fieldErrs)
	}
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, device)
}

// unregisterDevice: DELETE /api/devices/{token}, at logout. Another person's token is
// answered like an unknown one.
func unregisterDevice(e *core.RequestEvent) error {
	found, err := Unregister(e.App, e.Auth.Id, e.Request.PathValue("token"))
	if err != nil {
		return e.InternalServerError("", err)
	}
	if !found {
		return e.NotFoundError("", nil)
	}
	return e.NoContent(http.StatusNoContent)
}
