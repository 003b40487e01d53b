package erasure

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// LedgerDir is the folder of pb_data that holds the ledger of erasures. It goes into the
// backups like the rest of pb_data, but a restore leaves it as it is (Bind): the ledger
// always lists every erasure made on this server, also those made after the backup.
const LedgerDir = "erasures"

const ledgerFile = "ledger.jsonl"

// Entry is one line of the ledger: the erased person's former id and a reason code, never
// personal data, and not the pseudonym either (nothing links the two).
type Entry struct {
	Person string    `json:"person"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

var ledgerMu sync.Mutex

// LedgerPath is where app's ledger lives.
func LedgerPath(app core.App) string {
	return filepath.Join(app.DataDir(), LedgerDir, ledgerFile)
}

// appendEntry writes one erasure to the ledger and waits for the disk to hold it: it is
// called in the erasure's transaction, so a committed erasure is always in the ledger (an
// entry whose transaction then failed only erases again, at the next start, a person a
// coordinator or the retention rules asked to erase).
func appendEntry(app core.App, e Entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	ledgerMu.Lock()
	defer ledgerMu.Unlock()
	path := LedgerPath(app)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// ReadLedger lists the erasures made on app's server, oldest first; no ledger is none.
// A line cut short by a crash in the middle of its write is skipped.
func ReadLedger(app core.App) ([]Entry, error) {
	ledgerMu.Lock()
	defer ledgerMu.Unlock()
	f, err := os.Open(LedgerPath(app))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Entry
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		var e Entry
		if json.Unmarshal(scanner.Bytes(), &e) == nil && e.Person != "" {
			out = append(out, e)
		}
	}
	return out, scanner.Err()
}
