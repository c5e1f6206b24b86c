package main

import (
	"errors"
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
	cmd    string // the command, for messages
	dir    string
	demo   bool
	rerun  bool
	jobs   int
	memory int64 // bytes of address space per program process, 0 for no limit
}

func (lf *lessonFlags) register(fs *flag.FlagSet, jobs bool) {
	lf.cmd = fs.Name()
	fs.StringVar(&lf.dir, "lessons", "", "lessons folder (default ./lessons, else the current folder if it holds lessons)")
	fs.BoolVar(&lf.demo, "demo", false, "use the book bundled with workbook instead of a lessons folder")
	fs.BoolVar(&lf.rerun, "rerun", false, "ignore cached results and run every program again")
	if jobs {
		fs.IntVar(&lf.jobs, "jobs", 0, "builds and runs at once (default the CPU count)")
	}
	fs.Func("memory", "limit each program process's address space, e.g. 2GiB (Go reserves about 1.2GiB before main runs; default no limit)", func(s string) error {
		n, err := runner.ParseMemory(s)
		lf.memory = n
		return err
	})
}

// source returns the lessons to read and the name to give them in
// diagnostics: the bundled book for -demo, else the folder -lessons
// names, else ./lessons, else the current folder when it holds lessons.
// There is no silent fallback to the bundled book: a CI job that forgot
// -lessons must fail, not publish the wrong book.
func (lf *lessonFlags) source() (fs.FS, string, error) {
	if lf.demo {
		if lf.dir != "" {
			return nil, "", inputError{errors.New("-demo and -lessons cannot be used together: -demo is the bundled book")}
		}
		return lessons.FS, "lessons", nil
	}
	dir := lf.dir
	if dir == "" {
		switch {
		case isDir("lessons"):
			dir = "lessons"
		case book.IsLessonsFolder(os.DirFS(".")):
			dir = "."
		default:
			return nil, "", inputError{lf.noBook()}
		}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, "", inputError{fmt.Errorf("reading lessons: %w", err)}
	}
	if !fi.IsDir() {
		return nil, "", inputError{fmt.Errorf("reading lessons: %s is not a folder", dir)}
	}
	fsys, name := os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir))
	if !hasMarkdown(fsys) {
		return nil, "", inputError{fmt.Errorf("no lessons in %s: a lesson is a .md file whose front matter names a title\n"+
			"  (a first line ---, then title: Your title, then ---)", name)}
	}
	return fsys, name, nil
}

// hasMarkdown reports whether fsys holds a .md file in it or any folder
// under it (chapters), dot-files and dot-folders aside: an empty book is
// a mistake (a wrong -lessons, a fresh folder), never a site to publish.
func hasMarkdown(fsys fs.FS) bool {
	found := false
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case p != "." && strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
		case !d.IsDir() && strings.HasSuffix(d.Name(), ".md"):
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

func isDir(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

// noBook says what was looked for and how to go on.
func (lf *lessonFlags) noBook() error {
	here, err := os.Getwd()
	if err != nil {
		here = "."
	}
	return fmt.Errorf("no lessons found: there is no ./lessons folder, and %s holds no .md lessons with front matter\n"+
		"  use 'workbook %s -lessons DIR' to name your lessons folder,\n"+
		"  or 'workbook %s -demo' to try the bundled book", here, lf.cmd, lf.cmd)
}

// load reads and checks the book.
func (lf *lessonFlags) load() (*book.Book, error) {
	fsys, name, err := lf.source()
	if err != nil {
		return nil, err
	}
	return book.Load(fsys, name)
}

// runner returns a runner configured from the flags for the book in dir
// (as source names it). Programs build in the book's Go module: the
// go.mod in dir or the nearest folder above it, as the go command finds
// it. The bundled book carries its own (lessons.GoMod).
func (lf *lessonFlags) runner(dir string) (*runner.Runner, error) {
	r := &runner.Runner{Rerun: lf.rerun, Jobs: lf.jobs, Memory: lf.memory}
	if lf.demo {
		r.GoMod, r.GoSum = lessons.GoMod, lessons.GoSum
		return r, nil
	}
	if err := r.UseModule(filepath.FromSlash(dir)); err != nil {
		return nil, inputError{err}
	}
	return r, nil
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
		var found []*book.Lesson
		for _, l := range b.Pages() {
			if l.File == clean || l.File == b.Dir+"/"+clean { // as named, or in the lessons folder
				return l, nil
			}
			if strings.HasSuffix(l.File, "/"+clean) {
				found = append(found, l)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		}
		// Two chapters may each have a 01-intro.md.
		var files []string
		for _, l := range found {
			files = append(files, l.File)
		}
		return nil, inputError{fmt.Errorf("%s: ambiguous, name one of %s", file, strings.Join(files, ", "))}
	}
	clean := filepath.ToSlash(filepath.Clean(file))
	if slug, ok := strings.CutSuffix(strings.TrimPrefix(clean, b.Dir+"/"), ".md"); ok && b.Omitted[slug] {
		return nil, inputError{fmt.Errorf("%s: a draft lesson: verify it with -drafts", file)}
	}
	return nil, inputError{fmt.Errorf("%s: no such lesson in %s", file, b.Dir)}
}
