package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

const learnLesson = "---\ntitle: T\n---\n\n" +
	"```go exercise name=hello\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"?\")\n}\n```\n\n" +
	"```go solution name=hello\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello\")\n}\n```\n\n" +
	"```output\nhello\n```\n\n```hint\nPrint hello.\n```\n\n```hint\nfmt.Println(\"hello\")\n```\n"

// lockedBuffer is an io.Writer whose text can be read while learn writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitOutput waits until out holds want, n times.
func waitOutput(t *testing.T, out *lockedBuffer, want string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for strings.Count(out.String(), want) < n {
		if time.Now().After(deadline) {
			t.Fatalf("no %q (x%d) in learn's output:\n%s", want, n, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestLearnLoop works through an exercise as a reader does: learn shows
// what the starter prints against what is expected, gives the hints one
// at a time on request, re-checks on save and ends when it is solved.
func TestLearnLoop(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Setenv("WORKBOOK_CACHE", t.TempDir())
	b, err := book.Load(fstest.MapFS{"a.md": {Data: []byte(learnLesson)}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	ws := filepath.Join(t.TempDir(), "ws")
	out := &lockedBuffer{}
	l := &learner{out: out, runner: &runner.Runner{}, dir: ws, exercises: b.Exercises()}
	if _, err := l.writeWorkspace(); err != nil {
		t.Fatal(err)
	}
	in, typed := io.Pipe()
	defer typed.Close()
	done := make(chan error, 1)
	go func() { done <- l.loop(context.Background(), in, false) }()

	waitOutput(t, out, "✗ lessons/a.md#hello prints something else", 1)
	waitOutput(t, out, "+ ?", 1)
	io.WriteString(typed, "hint\n")
	waitOutput(t, out, "hint 1 of 2: Print hello.", 1)
	io.WriteString(typed, "h\n")
	waitOutput(t, out, `hint 2 of 2: fmt.Println("hello")`, 1)
	io.WriteString(typed, "hint\n")
	waitOutput(t, out, "no more hints (2 shown)", 1)

	main := filepath.Join(ws, "a", "hello", "main.go")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(main, []byte(strings.Replace(string(src), `"?"`, `"hello"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitOutput(t, out, "✓ lessons/a.md#hello solved", 1)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("loop: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("learn did not end once every exercise was solved")
	}
	if !strings.Contains(out.String(), "All 1 exercises solved.") {
		t.Errorf("no closing line in:\n%s", out.String())
	}
}
