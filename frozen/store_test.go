package frozen

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

func TestPath(t *testing.T) {
	for _, tt := range []struct{ dir, file, want string }{
		{"lessons", "lessons/01-go.md", ".frozen/01-go/hello.json"},
		{"book/lessons", "book/lessons/ch1/intro.md", ".frozen/ch1/intro/hello.json"},
		{".", "01-go.md", ".frozen/01-go/hello.json"},
	} {
		b := &book.Book{Dir: tt.dir}
		p := &book.Program{Lesson: &book.Lesson{File: tt.file}, ID: "hello"}
		if got := Path(b, p); got != tt.want {
			t.Errorf("Path(%q, %q) = %q, want %q", tt.dir, tt.file, got, tt.want)
		}
	}
}

// TestEncode: the committed form is indented, with every object's keys
// sorted and numbers exact, and it reads back as it was written.
func TestEncode(t *testing.T) {
	start := time.Date(2026, 12, 2, 7, 0, 0, 123456789, time.UTC)
	e := &Entry{Key: "k1", Result: &runner.Result{
		Build: runner.Build{OK: true},
		Runs:  []runner.Run{{Start: start, Wall: 1<<53 + 1, Output: []runner.Line{{Text: "a<b"}}}},
		Env:   runner.Env{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", NumCPU: 8},
	}}
	data, err := Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	order := []string{`"key": "k1"`, `"result"`, `"build"`, `"env"`, `"go_version"`, `"goarch"`, `"goos"`, `"num_cpu"`, `"runs"`}
	last := -1
	for _, s := range order {
		i := strings.Index(text, s)
		if i < last {
			t.Errorf("%s is out of order (keys must be sorted):\n%s", s, text)
		}
		last = i
	}
	if !strings.Contains(text, "9007199254740993") || !strings.Contains(text, `"a<b"`) || !strings.HasSuffix(text, "}\n") {
		t.Errorf("numbers, text or the final newline changed:\n%s", text)
	}
	b := &book.Book{Dir: "lessons"}
	p := &book.Program{Lesson: &book.Lesson{File: "lessons/a.md"}, ID: "x"}
	got, err := Read(fstest.MapFS{".frozen/a/x.json": {Data: data}}, b, p)
	if err != nil || got.Key != "k1" || !got.Result.Frozen || got.Result.Runs[0].Wall != 1<<53+1 || !got.Result.Runs[0].Start.Equal(start) {
		t.Errorf("Read = %+v, %v", got, err)
	}
	again, _ := Encode(got)
	if string(again) != text {
		t.Errorf("encoding what was read changed it:\n%s\nwant:\n%s", again, text)
	}
	if _, err := Read(fstest.MapFS{".frozen/a/x.json": {Data: []byte("{")}}, b, p); err == nil || !strings.Contains(err.Error(), "lessons/.frozen/a/x.json: damaged frozen result") {
		t.Errorf("a damaged file: %v", err)
	}
	if got, err := Read(fstest.MapFS{}, b, p); got != nil || err != nil {
		t.Errorf("no file: %v, %v", got, err)
	}
}
