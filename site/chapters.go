package site

import (
	"cmp"
	"strings"

	"github.com/workbook-dev/workbook/book"
)

// A navEntry is one line of the book's contents, in the sidebar and on
// the home page: a lesson, or a chapter with its lessons.
type navEntry struct {
	Title   string
	Summary string
	Slug    string // the page, without ".html"; "" for a chapter without index.md
	Dir     string // a chapter's folder; "" for a lesson
	Draft   bool
	Lessons []navEntry
	// Exercises are a lesson's, whose progress the live preview counts.
	Exercises []*book.Exercise
}

// contents returns the book's contents in reading order.
func contents(b *book.Book) []navEntry {
	var out []navEntry
	seen := map[string]bool{}
	for _, l := range b.Pages() {
		if l == b.Index {
			continue
		}
		c := l.Chapter
		if c == nil {
			out = append(out, lessonEntry(l))
			continue
		}
		if !seen[c.Dir] {
			seen[c.Dir] = true
			e := navEntry{Title: c.Title(), Summary: c.Meta.Summary, Dir: c.Dir, Draft: c.Meta.Draft}
			if c.Index != nil {
				e.Slug = c.Index.Slug
			}
			out = append(out, e)
		}
		if l != c.Index {
			last := &out[len(out)-1]
			last.Lessons = append(last.Lessons, lessonEntry(l))
		}
	}
	return out
}

func lessonEntry(l *book.Lesson) navEntry {
	return navEntry{Title: l.Meta.Title, Summary: l.Meta.Summary, Slug: l.Slug, Draft: l.IsDraft(), Exercises: l.Exercises}
}

// chapterOf returns the folder of the chapter a page belongs to, "" at
// the top of the book.
func chapterOf(l *book.Lesson) string {
	if l == nil || l.Chapter == nil {
		return ""
	}
	return l.Chapter.Dir
}

// rootOf returns the relative path from a page to the top of the site:
// "" for a page at the top, "../" for a chapter's page.
func rootOf(slug string) string {
	return strings.Repeat("../", strings.Count(slug, "/"))
}

// isChapterIndex reports whether l is a chapter's index.md.
func isChapterIndex(l *book.Lesson) bool {
	return l.Chapter != nil && l.Chapter.Index == l
}

// sequence returns the pages that have previous and next links, in
// reading order: every page but the home page.
func sequence(b *book.Book) []*book.Lesson {
	ps := b.Pages()
	if len(ps) > 0 && ps[0] == b.Index {
		ps = ps[1:]
	}
	return ps
}

// chapterLessons returns the lessons of l's chapter, for its page.
func chapterLessons(nav []navEntry, dir string) []navEntry {
	for _, e := range nav {
		if e.Dir == dir && dir != "" {
			return e.Lessons
		}
	}
	return nil
}

// bookView is what every page shows of the book around its own text:
// the contents, where the page is in them, and the book's settings.
type bookView struct {
	Lang    string
	Root    string // from the page to the top of the site: "" or "../"
	Slug    string // the page's
	Chapter string // the folder of the page's chapter, "" at the top
	Nav     []navEntry
	Edit    string // the "Edit this page" link, or ""
	Draft   bool
	// Entries are the lessons a home or chapter page lists.
	Entries []navEntry
}

// pageView returns the view of page l (nil: a home page without
// index.md) with everything but its neighbours.
func (r *pages) pageView(site string, l *book.Lesson, nav []navEntry) *pageView {
	v := &pageView{Site: site, Lesson: l}
	v.Lang, v.Nav = r.book.Settings.Language, nav
	if l == nil {
		v.Slug = "index"
		return v
	}
	title := l.Meta.Title
	if title == "" && l.Chapter != nil {
		title = l.Chapter.Title()
	}
	v.Title = title + " · " + site
	// Search engines show the description: the book's stands in for a
	// page without a summary.
	v.Description = cmp.Or(l.Meta.Summary, r.book.Settings.Description)
	v.TOC, v.File = toc(headings(l)), l.File
	v.Root, v.Slug, v.Chapter = rootOf(l.Slug), l.Slug, chapterOf(l)
	v.Edit, v.Draft = r.book.Settings.EditURL(l), l.IsDraft()
	return v
}

// bookPages renders every page but the home page, in parallel: lessons
// and chapters' pages, each linked to its neighbours in reading order.
func (r *pages) bookPages(site string, nav []navEntry, emit func(name string, data []byte) error) error {
	seq := sequence(r.book)
	return parallel(len(seq), func(i int) error {
		l := seq[i]
		if r.scope.skip[l] {
			return nil // an earlier build's page is kept
		}
		v := r.pageView(site, l, nav)
		if i > 0 {
			v.Prev = seq[i-1]
		}
		if i+1 < len(seq) {
			v.Next = seq[i+1]
		}
		name := "lesson"
		if isChapterIndex(l) {
			name, v.Entries = "chapter", chapterLessons(nav, l.Chapter.Dir)
		}
		data, err := r.page(name, v)
		if err != nil {
			return err
		}
		if r.scope.release {
			l.Doc = nil
		}
		return emit(l.Slug+".html", data)
	})
}
