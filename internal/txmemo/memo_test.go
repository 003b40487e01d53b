package txmemo_test

import (
	"errors"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/internal/testkit"
	"github.com/duoforajob/duo/internal/txmemo"
)

func TestMain(m *testing.M) { testkit.Run(m) }

func TestMemoLivesAsLongAsItsTransaction(t *testing.T) {
	app := testkit.App(t)
	loads := 0
	load := func() (int, error) { loads++; return loads, nil }

	if v, _ := txmemo.Get(app, "k", load); v != 1 {
		t.Fatal("outside a transaction every call loads")
	}
	if v, _ := txmemo.Get(app, "k", load); v != 2 {
		t.Fatal("outside a transaction nothing is remembered")
	}
	_ = app.RunInTransaction(func(tx core.App) error {
		first, _ := txmemo.Get(tx, "k", load)
		again, _ := txmemo.Get(tx, "k", load)
		if first != again {
			t.Errorf("within a transaction a key loads once: %d then %d", first, again)
		}
		txmemo.Forget(tx, "k")
		if after, _ := txmemo.Get(tx, "k", load); after == first {
			t.Error("a forgotten key loads again")
		}
		txmemo.ForgetIf(tx, func(key string) bool { return key == "k" })
		if _, err := txmemo.Get(tx, "failing", func() (int, error) { return 0, errors.New("no") }); err == nil {
			t.Error("a failing load reports its error")
		}
		return nil
	})
	before := loads
	_ = app.RunInTransaction(func(tx core.App) error {
		if v, _ := txmemo.Get(tx, "k", load); v != before+1 {
			t.Error("a new transaction starts with an empty memo")
		}
		return nil
	})
}
