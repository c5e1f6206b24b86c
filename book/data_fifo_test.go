//go:build unix

package book

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDataFileFIFOIsRefused: a named pipe given as stdin=, in files= or
// inside a files= folder is an error at the attribute, not a read that
// waits forever.
func TestDataFileFIFOIsRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "testdata"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"in.txt", "data.txt", "testdata/pipe"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skip("no named pipes here:", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "x.md"), []byte(dataLesson), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Load(os.DirFS(dir), "lessons")
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatal("Load is still reading a named pipe")
	}
	for _, want := range []string{
		"lessons/x.md:5:14: files: data.txt is a named pipe (FIFO)",
		"lessons/x.md:5:14: files: testdata/pipe is a named pipe (FIFO)",
		"lessons/x.md:5:41: stdin: in.txt is a named pipe (FIFO)",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\ndoes not say %q", err, want)
		}
	}
}
