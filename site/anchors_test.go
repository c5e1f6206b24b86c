package site

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/workbook-dev/workbook/book"
)

// anchorElemRE finds the ids of the elements a lesson's links may name:
// headings, code figures and the lines that carry theirs in the HTML
// (spans), result panels, timelines.
var anchorElemRE = regexp.MustCompile(`<(?:h[1-6]|figure class="code"[^>]*?|span|section class="result[^"]*"|div class="tl") id="([^"]*)"`)

// figureCodeRE matches a code figure: its program's id and its lines.
var figureCodeRE = regexp.MustCompile(`(?s)<figure class="code[^"]*" data-prog="([^"]*)".*?<code>(.*?)</code>`)

// lineTagRE matches the opening tag of a code line.
var lineTagRE = regexp.MustCompile(`^<span( hidden)?(?: id="([^"]*)")?(?: style="counter-reset:l (\d+)")?>`)

// scriptLineIDs returns the anchors app.js's lineIds gives the code
// lines of page, counted the same way, and those the HTML already has.
func scriptLineIDs(t *testing.T, page string) (ids []string) {
	t.Helper()
	for _, fig := range figureCodeRE.FindAllStringSubmatch(page, -1) {
		n := 0
		for _, line := range strings.SplitAfter(fig[2], "\n</span>") {
			if line == "" {
				continue
			}
			m := lineTagRE.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("a line of %s does not open with a line's span: %.80q", fig[1], line)
			}
			if m[3] != "" {
				n, _ = strconv.Atoi(m[3])
			}
			if m[1] != "" {
				continue
			}
			n++
			if m[2] != "" && m[2] != book.LineAnchor(fig[1], n) {
				t.Errorf("line %d of %s has the anchor %s", n, fig[1], m[2])
			}
			ids = append(ids, book.LineAnchor(fig[1], n))
		}
	}
	return ids
}

// TestPageAnchorsAreTheBooks: the ids a page holds once app.js has given
// its code lines their anchors are exactly those book.Lesson.Anchors
// lists, the ones the link checker accepts.
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
			if !strings.Contains(m[0], "<span") {
				got = append(got, m[1])
			}
		}
		got = append(got, scriptLineIDs(t, page)...)
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
