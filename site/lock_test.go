package site

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestLockOut: a second build of the same site waits for the first; a
// build of another site does not.
func TestLockOut(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockOut(dir, "public")
	if err != nil {
		t.Fatal(err)
	}
	other, err := lockOut(dir, "elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	other()
	got := make(chan func(), 1)
	go func() {
		second, err := lockOut(dir, "./public")
		if err != nil {
			t.Error(err)
		}
		got <- second
	}()
	select {
	case <-got:
		t.Fatal("a second build of the site took the lock while the first held it")
	case <-time.After(300 * time.Millisecond):
	}
	unlock()
	(<-got)()
}

// TestLockOutThroughLinks: a site named through a link to it, or through
// a linked parent folder, has the lock of the folder itself.
func TestLockOutThroughLinks(t *testing.T) {
	dir, root := t.TempDir(), t.TempDir()
	real := filepath.Join(root, "www", "site")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, filepath.Join(root, "public")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(filepath.Join(root, "www"), filepath.Join(root, "w")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"public", filepath.Join("w", "site"), filepath.Join("w", "new")} {
		held := filepath.Join(root, "www", filepath.Base(name))
		if name == "public" {
			held = real
		}
		unlock, err := lockOut(dir, held)
		if err != nil {
			t.Fatal(err)
		}
		got := make(chan func(), 1)
		go func() {
			second, err := lockOut(dir, filepath.Join(root, name))
			if err != nil {
				t.Error(err)
			}
			got <- second
		}()
		select {
		case <-got:
			t.Errorf("a build of %s took the lock while one of %s held it", name, held)
		case <-time.After(300 * time.Millisecond):
		}
		unlock()
		(<-got)()
	}
}
