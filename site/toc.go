package site

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// tocScript returns toc.js: the book's contents, from which app.js
// builds every page's sidebar (the contents drawer on phones). One
// shared, cached file rather than the same list in every page keeps
// pages light, however many lessons the book has; mdBook moved its
// sidebar to a toc.js for the same reason. Each page names itself in
// its <nav class="side" data-slug>, so the sidebar marks it.
//
// The data is [site title, entries]; an entry is [href, title, draft]
// for a lesson, with a fourth item [chapter folder, lessons] for a
// chapter (href "" when the chapter has no index.md). Hrefs are from
// the top of the site.
func tocScript(site string, nav []navEntry) ([]byte, error) {
	entries := make([]any, 0, len(nav))
	for _, e := range nav {
		if e.Dir == "" {
			entries = append(entries, tocEntry(e))
			continue
		}
		ls := make([]any, 0, len(e.Lessons))
		for _, l := range e.Lessons {
			ls = append(ls, tocEntry(l))
		}
		entries = append(entries, append(tocEntry(e), []any{e.Dir, ls}))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode([]any{site, entries}); err != nil {
		return nil, fmt.Errorf("encoding contents: %w", err)
	}
	return []byte("wbToc(" + string(bytes.TrimSpace(buf.Bytes())) + ");\n"), nil
}

func tocEntry(e navEntry) []any {
	href := ""
	if e.Slug != "" {
		href = PageHref(e.Slug)
	}
	draft := 0
	if e.Draft {
		draft = 1
	}
	return []any{href, e.Title, draft}
}
