package sync

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// withRecords gives each result the record it is about as the server now holds it, as the
// REST API shows it to the person, so that the app shows the server's version at once
// rather than at the next pull. A record the person may not read (or that no longer exists,
// as after an applied delete) has none. Read after the push's transaction: what is shown is
// what was committed.
func withRecords(e *core.RequestEvent, info *core.RequestInfo, mutations []Mutation, resp *PushResponse) error {
	about := map[int64]Mutation{}
	byCollection := map[string][]string{}
	for _, m := range mutations {
		about[m.Mid] = m
	}
	for _, r := range resp.Results {
		if m, ok := about[r.Mid]; ok && r.Status != Resend && m.Problem == "" {
			byCollection[m.Collection] = append(byCollection[m.Collection], m.ID)
		}
	}
	held := map[string]*core.Record{}
	for collection, ids := range byCollection {
		records, err := visibleAmong(e.App, info, collection, ids)
		if err != nil {
			return err
		}
		if err := apis.EnrichRecords(e, records); err != nil {
			return err
		}
		for _, record := range records {
			held[collection+"/"+record.Id] = record
		}
	}
	for i, r := range resp.Results {
		if m, ok := about[r.Mid]; ok && r.Status != Resend {
			if record, ok := held[m.Collection+"/"+m.ID]; ok {
				resp.Results[i].Record = record
			}
		}
	}
	return nil
}
