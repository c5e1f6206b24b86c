package site

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/lessons"
)

// searchJS returns the files of b's search index, one after another.
func searchJS(t *testing.T, b *book.Book) []byte {
	t.Helper()
	files, _, err := searchIndex(b, testSectionsJSON, nil, searchLayout{})
	if err != nil {
		t.Fatal(err)
	}
	var js []byte
	for k, f := range files {
		if f.name != searchPartName(k) {
			t.Errorf("part %d of the search index is %s", k, f.name)
		}
		js = append(js, f.data...)
	}
	return js
}

// decodeIndex reads search.js and its parts back into page → section
// anchor → [heading, text], checking each part says its place.
func decodeIndex(t *testing.T, js []byte) map[string]map[string][2]string {
	t.Helper()
	calls := strings.Split(string(js), "wbSearch(")
	if len(calls) < 2 {
		t.Fatalf("search.js holds no wbSearch(...) call: %.80s", js)
	}
	out := map[string]map[string][2]string{}
	for k, call := range calls[1:] { // calls[0] is the code
		var n int
		head := fmt.Sprintf("%d,", k)
		call, ok := strings.CutPrefix(call, head)
		if _, err := fmt.Sscanf(call, "%d,", &n); !ok || err != nil || n != len(calls)-1 {
			t.Fatalf("part %d of the search index starts %.20q, want %q and the number of parts, %d", k, call, head, len(calls)-1)
		}
		_, call, _ = strings.Cut(call, ",")
		if k == 0 && n > 1 {
			// search.js names the other parts' versions.
			dec := json.NewDecoder(strings.NewReader(call))
			var versions []string
			if err := dec.Decode(&versions); err != nil || len(versions) != n-1 {
				t.Fatalf("search.js names versions %q (%v), want %d", versions, err, n-1)
			}
			for i, v := range versions {
				if len(v) != 16 {
					t.Errorf("version of part %d: %q", i+1, v)
				}
			}
			call = strings.TrimPrefix(call[dec.InputOffset():], ",")
		}
		s, ok := strings.CutSuffix(call, ");\n")
		if !ok {
			t.Fatalf("part %d of the search index ends %q", k, call[max(0, len(call)-20):])
		}
		var pages [][3]json.RawMessage
		if err := json.Unmarshal([]byte(s), &pages); err != nil {
			t.Fatal(err)
		}
		if len(pages) > searchPart {
			t.Errorf("part %d of the search index has %d pages, more than %d", k, len(pages), searchPart)
		}
		for _, p := range pages {
			var url, title string
			var secs [][3]string
			if json.Unmarshal(p[0], &url) != nil || json.Unmarshal(p[1], &title) != nil || json.Unmarshal(p[2], &secs) != nil {
				t.Fatalf("bad page entry %s", p)
			}
			m := map[string][2]string{"title": {title}}
			for _, sec := range secs {
				m["#"+sec[0]] = [2]string{sec[1], sec[2]}
			}
			out[url] = m
		}
	}
	return out
}

func TestSearchIndexContents(t *testing.T) {
	t.Parallel()
	b, err := book.Load(fstest.MapFS{
		"index.md":    {Data: []byte("---\ntitle: Book\n---\n\nWelcome text.\n")},
		"ch/index.md": {Data: []byte("---\ntitle: Chapter\n---\n")},
		"ch/01-x.md": {Data: []byte("---\ntitle: X </script>\nsummary: Sum.\n---\n\nIntro *prose* with `span`.\n\n" +
			"## First part\n\nSome words.\n\n| a | b |\n|---|---|\n| c | d |\n\n```go\npackage main\n\nfunc main() { println(\"needle\") }\nvar hidden = 1 // OMIT\n```\n\n```output\nexpected-only\n```\n\n" +
			"### Deeper\n\nDeep text.\n")},
	}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	js := searchJS(t, b)
	if strings.Contains(string(js), "</script>") {
		t.Errorf("search.js holds </script> unescaped")
	}
	idx := decodeIndex(t, js)
	x := idx["ch/01-x.html"]
	if x == nil || idx["index.html"] == nil || idx["ch/index.html"] == nil {
		t.Fatalf("pages in the index: %v", idx)
	}
	if x["title"][0] != "X </script>" || x["#"][1] != "Sum. Intro prose with span." {
		t.Errorf("title and first section: %q %q", x["title"][0], x["#"][1])
	}
	first := x["#first-part"]
	if first[0] != "First part" || !strings.Contains(first[1], "Some words. a b c d ") || !strings.Contains(first[1], `println("needle")`) {
		t.Errorf("section with code: %q", first)
	}
	if strings.Contains(first[1], "hidden") || strings.Contains(first[1], "expected-only") {
		t.Errorf("OMIT lines and expected output are not on the page, so not in the index: %q", first[1])
	}
	if x["#deeper"] != [2]string{"Deeper", "Deep text."} {
		t.Errorf("level 3 section: %q", x["#deeper"])
	}
	if idx["index.html"]["#"][1] != "Welcome text." {
		t.Errorf("home page text: %q", idx["index.html"]["#"])
	}
}

// searchBudget bounds the bundled book's index, gzipped: it is loaded on
// a reader's first search, so it should cost less than a page image.
const searchBudget = 60 << 10

func TestSearchIndexSize(t *testing.T) {
	t.Parallel()
	b, err := book.Load(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	js := searchJS(t, b)
	gz := gzipSize(t, js)
	t.Logf("bundled book: search.js %d B, %d B gzipped", len(js), gz)
	if gz > searchBudget {
		t.Errorf("search index of the bundled book is %d B gzipped; the budget is %d B", gz, searchBudget)
	}
	big := bigBook(t, 1000)
	js = searchJS(t, big)
	if idx := decodeIndex(t, js); len(idx) != 1001 {
		t.Errorf("the big book's index has %d pages, want 1001", len(idx))
	}
	t.Logf("1000 lessons: search.js %d B, %d B gzipped", len(js), gzipSize(t, js))
	if n := strings.Count(string(js), `.html","`); n != 1001 {
		t.Errorf("the big book's index has %d pages, want 1001", n)
	}
	toc, err := tocScript("Big", contents(big))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("1000 lessons: toc.js %d B, %d B gzipped", len(toc), gzipSize(t, toc))
	if n := strings.Count(string(toc), `.html","`); n != 1000 {
		t.Errorf("the big book's contents have %d lessons, want 1000", n)
	}
}

// bigBook returns a book of n lessons in 10 chapters, each a bundled
// lesson with its words made distinct, as a large book's text would be.
func bigBook(t testing.TB, n int) *book.Book {
	t.Helper()
	src, err := book.Load(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"index.md": {Data: []byte("---\ntitle: Big\n---\n")}}
	for i := range n {
		l := src.Lessons[i%len(src.Lessons)]
		data, err := lessons.FS.ReadFile(strings.TrimPrefix(l.File, "lessons/"))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.NewReplacer(" the ", fmt.Sprintf(" the%d ", i), " a ", fmt.Sprintf(" a%d ", i)).Replace(string(data))
		fsys[fmt.Sprintf("ch%02d/%03d-%s.md", i%10, i, l.Slug)] = &fstest.MapFile{Data: []byte(text)}
	}
	b, err := book.Load(fsys, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testSectionsJSON(l *book.Lesson) []byte { return sectionsJSON(sections(l)) }

// TestRenderSkippingWritesEveryPart: a render that skips pages without a
// site to keep parts from (serve's) writes every part of the search
// index, named in search.js by their versions.
func TestRenderSkippingWritesEveryPart(t *testing.T) {
	b := bigBook(t, 120)
	skip := map[*book.Lesson]bool{}
	for _, l := range b.Lessons[1:] {
		skip[l] = true
	}
	files, err := (&Renderer{}).RenderSkipping(b, nil, RenderOptions{}, skip)
	if err != nil {
		t.Fatal(err)
	}
	var js []byte
	for k := 0; k < 3; k++ {
		part, ok := files[searchPartName(k)]
		if !ok {
			t.Fatalf("no %s", searchPartName(k))
		}
		js = append(js, part...)
	}
	// decodeIndex checks search.js names each part by a version.
	if idx := decodeIndex(t, js); len(idx) < 121 {
		t.Errorf("the index has %d pages, want every one", len(idx))
	}
}
