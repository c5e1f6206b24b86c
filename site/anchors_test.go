package site

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/workbook-dev/workbook/book"
)

// anchorElemRE finds the ids of the elements a lesson's links may name:
// headings, code figures and their lines (spans), result panels, timelines.
var anchorElemRE = regexp.MustCompile(`<(?:h[1-6]|figure class="code"[^>]*?|span|section class="result[^"]*"|div class="tl") id="([^"]*)"`)

// TestPageAnchorsAreTheBooks: the ids a page holds are exactly those
// book.Lesson.Anchors lists, the ones the link checker accepts.
func TestPageAnchorsAreTheBooks(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	out, _, err := buildFixture(t, t.TempDir(), fake, lessons)
	if err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	b, err := book.Load(lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range b.Lessons {
		page := string(files[l.Slug+".html"])
		var got []string
		for _, m := range anchorElemRE.FindAllStringSubmatch(page, -1) {
			got = append(got, m[1])
		}
		var want []string
		for id := range l.Anchors() {
			want = append(want, id)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: page ids\n%s\nwant the book's anchors\n%s", l.File, strings.Join(got, " "), strings.Join(want, " "))
		}
	}
}
