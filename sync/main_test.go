package sync_test

import (
	"testing"

	"github.com/duoforajob/duo/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Run(m) }
