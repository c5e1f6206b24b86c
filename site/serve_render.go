package site

import (
	"crypto/sha256"
	"html/template"
	"sync"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// A highlightMemo remembers highlighted code blocks across renders.
// Serve renders the whole site after every save; without it, chroma
// took about 80% of a render of the bundled book (~100 ms of ~120 ms on
// 2 cores). A block not used by the last render is forgotten by the
// next sweep, so the memo holds about one site's worth of code.
type highlightMemo struct {
	mu        sync.Mutex
	cur, prev map[[32]byte][]codeLine
}

func (m *highlightMemo) lines(lang, code string, highlight func(lang, code string) []codeLine) []codeLine {
	k := sha256.Sum256([]byte(lang + "\x00" + code))
	m.mu.Lock()
	out, ok := m.cur[k]
	if !ok {
		if out, ok = m.prev[k]; ok {
			m.cur[k] = out
		}
	}
	m.mu.Unlock()
	if ok {
		return out
	}
	out = highlight(lang, code)
	m.mu.Lock()
	m.cur[k] = out
	m.mu.Unlock()
	return out
}

// sweep forgets the blocks the render just finished did not use.
func (m *highlightMemo) sweep() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prev, m.cur = m.cur, map[[32]byte][]codeLine{}
}

func newRenderHighlighter() *highlighter {
	return &highlighter{memo: &highlightMemo{cur: map[[32]byte][]codeLine{}}}
}

// renderSite is Render with a highlighter kept between renders.
func renderSite(hl *highlighter, b *book.Book, results map[*book.Program]*runner.Result, head template.HTML) (map[string][]byte, error) {
	p := newPages(b, results, RenderOptions{Head: head})
	p.hl = hl
	files := map[string][]byte{}
	var mu sync.Mutex
	err := p.each(func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = data
		return nil
	})
	hl.memo.sweep()
	if err != nil {
		return nil, err
	}
	return files, nil
}
