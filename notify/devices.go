package notify

import (
	"regexp"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// DeviceTTL is how long a device lives without registering again (apps register at every
// start); older ones are pruned daily.
const DeviceTTL = 60 * 24 * time.Hour

// Device is what an app says of its phone when it registers.
type Device struct {
	Token      string `json:"token"`
	Platform   string `json:"platform"`
	AppVersion string `json:"app_version"`
	Locale     string `json:"locale"`
}

var languageTag = regexp.MustCompile(`^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$`)

// Register saves a person's device, keyed by its token: new, refreshed, or moved from
// whoever had the token before (a shared phone now signed in by someone else).
func Register(app core.App, userID string, in Device, now time.Time) (*core.Record, error) {
	locale, ok := deviceLanguage(in.Locale)
	if !ok {
		return nil, validation.Errors{"locale": validation.NewError("validation_invalid_format", "Invalid format.")}
	}
	var device *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		device, err = tx.FindFirstRecordByData("devices", "token", in.Token)
		if err != nil || in.Token == "" {
			collection, err := tx.FindCachedCollectionByNameOrId("devices")
			if err != nil {
				return err
			}
			device = core.NewRecord(collection)
		}
		device.Set("user", userID)
		device.Set("token", in.Token)
		device.Set("platform", in.Platform)
		device.Set("app_version", strings.TrimSpace(in.AppVersion))
		device.Set("locale", locale)
		device.Set("last_seen", now)
		return tx.Save(device)
	})
	return device, err
}

// deviceLanguage keeps the language of a phone's locale tag (fr-BE is fr) when duo speaks
// it, and nothing for another (ar-MA): the person's own language comes first anyway.
func deviceLanguage(tag string) (string, bool) {
	if tag == "" {
		return "", true
	}
	if !languageTag.MatchString(tag) {
		return "", false
	}
	base := strings.ToLower(strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' })[0])
	switch base {
	case "fr", "nl", "en":
		return base, true
	}
	return "", true
}

// Unregister removes a person's device by its token (at logout); false if they have none.
func Unregister(app core.App, userID, token string) (bool, error) {
	device, err := app.FindFirstRecordByFilter("devices", "token = {:token} && user = {:user}",
		dbx.Params{"token": token, "user": userID})
	if err != nil {
		return false, nil
	}
	return true, app.Delete(device)
}

// PruneDevices removes the devices not registered again for DeviceTTL; it returns how many.
func PruneDevices(app core.App, now time.Time) (int64, error) {
	res, err := app.DB().Delete("devices", dbx.NewExp("last_seen < {:cutoff}",
		dbx.Params{"cutoff": dateTime(now.Add(-DeviceTTL))})).Execute()
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
