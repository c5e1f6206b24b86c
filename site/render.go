package site

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

//go:embed templates/*.html
var templateFS embed.FS

// RenderOptions change how pages are rendered. The zero value renders
// the static site that build writes.
type RenderOptions struct {
	// Head is added at the end of every page's <head>. serve uses it for
	// its run token and script; a build leaves it empty, so a built site
	// contains nothing of serve.
	Head template.HTML
	// Wasm, when set, is the book's programs compiled for the reader's
	// browser (see wasm.go): their pages offer to run them there.
	Wasm *WasmPrograms
	// NoPlayground leaves out the "Open in the Go Playground" links.
	NoPlayground bool
	// GoMod is the go.mod the programs build in, when it is not the
	// lessons folder's own (the nearest one above it): programs that
	// import its own or locally replaced modules get no Playground link.
	GoMod []byte
	// Pending shows a program without a result as pending (serve's first
	// build: it runs now, and the page is rendered again when it has
	// run) instead of not run.
	Pending bool
}

func newPages(b *book.Book, results map[*book.Program]*runner.Result, opt RenderOptions) *pages {
	gomod := opt.GoMod
	if gomod == nil {
		gomod = b.GoMod
	}
	return &pages{tmpl: pageTemplates(), results: results, opt: opt, book: b, hl: &highlighter{}, ownModules: ownModules(gomod)}
}

// pageTemplates are parsed once: executing them is safe from many
// goroutines, and serve renders after every save. They are embedded; if
// they do not parse, nothing can work.
var pageTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{"href": PageHref}).ParseFS(templateFS, "templates/*.html"))
})

// pages holds what rendering one site needs.
type pages struct {
	tmpl    *template.Template
	results map[*book.Program]*runner.Result
	opt     RenderOptions
	book    *book.Book
	hl      *highlighter
	// scope is what this render may skip. Build sets release: it owns
	// its book, and a large book's trees are most of the memory a build
	// needs.
	scope renderScope
	// buffers are the bodies' buffers, reused from page to page.
	buffers sync.Pool
	// search remembers lessons' search text across renders (Renderer's).
	search *searchMemo
	// ownModules are the modules of the book's go.mod that only this
	// machine has (see ownModules).
	ownModules []string
}

// pageView is what the page templates see.
type pageView struct {
	Site        string // the book's title
	Title       string // the page's <title>
	Description string
	Head        template.HTML
	InlineCSS   template.CSS // set for 404.html, which may be served at any depth
	File        string       // the lesson's file, for the footer

	Lesson     *book.Lesson
	Body       template.HTML
	TOC        []heading
	Prev, Next *book.Lesson
	// Charts and Timelines are set when the body has a sweep chart or a
	// goroutine timeline: only then does the page load their stylesheet
	// (charts.css, timeline.css) and, for a timeline, the script that
	// moves its cursor with a replay (timeline.js), which most pages
	// would not use.
	Charts, Timelines bool

	bookView
}

func (r *pages) siteTitle() string {
	if t := r.book.Settings.Title; t != "" {
		return t
	}
	if r.book.Index != nil && r.book.Index.Meta.Title != "" {
		return r.book.Index.Meta.Title
	}
	return "Workbook"
}

// each renders every file of the site and hands it to emit, which may be
// called from several goroutines at once. Lesson pages are rendered in
// parallel: highlighting dominates, and pages share nothing but the
// (locked) lexer table.
func (r *pages) each(emit func(name string, data []byte) error) error {
	ls := r.book.Lessons
	for _, l := range ls {
		if l.Slug == "404" {
			return fmt.Errorf("%s: the page 404.html is the site's not-found page; rename the lesson", l.File)
		}
	}
	search, lay, err := searchIndex(r.book, r.searchSections, r.searchWanted(), r.scope.prevSearch)
	if err != nil {
		return err
	}
	if r.scope.search != nil {
		*r.scope.search = lay
	}
	for _, f := range search {
		if err := emit(f.name, f.data); err != nil {
			return err
		}
	}
	if err := r.opt.Wasm.emit(emit); err != nil {
		return err
	}
	site := r.siteTitle()
	if r.scope.keepShared {
		return r.bookPages(site, nil, emit)
	}
	css, err := stylesheet()
	if err != nil {
		return err
	}
	nav := contents(r.book)
	toc, err := tocScript(site, nav)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{".nojekyll", nil}, // GitHub Pages: serve the files as they are
		{"style.css", css},
		{"app.js", script(mustAsset("assets/app.js"))},
		{"play.js", script(mustAsset("assets/play.js"))},
		{"replay.js", script(mustAsset("assets/replay.js"))},
		{"charts.css", mustAsset("assets/charts.css")},
		{"timeline.css", mustAsset("assets/timeline.css")},
		{"timeline.js", script(mustAsset("assets/timeline.js"))},
		{"toc.js", toc},
	} {
		if err := emit(f.name, f.data); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.book.Files)) {
		if err := emit(name, r.book.Files[name]); err != nil {
			return err
		}
	}
	if err := r.bookPages(site, nav, emit); err != nil {
		return err
	}
	home := r.pageView(site, r.book.Index, nav)
	home.Title, home.Entries, home.TOC = site, nav, nil
	home.Description = cmp.Or(r.book.Settings.Description, r.book.Settings.Summary)
	data, err := r.page("home", home)
	if err != nil {
		return err
	}
	if err := emit("index.html", data); err != nil {
		return err
	}
	nf := &pageView{Site: site, Title: "Page not found · " + site, InlineCSS: template.CSS(css)}
	nf.Lang = r.book.Settings.Language
	if data, err = r.page("404", nf); err != nil {
		return err
	}
	return emit("404.html", data)
}

// parallel calls f(0) … f(n-1), as many at once as there are CPUs, and
// returns the first error; after an error, calls not yet started are
// skipped.
func parallel(n int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  int
	)
	for range min(n, runtime.NumCPU()) {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil || i >= n
				mu.Unlock()
				if stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}

// searchWanted says which parts of the search index to write: those
// with a page rendered (nil: all).
func (r *pages) searchWanted() func(part int) bool {
	if r.scope.skip == nil || r.scope.prevSearch.Sums == nil {
		return nil // no site to keep parts of (serve keeps none)
	}
	want := searchParts(r.book.Pages(), func(l *book.Lesson) bool { return !r.scope.skip[l] })
	return func(part int) bool { return want[part] }
}

// searchSections are l's sections for the search index: a lesson
// known by its record (not read again) has them there.
func (r *pages) searchSections(l *book.Lesson) []byte {
	if rec, ok := r.scope.records[l]; ok {
		return rec.Search
	}
	if r.search == nil {
		return sectionsJSON(sections(l))
	}
	return r.search.get(l)
}

// page renders v.Lesson's body, if any, and then the page template.
func (r *pages) page(name string, v *pageView) ([]byte, error) {
	v.Head = r.opt.Head
	if v.Lesson != nil {
		var err error
		if v.Body, err = r.body(v.Lesson); err != nil {
			return nil, err
		}
		v.Charts = strings.Contains(string(v.Body), `<figure class="chart">`)
		v.Timelines = strings.Contains(string(v.Body), `<div class="tl"`)
	}
	var out bytes.Buffer
	out.Grow(len(v.Body) + pageOverhead)
	if err := r.tmpl.ExecuteTemplate(&out, name, v); err != nil {
		return nil, fmt.Errorf("rendering %s page: %w", name, err)
	}
	return out.Bytes(), nil
}

// Buffer sizes that spare most pages the copies of a growing buffer: a
// page is its body plus the template's head, navigation and table of
// contents; a body is a few times its Markdown, highlighted code and
// results being wordier than their source.
const (
	pageOverhead = 4 << 10
	bodySize     = 8
)

// body renders a lesson's Markdown, programs and results included.
func (r *pages) body(l *book.Lesson) (template.HTML, error) {
	if l.Doc == nil {
		return "", nil
	}
	body, _ := r.buffers.Get().(*bytes.Buffer)
	if body == nil {
		body = new(bytes.Buffer)
	}
	defer r.buffers.Put(body)
	body.Reset()
	body.Grow(bodySize * len(l.Source))
	if err := r.markdown(l).Renderer().Render(body, l.Source, l.Doc); err != nil {
		return "", fmt.Errorf("rendering %s: %w", l.File, err)
	}
	return template.HTML(body.String()), nil
}
