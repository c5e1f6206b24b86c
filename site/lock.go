package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/workbook-dev/workbook/internal/filelock"
)

// lockOut holds a lock for the site in out until unlock is called, so two
// builds of one site (two terminals, serve and a script) take turns: an
// incremental build links files from the site it read, which another
// build must not swap away in between. The lock is a file in dir (the
// workbook cache), named by out's absolute path, so nothing is written
// beside the site. Without dir there is no lock.
func lockOut(dir, out string) (unlock func(), err error) {
	if dir == "" {
		return func() {}, nil
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", out, err)
	}
	// The folder itself, however named: through a link (public ->
	// www/site) or a linked parent, builds of one folder share a lock.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else if parent, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(parent, filepath.Base(abs))
	}
	sum := sha256.Sum256([]byte(abs))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("locking %s: %w", out, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, hex.EncodeToString(sum[:12])+".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", out, err)
	}
	if err := filelock.Lock(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("locking %s: %w", out, err)
	}
	return func() { filelock.Unlock(f); f.Close() }, nil
}
