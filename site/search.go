package site

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"

	"github.com/workbook-dev/workbook/book"
)

// A page in the search index is a JSON array, to keep the file small:
// [URL, title, sections]. search.js reads it.

// A searchSection is [anchor, heading, text]: the text under a heading
// (prose and code), up to the next heading. The first section of a page
// has no anchor: it is the text before the first heading, summary first.
type searchSection [3]string

// searchPart is how many pages one file of the search index holds:
// search.js holds the code that searches and the first searchPart
// pages, search-1.js the next ones, and so on. After an edit, only the
// files of the pages rendered again are written: a big book's index is
// megabytes, and most of an edit's work would be writing it.
const searchPart = 50

// searchPartName is the file of the search index's part k.
func searchPartName(k int) string {
	if k == 0 {
		return "search.js"
	}
	return "search-" + strconv.Itoa(k) + ".js"
}

// A searchLayout says where each page's sections are in the files of
// the search index, so a later build can write one part again with the
// sections of the pages it does not read again taken from the part's
// file, which it checks against Sums.
type searchLayout struct {
	At, Size []int    // of each page's sections in its part's file, in b.Pages() order
	Sums     []string // SHA-256 of each part's file, hex
}

// A siteFile is a file of the site and its content.
type siteFile struct {
	name string
	data []byte
}

// searchParts returns the parts of the search index a build that
// renders the pages for which rendered is true writes: those holding
// one, and then search.js, which names the others.
func searchParts(pages []*book.Lesson, rendered func(*book.Lesson) bool) map[int]bool {
	want := map[int]bool{}
	for i, l := range pages {
		if rendered(l) {
			want[i/searchPart] = true
		}
	}
	if len(want) > 0 {
		want[0] = true
	}
	return want
}

// searchIndex returns the files of the search index: the code that
// searches, then the index of every page's prose, headings and code, as
// scripts rather than JSON because a page opened from disk (file://)
// may load a script but not fetch a file. Pages load search.js only
// when the search box is used; it loads the other parts, each by a URL
// naming its content (search-1.js?v=HASH), so a browser never mixes a
// part it kept from an earlier site with this one's. Parts for which
// want is false are not made (nil want: all are); their entries in the
// layout are left zero, and prev (the site's layout) says what they
// hold. search.js is made whenever another part is: it names them.
func searchIndex(b *book.Book, sectionsOf func(*book.Lesson) []byte, want func(part int) bool, prev searchLayout) ([]siteFile, searchLayout, error) {
	pages := b.Pages()
	parts := (len(pages) + searchPart - 1) / searchPart
	lay := searchLayout{At: make([]int, len(pages)), Size: make([]int, len(pages)), Sums: make([]string, parts)}
	var files []siteFile
	versions := make([]string, parts)
	for k := parts - 1; k >= 0; k-- { // search.js last: it names the others
		if want != nil && !want(k) {
			if k < len(prev.Sums) {
				versions[k] = prev.Sums[k][:min(len(prev.Sums[k]), 16)]
			}
			continue
		}
		part := pages[k*searchPart : min(len(pages), (k+1)*searchPart)]
		secs := make([][]byte, len(part))
		size := 0
		for i, l := range part {
			secs[i] = sectionsOf(l)
			size += len(secs[i]) + 100
		}
		var buf bytes.Buffer
		if k == 0 {
			code := script(mustAsset("assets/search.js"))
			buf.Grow(len(code) + size + 20*parts)
			buf.Write(code)
		} else {
			buf.Grow(size)
		}
		fmt.Fprintf(&buf, "wbSearch(%d,%d,", k, parts)
		if k == 0 && parts > 1 {
			v, _ := json.Marshal(versions[1:]) // hex strings: cannot fail
			buf.Write(v)
			buf.WriteByte(',')
		}
		buf.WriteByte('[')
		for i, l := range part {
			title := l.Meta.Title
			if l == b.Index {
				title = cmp.Or(b.Settings.Title, title, "Contents")
			} else if l.Chapter != nil && title == "" {
				title = l.Chapter.Title()
			}
			if i > 0 {
				buf.WriteByte(',')
			}
			// json.Marshal escapes <, > and &: "</script>" in a title stays
			// harmless.
			href, err := json.Marshal(PageHref(l.Slug))
			if err != nil {
				return nil, lay, fmt.Errorf("encoding search index: %w", err)
			}
			t, err := json.Marshal(title)
			if err != nil {
				return nil, lay, fmt.Errorf("encoding search index: %w", err)
			}
			buf.WriteByte('[')
			buf.Write(href)
			buf.WriteByte(',')
			buf.Write(t)
			buf.WriteByte(',')
			lay.At[k*searchPart+i], lay.Size[k*searchPart+i] = buf.Len(), len(secs[i])
			buf.Write(secs[i])
			buf.WriteByte(']')
		}
		buf.WriteString("]);\n")
		sum := sha256.Sum256(buf.Bytes())
		lay.Sums[k] = hex.EncodeToString(sum[:])
		versions[k] = lay.Sums[k][:16]
		files = append(files, siteFile{searchPartName(k), buf.Bytes()})
	}
	slices.Reverse(files)
	return files, lay, nil
}

// sectionsJSON encodes a page's sections for the search index. A built
// site keeps each page's encoding in its record, so a build after an
// edit encodes only the pages it read again.
func sectionsJSON(secs []searchSection) []byte {
	data, _ := json.Marshal(secs) // strings only: cannot fail
	return data
}

// sections splits a lesson's text at its level 2 and 3 headings (those
// in the page's contents, which have anchors).
func sections(l *book.Lesson) []searchSection {
	secs := []searchSection{{"", "", l.Meta.Summary}}
	if l.Doc == nil {
		return secs
	}
	var text strings.Builder
	text.WriteString(l.Meta.Summary)
	flush := func() { secs[len(secs)-1][2] = collapse(text.String()); text.Reset() }
	for n := l.Doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level >= 2 && h.Level <= 3 {
			if id, ok := h.AttributeString("id"); ok {
				flush()
				secs = append(secs, searchSection{fmt.Sprintf("%s", id), headingText(h, l.Source), ""})
				continue
			}
		}
		text.WriteByte(' ')
		blockText(&text, n, l)
	}
	flush()
	return secs
}

// blockText writes the text a reader sees in block n: prose, code (of
// programs and plain blocks; not expected output, which the page
// replaces with the real one).
func blockText(w *strings.Builder, n ast.Node, l *book.Lesson) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if c.Type() == ast.TypeBlock { // paragraphs, list items, table cells
				w.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.FencedCodeBlock:
			if t.Info != nil && l.Outputs[l.LineOf(t.Info.Segment.Start)] != nil {
				return ast.WalkSkipChildren, nil
			}
			writeLines(w, t, l.Source)
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			writeLines(w, t, l.Source)
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			w.Write(t.Segment.Value(l.Source))
			if t.SoftLineBreak() || t.HardLineBreak() {
				w.WriteByte(' ')
			}
		case *ast.String:
			w.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
}

func writeLines(w *strings.Builder, n ast.Node, src []byte) {
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		line := seg.Value(src)
		if bytes.HasSuffix(bytes.TrimRight(line, " \t\r\n"), []byte("// OMIT")) {
			continue // not shown on the page
		}
		w.Write(line)
	}
	w.WriteByte(' ')
}

// collapse turns every run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// A searchMemo remembers each lesson's search text (sectionsJSON) by a
// hash of its file name and text, which are all it depends on: serve
// renders after every save, and most lessons did not change.
type searchMemo struct {
	mu   sync.Mutex
	seen map[[32]byte][]byte // this render's and the last one's
	last map[[32]byte][]byte
}

func (m *searchMemo) get(l *book.Lesson) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%q\n", l.File)
	h.Write(l.Source)
	var key [32]byte
	h.Sum(key[:0])
	m.mu.Lock()
	data, ok := m.seen[key]
	if !ok {
		data, ok = m.last[key]
	}
	m.mu.Unlock()
	if !ok {
		data = sectionsJSON(sections(l))
	}
	m.mu.Lock()
	if m.seen == nil {
		m.seen = map[[32]byte][]byte{}
	}
	m.seen[key] = data
	m.mu.Unlock()
	return data
}

// sweep forgets what the render that just ended did not use.
func (m *searchMemo) sweep() {
	m.mu.Lock()
	m.last, m.seen = m.seen, nil
	m.mu.Unlock()
}
