package site

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestInputStats: a build after one with nothing changed hashes no file
// of the lessons folder; an edit that keeps the size and sets the
// modification time back is still seen (by the change time), and so is
// a file changed too recently for its times to tell.
func TestInputStats(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no change time: size and modification time decide alone")
	}
	defer func(s time.Duration) { statSlack = s }(statSlack)
	statSlack = 0 // files written by this test are trusted at once

	dir := t.TempDir()
	for name, f := range bookOf(5) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{Lessons: os.DirFS(dir), Out: filepath.Join(t.TempDir(), "public"), Runner: &echoRunner{}}
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	first := readInputs(context.Background(), cfg)
	if first.hashed != 0 || len(first.files) != 6 {
		t.Fatalf("nothing changed: %d of %d files hashed, want 0 of 6", first.hashed, len(first.files))
	}

	// The same size, the old modification time: only ctime tells.
	name := filepath.Join(dir, "l01.md")
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(name)
	if err := os.WriteFile(name, []byte(strings.Replace(string(data), "println(1)", "println(7)", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(name, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(cfg.Out, "l01.html"))
	if !strings.Contains(string(page), "println") || !strings.Contains(string(page), ">7<") {
		t.Errorf("the same-size edit with its old modification time did not reach the page")
	}

	// Changed within the slack: hashed again, whatever its times say.
	statSlack = time.Hour
	if in := readInputs(context.Background(), cfg); in.hashed != 6 {
		t.Errorf("files changed within the slack: %d hashed, want all 6", in.hashed)
	}
}
