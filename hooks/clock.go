package hooks

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// lastAutodate is where PocketBase keeps the last value it stamped into an autodate field
// (core/field_autodate.go): a value that still equals it was not set by hand.
const lastAutodate = "@pbInternal_last_autodate_"

// bindClock stamps the created and updated dates with the programme's clock. PocketBase
// stamps them with the wall clock, while duo's rules compare them with their own clock (a
// signature dated between the agreement's creation and now; objectives due within a year of
// the duo's creation): a server, or a test, whose clock is set must see both agree. A date
// set on purpose (SetRaw, as PocketBase allows) is left alone, as PocketBase leaves it.
func bindClock(app core.App, now func() time.Time) {
	stamp := func(onUpdate bool) func(e *core.RecordEvent) error {
		return func(e *core.RecordEvent) error {
			at, err := types.ParseDateTime(now())
			if err != nil {
				return err
			}
			var original *core.Record // cloned at most once a save: this runs on every save
			for _, f := range e.Record.Collection().Fields {
				auto, ok := f.(*core.AutodateField)
				if !ok || !(auto.OnCreate && !onUpdate || auto.OnUpdate && onUpdate) {
					continue
				}
				name := auto.Name
				known := e.Record.GetDateTime(lastAutodate + name)
				if known.IsZero() {
					if original == nil {
						original = e.Record.Original()
					}
					known = original.GetDateTime(name)
				}
				if e.Record.GetDateTime(name).Equal(known) {
					e.Record.SetRaw(name, at)
				}
			}
			return e.Next()
		}
	}
	app.OnRecordCreateExecute().BindFunc(stamp(false))
	app.OnRecordUpdateExecute().BindFunc(stamp(true))
}
