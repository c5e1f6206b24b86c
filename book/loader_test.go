package book

import (
	"errors"
	"io/fs"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/lessons"
)

// loaderBook is the bundled book plus a lesson reading a data file and a
// chapter.
func loaderBook(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(lessons.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(lessons.FS, p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["50-data.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Data\nweight: 50\n---\n\n```go files=in.txt\npackage main\n\nfunc main() {}\n```\n")}
	fsys["in.txt"] = &fstest.MapFile{Data: []byte("one\n")}
	fsys["ch/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Chapter\nweight: 60\n---\n")}
	fsys["ch/01-a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\n---\n\nText.\n")}
	return fsys
}

// TestLoaderReusesUnchangedLessons: a Loader's second load of the same
// files has the first load's lessons, except those it must make anew
// (in a chapter, reading data), and the edited one; every book it
// returns is the one Load returns.
func TestLoaderReusesUnchangedLessons(t *testing.T) {
	fsys := loaderBook(t)
	var ld Loader
	first, err := ld.Load(fsys, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	fsys["02-parallelism.md"] = &fstest.MapFile{Data: append([]byte(nil), fsys["02-parallelism.md"].Data...)}
	fsys["02-parallelism.md"].Data = append(fsys["02-parallelism.md"].Data, "\nOne more line.\n"...)
	fsys["in.txt"] = &fstest.MapFile{Data: []byte("two\n")}
	second, err := ld.Load(fsys, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	var data *Lesson
	seen := map[string]bool{"02-parallelism": true, "50-data": true, "ch/01-a": true, "index": true}
	was := map[string]*Lesson{}
	for _, l := range append(first.Lessons, first.Index) {
		was[l.Slug] = l
	}
	anew := map[string]bool{"02-parallelism": true, "50-data": true, "ch/index": true, "ch/01-a": true}
	for _, l := range append(second.Lessons, second.Index) {
		if l.Slug == "50-data" {
			data = l
		}
		delete(seen, l.Slug)
		if reused := was[l.Slug] == l; reused == anew[l.Slug] {
			t.Errorf("%s: reused %v, want %v", l.Slug, reused, !anew[l.Slug])
		}
	}
	if len(seen) > 0 {
		t.Errorf("lessons not in the second book: %v", seen)
	}
	if data == nil {
		t.Fatal("no lesson 50-data")
	}
	if got := string(data.Programs[0].Files["in.txt"]); got != "two\n" {
		t.Errorf("the data lesson's program reads %q, want the file as it is now", got)
	}
	want, err := Load(fsys, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want, second) {
		t.Errorf("the Loader's book differs from Load's")
	}
}

// TestLoaderReportsErrorsEveryTime: a lesson that does not parse is
// reported by every load, not only the first, and the others are still
// reused.
func TestLoaderReportsErrorsEveryTime(t *testing.T) {
	fsys := loaderBook(t)
	fsys["03-processes.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [broken\n---\n")}
	var ld Loader
	for i := range 3 {
		_, err := ld.Load(fsys, "lessons")
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 || list[0].File != "lessons/03-processes.md" {
			t.Fatalf("load %d: %v, want the broken lesson named", i+1, err)
		}
	}
	delete(fsys, "03-processes.md")
	if _, err := ld.Load(fsys, "lessons"); err != nil {
		t.Fatalf("without the broken lesson: %v", err)
	}
}
