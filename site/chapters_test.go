package site

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/workbook-dev/workbook/book"
)

const chaptersFixture = "testdata/site/chapters.txtar"

// pageFacts are what siteSummary reports of each page, as regexps whose
// first group is the fact.
var pageFacts = []struct {
	name string
	re   *regexp.Regexp
}{
	{"lang", regexp.MustCompile(`<html lang="([^"]*)"`)},
	{"description", regexp.MustCompile(`<meta name="description" content="([^"]*)"`)},
	{"css", regexp.MustCompile(`<link rel="stylesheet" href="([^"]*)"`)},
	{"side", regexp.MustCompile(`<nav class="side" id="side" aria-label="Book" (data-page="[^"]*" data-chapter="[^"]*")`)},
	{"prev", regexp.MustCompile(`<a rel="prev" href="([^"]*)"`)},
	{"next", regexp.MustCompile(`<a rel="next" href="([^"]*)"`)},
	{"edit", regexp.MustCompile(`<a class="edit" href="([^"]*)"`)},
	{"img", regexp.MustCompile(`<img src="([^"]*)"`)},
	{"links", regexp.MustCompile(`(?s)<p><img[^>]*>(.*?)</p>`)},
	{"lists", regexp.MustCompile(`(?s)<ol class="lessons">(.*?)</ol>\n</article>`)},
	{"draft", regexp.MustCompile(`<p class="draft-note">(.*?)</p>`)},
}

// siteSummary describes a rendered site: its pages, toc.js, and the
// facts of each page, in a form a reader can check.
func siteSummary(files map[string][]byte) string {
	var b strings.Builder
	var pages []string
	for name := range files {
		if strings.HasSuffix(name, ".html") && name != "404.html" {
			pages = append(pages, name)
		}
	}
	slices.Sort(pages)
	fmt.Fprintf(&b, "pages: %s\n", strings.Join(pages, " "))
	fmt.Fprintf(&b, "toc.js: %s", files["toc.js"])
	hrefRE := regexp.MustCompile(`href="([^"]*)"`)
	for _, name := range pages {
		fmt.Fprintf(&b, "\n%s\n", name)
		for _, f := range pageFacts {
			m := f.re.FindSubmatch(files[name])
			if m == nil {
				continue
			}
			fact := string(m[1])
			if f.name == "lists" || f.name == "links" {
				var hrefs []string
				for _, h := range hrefRE.FindAllStringSubmatch(fact, -1) {
					hrefs = append(hrefs, h[1])
				}
				fact = strings.Join(hrefs, " ")
			}
			fmt.Fprintf(&b, "  %s: %s\n", f.name, fact)
		}
	}
	return b.String()
}

// TestChaptersGolden builds a book in chapters and compares a summary of
// the site with want.txt: pages under their folders, the reading order
// across chapters in prev/next and toc.js, links and assets with the
// right ../ depth, the sidebar's marks, edit links, and no draft.
func TestChaptersGolden(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, chaptersFixture)
	out, _, err := buildFixture(t, t.TempDir(), fake, lessons)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	got := siteSummary(readTree(t, out))
	a := readArchive(t, chaptersFixture)
	if *update {
		setFile(a, "want.txt", []byte(got))
		if err := os.WriteFile(chaptersFixture, txtar.Format(a), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want := archiveFile(t, a, "want.txt"); !bytes.Equal([]byte(got), want) {
		t.Errorf("site differs from want.txt (go test ./site -run ChaptersGolden -update to accept):\n%s", lineDiff(string(want), got))
	}
}

// TestDraftsServedNotBuilt: the live preview renders the whole book, a
// draft marked as one; build leaves it out, with its program.
func TestDraftsServedNotBuilt(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, chaptersFixture)
	b, err := book.Load(lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	served, err := new(Renderer).Render(b, nil, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	page := string(served["more/02-draft.html"])
	if !strings.Contains(page, `<p class="draft-note"><strong>Draft.</strong>`) || !strings.Contains(string(served["toc.js"]), `["more/02-draft.html","Unfinished",1]`) {
		t.Errorf("served draft is not marked as one:\n%s\n%s", page, served["toc.js"])
	}
	out, rep, err := buildFixture(t, t.TempDir(), fake, lessons)
	if err != nil {
		t.Fatal(err)
	}
	built := readTree(t, out)
	if _, ok := built["more/02-draft.html"]; ok || len(rep.Programs) != 1 {
		t.Errorf("build published the draft, or ran its program (%d programs)", len(rep.Programs))
	}
	for name, data := range built {
		if strings.Contains(string(data), "02-draft") || strings.Contains(string(data), "Unfinished") {
			t.Errorf("%s mentions the draft", name)
		}
	}
}
