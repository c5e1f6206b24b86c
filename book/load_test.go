package book

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadRefuses404(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "404.md"), []byte("---\ntitle: Lost\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(os.DirFS(dir), "lessons")
	if _, ok := err.(ErrorList); !ok || !strings.HasPrefix(err.Error(), "lessons/404.md:1: ") {
		t.Errorf("Load of 404.md: %v, want an error at lessons/404.md:1", err)
	}
}
