package stale

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRemove(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, folder bool, age time.Duration) string {
		t.Helper()
		p := filepath.Join(dir, name)
		var err error
		if folder {
			err = os.MkdirAll(filepath.Join(p, "inside"), 0o755)
		} else {
			err = os.WriteFile(p, []byte("x"), 0o644)
		}
		if err == nil {
			when := time.Now().Add(-age)
			err = os.Chtimes(p, when, when)
		}
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := mk("wb-old", true, 2*After)
	recent := mk("wb-recent", true, After/2)
	file := mk("wb-file", false, 2*After)
	other := mk("other-old", true, 2*After)

	Remove(filepath.Join(dir, "wb-*"))

	if _, err := os.Lstat(old); !os.IsNotExist(err) {
		t.Errorf("an old matching folder is still there (%v)", err)
	}
	for _, p := range []string{recent, file, other} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: only old matching folders may be", filepath.Base(p))
		}
	}
	// A caller holding the folders' lock removes the recent one too.
	RemoveOlder(filepath.Join(dir, "wb-*"), 0)
	if _, err := os.Lstat(recent); !os.IsNotExist(err) {
		t.Errorf("RemoveOlder(…, 0) left a recent matching folder (%v)", err)
	}
	if _, err := os.Lstat(file); err != nil {
		t.Errorf("RemoveOlder removed a file")
	}
}
