package site

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/workbook-dev/workbook/book"
)

// searchEntry is one lesson in the search index. Short keys keep the
// file small; app.js reads them.
type searchEntry struct {
	URL      string     `json:"u"`
	Title    string     `json:"t"`
	Summary  string     `json:"s,omitempty"`
	Headings [][]string `json:"h,omitempty"` // [id, text]
}

// searchIndex returns search.js: the index as a script rather than
// JSON, because a page opened from disk (file://) may load a script
// but not fetch a file.
func searchIndex(b *book.Book, headings func(*book.Lesson) [][]string) ([]byte, error) {
	entries := []searchEntry{}
	for _, l := range b.Lessons {
		entries = append(entries, searchEntry{URL: PageHref(l.Slug), Title: l.Meta.Title,
			Summary: l.Meta.Summary, Headings: headings(l)})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true) // "</script>" in a title stays harmless
	if err := enc.Encode(entries); err != nil {
		return nil, fmt.Errorf("encoding search index: %w", err)
	}
	return []byte("wbSearch(" + string(bytes.TrimSpace(buf.Bytes())) + ");\n"), nil
}

// searchHeadings are l's headings as the search index has them: [id,
// text] pairs.
func searchHeadings(l *book.Lesson) [][]string {
	var out [][]string
	for _, h := range headings(l) {
		out = append(out, []string{h.ID, h.Text})
	}
	return out
}
