package site

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// fakeRunner returns fixed results, found by program source. It never
// builds or runs anything.
type fakeRunner struct {
	mu       sync.Mutex
	bySource map[string]*runner.Result
	calls    int
}

func (f *fakeRunner) RunAll(ctx context.Context, progs []*runner.Program, done func(int, *runner.Result)) ([]*runner.Result, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	out := make([]*runner.Result, len(progs))
	for i, p := range progs {
		r, ok := f.bySource[string(p.Source)]
		if !ok {
			return nil, fmt.Errorf("fake runner: no result for program %d:\n%s", i, p.Source)
		}
		c := *r
		c.Cached = true
		out[i] = &c
		done(i, &c)
	}
	return out, nil
}

// readArchive reads a txtar file and fails the test if it cannot.
func readArchive(t testing.TB, name string) *txtar.Archive {
	t.Helper()
	a, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	return a
}

// archiveFile returns the named file of a, or fails.
func archiveFile(t testing.TB, a *txtar.Archive, name string) []byte {
	t.Helper()
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("archive has no file %s", name)
	return nil
}

// fixture reads a book from a txtar archive: files under lessons/ form
// the lessons folder, and results.json maps "slug#id" to each program's
// result. It returns the folder and a fake runner with those results.
func fixture(t testing.TB, name string) (fstest.MapFS, *fakeRunner) {
	t.Helper()
	a := readArchive(t, name)
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		if rest, ok := strings.CutPrefix(f.Name, "lessons/"); ok {
			fsys[rest] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
	}
	b, err := book.Load(fsys, "lessons")
	if err != nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	return fsys, fakeFor(t, b, archiveFile(t, a, "results.json"))
}

// fakeFor returns a runner that answers b's programs with the results in
// resultsJSON, keyed by "slug#id".
func fakeFor(t testing.TB, b *book.Book, resultsJSON []byte) *fakeRunner {
	t.Helper()
	byID := map[string]*runner.Result{}
	if err := json.Unmarshal(resultsJSON, &byID); err != nil {
		t.Fatalf("results.json: %v", err)
	}
	f := &fakeRunner{bySource: map[string]*runner.Result{}}
	for _, p := range b.Programs() {
		key := p.Lesson.Slug + "#" + p.ID
		r, ok := byID[key]
		if !ok {
			t.Fatalf("results.json has no result for %s", key)
		}
		f.bySource[string(p.Source())] = r
	}
	return f
}
