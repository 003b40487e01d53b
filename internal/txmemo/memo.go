// Package txmemo remembers, for the length of one database transaction, values read in it
// again and again (a push of 100 meetings asks 100 times for the same duo's branch).
package txmemo

import (
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

var memos sync.Map // *core.TxAppInfo -> *memo

type memo struct {
	mu     sync.Mutex
	values map[string]any
}

// Get returns the value under key in app's transaction, loading it the first time; outside
// a transaction it always loads. A value whose load fails is not remembered.
func Get[T any](app core.App, key string, load func() (T, error)) (T, error) {
	info := app.TxInfo()
	if info == nil {
		return load()
	}
	m := memoOf(info)
	m.mu.Lock()
	v, ok := m.values[key]
	m.mu.Unlock()
	if ok {
		return v.(T), nil
	}
	value, err := load()
	if err == nil {
		m.mu.Lock()
		m.values[key] = value
		m.mu.Unlock()
	}
	return value, err
}

// Forget drops a key in app's transaction, after a write that changes what it holds.
func Forget(app core.App, key string) {
	if info := app.TxInfo(); info != nil {
		if m, ok := memos.Load(info); ok {
			m.(*memo).mu.Lock()
			delete(m.(*memo).values, key)
			m.(*memo).mu.Unlock()
		}
	}
}

// ForgetIf drops the keys matching forget in app's transaction.
func ForgetIf(app core.App, forget func(key string) bool) {
	if info := app.TxInfo(); info != nil {
		if m, ok := memos.Load(info); ok {
			m.(*memo).mu.Lock()
			for key := range m.(*memo).values {
				if forget(key) {
					delete(m.(*memo).values, key)
				}
			}
			m.(*memo).mu.Unlock()
		}
	}
}

func memoOf(info *core.TxAppInfo) *memo {
	if m, ok := memos.Load(info); ok {
		return m.(*memo)
	}
	m, loaded := memos.LoadOrStore(info, &memo{values: map[string]any{}})
	if !loaded {
		info.OnComplete(func(error) error {
			memos.Delete(info)
			return nil
		})
	}
	return m.(*memo)
}
