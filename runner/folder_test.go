package runner

import (
	"path/filepath"
	"testing"
)

func TestFolderIsInTheCache(t *testing.T) {
	dir := t.TempDir()
	if got, err := (&Runner{CacheDir: dir}).Folder("highlight"); err != nil || got != filepath.Join(dir, "highlight") {
		t.Errorf("Folder with CacheDir = %q, %v; want %q", got, err, filepath.Join(dir, "highlight"))
	}
	env := t.TempDir()
	t.Setenv("WORKBOOK_CACHE", env)
	if got, err := (&Runner{}).Folder("highlight"); err != nil || got != filepath.Join(env, "highlight") {
		t.Errorf("Folder with $WORKBOOK_CACHE = %q, %v; want %q", got, err, filepath.Join(env, "highlight"))
	}
}
