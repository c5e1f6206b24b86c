package book

import (
	"strings"
	"testing"
	"testing/fstest"
)

// chapteredBook is a book with lessons at the top, two chapters (one
// with an index.md that puts it first) and a draft.
func chapteredBook() fstest.MapFS {
	lesson := func(title, extra string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n" + extra + "---\n\nText.\n")}
	}
	return fstest.MapFS{
		"index.md":         {Data: []byte("---\ntitle: The Book\nrepository: https://github.com/o/r\n---\n\nHome.\n")},
		"01-intro.md":      lesson("Intro", ""),
		"99-end.md":        lesson("End", ""),
		"ch-b/index.md":    {Data: []byte("---\ntitle: Chapter B\nweight: -1\n---\n\nAbout B. [Intro](../01-intro.md) and [two](02-two.md#x).\n\n## X\n")},
		"ch-b/02-two.md":   {Data: []byte("---\ntitle: B two\n---\n\n## X\n\n[one](01-one.md), [home](../), [chapter](./), [a](../ch-a/01-a.md)\n")},
		"ch-b/01-one.md":   lesson("B one", ""),
		"ch-a/01-a.md":     lesson("A one", ""),
		"ch-a/02-draft.md": lesson("A draft", "draft: true\n"),
		"images/pic.png":   {Data: []byte("png")},
	}
}

func TestLoadChapters(t *testing.T) {
	t.Parallel()
	b, err := Load(chapteredBook(), "lessons")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range b.Pages() {
		got = append(got, l.Slug)
	}
	want := "index ch-b/index ch-b/01-one ch-b/02-two 01-intro 99-end ch-a/01-a ch-a/02-draft"
	if strings.Join(got, " ") != want {
		t.Errorf("pages in reading order:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if len(b.Chapters) != 2 || b.Chapters[0].Title() != "Chapter B" || b.Chapters[1].Title() != "ch-a" {
		t.Errorf("chapters: %+v", b.Chapters)
	}
	if l := b.Lessons[0]; l.Chapter != b.Chapters[0] || l.File != "lessons/ch-b/01-one.md" {
		t.Errorf("first lesson: %s in %v", l.File, l.Chapter)
	}
	if errs := b.CheckLinks(); len(errs) > 0 {
		t.Errorf("links between chapters reported broken:\n%v", errs)
	}
	if got := b.Settings.EditURL(b.Lessons[1]); got != "https://github.com/o/r/edit/main/lessons/ch-b/02-two.md" {
		t.Errorf("edit link: %s", got)
	}
}

// A program in a chapter is a program of the book: before chapters,
// lessons in sub-folders were left out without a word.
func TestChapterProgramsAreChecked(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"01-top.md":     {Data: []byte("---\ntitle: Top\n---\n")},
		"ch/index.md":   {Data: []byte("---\ntitle: Ch\n---\n\n```go\npackage main\n\nfunc main() {}\n```\n")},
		"ch/01-boom.md": {Data: []byte("---\ntitle: Boom\n---\n\n```go name=boom\npackage main\n\nfunc main() { panic(1) }\n```\n")},
	}
	b, err := Load(fsys, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Programs() {
		got = append(got, p.Lesson.File+"#"+p.ID)
	}
	if want := "lessons/ch/index.md#line-5 lessons/ch/01-boom.md#boom"; strings.Join(got, " ") != want {
		t.Errorf("programs: %s, want %s", strings.Join(got, " "), want)
	}
}

func TestLoadChapterErrors(t *testing.T) {
	t.Parallel()
	fsys := chapteredBook()
	fsys["ch-a/testdata/data.md"] = &fstest.MapFile{Data: []byte("notes")}
	fsys["ch-b/03-broken.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Broken\n---\n\n[up](../../x.md) [gone](01-intro.md) ![p](pic.png)\n")}
	_, err := Load(fsys, "lessons")
	if err == nil || !strings.Contains(err.Error(), "lessons/ch-a/testdata/data.md:1: chapters do not nest: move the lesson into lessons/ch-a or its top folder") {
		t.Fatalf("a Markdown file two folders down: %v", err)
	}
	delete(fsys, "ch-a/testdata/data.md")
	b, err := Load(fsys, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	msg := b.CheckLinks().Error()
	for _, want := range []string{
		`lessons/ch-b/03-broken.md:5:1: link "../../x.md": leads outside lessons`,
		`lessons/ch-b/03-broken.md:5:18: link "01-intro.md": no lesson ch-b/01-intro.md in lessons`,
		`lessons/ch-b/03-broken.md:5:38: image "pic.png": no such image in lessons`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("link errors lack %q:\n%s", want, msg)
		}
	}
}

func TestWithoutDrafts(t *testing.T) {
	t.Parallel()
	fsys := chapteredBook()
	fsys["99-end.md"] = &fstest.MapFile{Data: []byte("---\ntitle: End\n---\n\nSee [the draft](ch-a/02-draft.md).\n")}
	fsys["ch-b/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndraft: true\n---\n")}
	full, err := Load(fsys, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	if errs := full.CheckLinks(); len(errs) > 0 {
		t.Errorf("with drafts, links are fine: %v", errs)
	}
	b := full.WithoutDrafts()
	var got []string
	for _, l := range b.Pages() {
		got = append(got, l.Slug)
	}
	if want := "index 01-intro 99-end ch-a/01-a"; strings.Join(got, " ") != want {
		t.Errorf("pages without drafts: %s, want %s", strings.Join(got, " "), want)
	}
	if len(full.Pages()) != 8 {
		t.Errorf("WithoutDrafts changed the book it was called on")
	}
	msg := b.CheckLinks().Error()
	if !strings.Contains(msg, `lessons/99-end.md:5:5: link "ch-a/02-draft.md": ch-a/02-draft.md is a draft, which build leaves out`) {
		t.Errorf("a link to a draft: %s", msg)
	}
}
