package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/lessons"
	"github.com/workbook-dev/workbook/runner"
)

// lessonFlags are the flags every command that reads a book shares.
type lessonFlags struct {
	dir   string
	rerun bool
	jobs  int
}

func (lf *lessonFlags) register(fs *flag.FlagSet, jobs bool) {
	fs.StringVar(&lf.dir, "lessons", "", "lessons folder (default ./lessons if it exists, else the book built into workbook)")
	fs.BoolVar(&lf.rerun, "rerun", false, "ignore cached results and run every program again")
	if jobs {
		fs.IntVar(&lf.jobs, "jobs", 0, "builds and runs at once (default the CPU count)")
	}
}

// source returns the lessons to read and the name to give them in
// diagnostics: the folder the user named, ./lessons, or the embedded book.
func (lf *lessonFlags) source() (fs.FS, string, error) {
	dir := lf.dir
	if dir == "" {
		if fi, err := os.Stat("lessons"); err == nil && fi.IsDir() {
			dir = "lessons"
		} else {
			return lessons.FS, "lessons", nil
		}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, "", inputError{fmt.Errorf("reading lessons: %w", err)}
	}
	if !fi.IsDir() {
		return nil, "", inputError{fmt.Errorf("reading lessons: %s is not a folder", dir)}
	}
	return os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)), nil
}

// load reads and checks the book.
func (lf *lessonFlags) load() (*book.Book, error) {
	fsys, name, err := lf.source()
	if err != nil {
		return nil, err
	}
	return book.Load(fsys, name)
}

// runner returns a runner configured from the flags and the book.
func (lf *lessonFlags) runner(b *book.Book) *runner.Runner {
	return &runner.Runner{Rerun: lf.rerun, Jobs: lf.jobs, GoMod: b.GoMod, GoSum: b.GoSum}
}

// runnerFor is runner for a lessons folder not loaded yet: programs are
// built in the folder's own module when it has a go.mod.
func (lf *lessonFlags) runnerFor(fsys fs.FS) *runner.Runner {
	mod, _ := fs.ReadFile(fsys, "go.mod")
	sum, _ := fs.ReadFile(fsys, "go.sum")
	return &runner.Runner{Rerun: lf.rerun, Jobs: lf.jobs, GoMod: mod, GoSum: sum}
}

// findProgram resolves FILE#ID against the book. FILE may be the lesson's
// path as diagnostics name it, a path to it, or its base name.
func findProgram(b *book.Book, sel string) (*book.Program, error) {
	file, id, ok := strings.Cut(sel, "#")
	if !ok || id == "" {
		return nil, inputError{fmt.Errorf("%q: want FILE#ID, e.g. lessons/01-goroutines.md#hello", sel)}
	}
	l, err := findLesson(b, file)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range l.Programs {
		if p.ID == id {
			return p, nil
		}
		ids = append(ids, p.ID)
	}
	return nil, inputError{fmt.Errorf("%s: no program %q (programs: %s)", l.File, id, strings.Join(ids, ", "))}
}

func findLesson(b *book.Book, file string) (*book.Lesson, error) {
	names := []string{file}
	if filepath.IsAbs(file) {
		// An absolute path, as editors and other tools pass it.
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, file); err == nil {
				names = append(names, rel)
			}
		}
	}
	for _, name := range names {
		clean := filepath.ToSlash(filepath.Clean(name))
		for _, l := range b.Lessons {
			if l.File == clean || strings.HasSuffix(l.File, "/"+clean) || strings.TrimPrefix(clean, "./") == l.File {
				return l, nil
			}
		}
	}
	return nil, inputError{fmt.Errorf("%s: no such lesson in %s", file, b.Dir)}
}
