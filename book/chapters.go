package book

import (
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// A Chapter is a sub-folder of the lessons folder that holds Markdown
// files. Its index.md, if any, gives its title, summary, weight and
// draft status in front matter like a lesson's, and text for the
// chapter's page; every other *.md file in it is one of its lessons.
// Chapters do not nest: a Markdown file deeper down is an error.
type Chapter struct {
	// Dir is the folder, relative to the lessons folder ("02-channels").
	Dir string
	// Index is the chapter's index.md, or nil.
	Index *Lesson
	// Meta is Index's front matter; without an index.md, the title is
	// the folder's name.
	Meta Meta
	// Lessons are ordered by weight, then file name.
	Lessons []*Lesson
}

// Title returns the chapter's title.
func (c *Chapter) Title() string { return c.Meta.Title }

// Slug is where the chapter's page goes, without ".html" ("02-channels/index").
func (c *Chapter) Slug() string { return c.Dir + "/index" }

// readChapters reads each sub-folder holding Markdown files as a
// chapter. Folders without any (images, data for files=) are not
// chapters. A Markdown file in a folder of a chapter is an error: it
// would otherwise be left out of the book without a word.
func (b *Book) readChapters(fsys fs.FS, dirs []string, errs *ErrorList) ([]*Chapter, error) {
	var chapters []*Chapter
	for _, d := range dirs {
		f, err := readFolder(fsys, b.Dir, d, errs, nil)
		if err != nil {
			return nil, err
		}
		if err := nestedLessons(fsys, b.Dir, f.dirs, errs); err != nil {
			return nil, err
		}
		if f.index == nil && len(f.lessons) == 0 {
			continue
		}
		c := &Chapter{Dir: d, Index: f.index, Lessons: f.lessons, Meta: Meta{Title: d}}
		if f.index != nil {
			c.Meta = f.index.Meta
			if c.Meta.Title == "" {
				c.Meta.Title = d
			}
		}
		for _, l := range c.Lessons {
			l.Chapter = c
		}
		if c.Index != nil {
			c.Index.Chapter = c
		}
		sortLessons(c.Lessons)
		chapters = append(chapters, c)
	}
	return chapters, nil
}

// nestedLessons reports every Markdown file under dirs as an error.
func nestedLessons(fsys fs.FS, dir string, dirs []string, errs *ErrorList) error {
	for _, d := range dirs {
		err := fs.WalkDir(fsys, d, func(name string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(e.Name(), ".") {
				if e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !e.IsDir() && strings.HasSuffix(name, ".md") {
				errs.errorf(path.Join(dir, name), 1, 0, "chapters do not nest: move the lesson into %s or its top folder", path.Join(dir, path.Dir(path.Dir(name))))
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("reading lessons: %w", err)
		}
	}
	return nil
}

func sortLessons(ls []*Lesson) {
	slices.SortStableFunc(ls, func(x, y *Lesson) int {
		return cmp.Or(cmp.Compare(x.Meta.Weight, y.Meta.Weight), cmp.Compare(x.File, y.File))
	})
}

// An entry is one place at the top of the book: a lesson or a chapter.
type entry struct {
	weight  int
	name    string
	lesson  *Lesson
	chapter *Chapter
}

// order sets b.Chapters and b.Lessons from the top folder's lessons and
// the chapters.
func (b *Book) order(top []*Lesson, chapters []*Chapter) {
	sortLessons(top)
	b.Lessons, b.Chapters = top, chapters
	es := b.contents()
	b.Lessons, b.Chapters = nil, nil
	for _, e := range es {
		if e.lesson != nil {
			b.Lessons = append(b.Lessons, e.lesson)
			continue
		}
		b.Chapters = append(b.Chapters, e.chapter)
		b.Lessons = append(b.Lessons, e.chapter.Lessons...)
	}
}

// contents returns the top of the book in reading order: the top
// folder's lessons and the chapters, ordered together by weight, then by
// name (a lesson's file name, a chapter's folder name).
func (b *Book) contents() []entry {
	var es []entry
	for _, l := range b.Lessons {
		if l.Chapter == nil {
			es = append(es, entry{l.Meta.Weight, path.Base(l.File), l, nil})
		}
	}
	for _, c := range b.Chapters {
		es = append(es, entry{c.Meta.Weight, c.Dir, nil, c})
	}
	slices.SortStableFunc(es, func(x, y entry) int {
		return cmp.Or(cmp.Compare(x.weight, y.weight), cmp.Compare(x.name, y.name))
	})
	return es
}
