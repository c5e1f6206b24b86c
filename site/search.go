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
func searchIndex(b *book.Book) ([]byte, error) {
	entries := []searchEntry{}
	for _, l := range b.Lessons {
		e := searchEntry{URL: PageHref(l.Slug), Title: l.Meta.Title, Summary: l.Meta.Summary}
		for _, h := range headings(l) {
			e.Headings = append(e.Headings, []string{h.ID, h.Text})
		}
		entries = append(entries, e)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true) // "</script>" in a title stays harmless
	if err := enc.Encode(entries); err != nil {
		return nil, fmt.Errorf("encoding search index: %w", err)
	}
	return []byte("wbSearch(" + string(bytes.TrimSpace(buf.Bytes())) + ");\n"), nil
}
