package site

import (
	"crypto/sha256"
	"sync"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// A Renderer renders a book and its programs' results into a site in
// memory. The zero value is ready to use; Build uses a fresh one for
// each build. Kept across renders, as serve keeps one, it remembers the
// code it highlighted, so a render after an edit highlights only what
// the edit changed. One Render at a time.
type Renderer struct {
	// CacheDir, when set, is a folder where highlighted code is kept
	// between runs, so a build highlights only code it has never seen.
	CacheDir string

	hl     highlighter
	search searchMemo
}

// Render renders the site: page and asset names (relative,
// slash-separated, like "01-goroutines.html") to their contents.
// results holds each program's result; a program without one is shown
// as not run. Rendering depends only on its inputs, so the same book and
// results always give the same bytes.
func (r *Renderer) Render(b *book.Book, results map[*book.Program]*runner.Result, opt RenderOptions) (map[string][]byte, error) {
	return r.RenderSkipping(b, results, opt, nil)
}

// RenderSkipping is Render without the pages of the lessons in skip: the
// caller has them from an earlier render of the same inputs (serve keeps
// the pages of lessons an edit did not touch). Everything else is
// rendered as Render does.
func (r *Renderer) RenderSkipping(b *book.Book, results map[*book.Program]*runner.Result, opt RenderOptions, skip map[*book.Lesson]bool) (map[string][]byte, error) {
	files := map[string][]byte{}
	var mu sync.Mutex
	err := r.render(b, results, opt, renderScope{skip: skip}, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// renderScope says what a render may skip, drop or read again.
type renderScope struct {
	// release drops each lesson's syntax tree once its page is rendered.
	release bool
	// records describe lessons as an earlier step (or build) saw them:
	// the search index takes their encoded text from here.
	records map[*book.Lesson]lessonRecord
	// skip are lessons whose pages are not rendered: an earlier build's
	// are kept.
	skip map[*book.Lesson]bool
	// keepShared leaves out what pages share, when no page rendered
	// changes it: the home page, toc.js (the contents), 404.html and the
	// stylesheets and scripts; an earlier build's are kept.
	keepShared bool
	// prevSearch is the layout of the search index the site has, whose
	// parts not written again it keeps.
	prevSearch searchLayout
	// search, when set, is where the layout of the search index's parts
	// written goes.
	search *searchLayout
}

// render renders every file of the site in scope and hands it to emit,
// which may be called from several goroutines at once.
func (r *Renderer) render(b *book.Book, results map[*book.Program]*runner.Result, opt RenderOptions, scope renderScope, emit func(name string, data []byte) error) error {
	p := newPages(b, results, opt)
	r.hl.dir = r.CacheDir
	p.hl = &r.hl
	p.search = &r.search
	p.scope = scope
	err := p.each(emit)
	r.hl.memo.sweep()
	r.search.sweep()
	return err
}

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
	if m.cur == nil {
		m.cur = map[[32]byte][]codeLine{}
	}
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
