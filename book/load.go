package book

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Load reads the workbook at the top of fsys: index.md, every other *.md
// file as a lesson, and go.mod and go.sum if present. dir names the
// folder in diagnostics ("lessons" gives "lessons/01-x.md:41: ...").
//
// Problems in lessons are collected across all files and returned
// together as an ErrorList sorted by position; any other error means
// the folder could not be read.
func Load(fsys fs.FS, dir string) (*Book, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading lessons: %w", err)
	}
	b := &Book{Dir: dir}
	var errs ErrorList
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		isMD := strings.HasSuffix(name, ".md")
		if !isMD && name != "go.mod" && name != "go.sum" {
			continue
		}
		file := path.Join(dir, name)
		if e.Type()&fs.ModeSymlink != 0 {
			if checkLink(fsys, name, file, &errs) {
				continue
			}
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, unwrapPath(err))
		}
		switch {
		case name == "go.mod":
			b.GoMod = src
		case name == "go.sum":
			b.GoSum = src
		case name == "index.md":
			b.Index = parseLesson(file, src, &errs)
			b.Index.readData(fsys, path.Dir(name), &errs)
		case name == "404.md":
			// Its page would be the site's not-found page.
			errs.errorf(file, 1, 0, "404.html is the site's not-found page: rename the lesson")
		default:
			l := parseLesson(file, src, &errs)
			l.readData(fsys, path.Dir(name), &errs)
			b.Lessons = append(b.Lessons, l)
		}
	}
	if b.Files, err = staticFiles(fsys, dir, &errs); err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		// Every problem at once: the links of the files that parsed too.
		return nil, errs.withLinks(b)
	}
	slices.SortStableFunc(b.Lessons, func(x, y *Lesson) int {
		return cmp.Or(cmp.Compare(x.Meta.Weight, y.Meta.Weight), cmp.Compare(x.File, y.File))
	})
	return b, nil
}

// staticExts are the files a lesson can show that the site copies as
// they are: images. Anything else in the folder (notes, drafts, code) is
// not published.
var staticExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".webp": true, ".avif": true,
}

// staticFiles reads the images anywhere in fsys, skipping dot files and
// dot folders, by slash-separated path. A link leading outside fsys is
// an error in errs (dir names fsys in it), never published.
func staticFiles(fsys fs.FS, dir string, errs *ErrorList) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !staticExts[strings.ToLower(path.Ext(name))] {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && checkLink(fsys, name, path.Join(dir, name), errs) {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		files[name] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading lessons: %w", err)
	}
	return files, nil
}

// unwrapPath drops the *fs.PathError wrapper, whose path is relative to
// fsys rather than the name used in diagnostics.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}
