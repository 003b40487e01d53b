package impact

import (
	"crypto/rand"
	"math/big"

	"github.com/pocketbase/pocketbase/core"
)

// KeyField is the field of duos and users that holds a record's cell key: drawn once at
// random (1 to 255) by the server, never by a client, and never changed (cellkey.go).
const KeyField = "cell_key"

// keyed are the collections whose records the figures count: duos, people, and the
// registrants of the public sign-up (the funnel's first step counts those never converted).
var keyed = []string{"duos", "users", "registrations"}

// bindKeys gives every new duo and person a key, whatever writes it (a request, duo's own
// code, a sync push), and keeps it through every update. A request's value is ignored: a
// client that chose keys could choose noise. Go code may carry a key over (an erasure's
// pseudonym keeps the person's, so that no published figure changes).
func bindKeys(app core.App) {
	app.OnRecordCreateRequest(keyed...).BindFunc(func(e *core.RecordRequestEvent) error {
		e.Record.Set(KeyField, 0)
		return e.Next()
	})
	app.OnRecordCreate(keyed...).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetInt(KeyField) == 0 {
			e.Record.Set(KeyField, NewKey())
		}
		return e.Next()
	})
	app.OnRecordUpdate(keyed...).BindFunc(func(e *core.RecordEvent) error {
		key := e.Record.Original().GetInt(KeyField)
		if key == 0 {
			key = NewKey()
		}
		e.Record.Set(KeyField, key)
		return e.Next()
	})
}

// NewKey draws a record's key, 1 to 255 (0 is "none drawn yet").
func NewKey() int {
	n, err := rand.Int(rand.Reader, big.NewInt(255))
	if err != nil {
		panic(err) // crypto/rand does not fail on the systems duo runs on
	}
	return int(n.Int64()) + 1
}
