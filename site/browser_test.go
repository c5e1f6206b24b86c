package site

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/internal/browsertest"
)

// subPath is where the browser tests serve the site, as GitHub Pages
// serves a project site: relative links must survive it.
const subPath = "/some/sub/path/"

// A browser is a headless Chromium tab that records everything that went
// wrong on the pages it loads: console errors, exceptions, failed and
// 4xx/5xx requests, and requests to any host but the test server's.
type browser struct {
	t    testing.TB
	ctx  context.Context
	base string // the site's URL, ending in subPath
	disk string // the site's file:// URL

	mu       sync.Mutex
	problems []string
}

func newBrowser(t testing.TB, siteDir string) *browser {
	t.Helper()
	exe := browsertest.ChromePath(t)
	srv := httptest.NewServer(pagesHandler(siteDir))
	t.Cleanup(srv.Close)

	abs, err := filepath.Abs(siteDir)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, base: srv.URL + subPath, disk: "file://" + filepath.ToSlash(abs) + "/"}
	b.ctx = browsertest.Start(t, exe, b.listen)
	return b
}

// tab returns a browser for test t on the same site and Chromium as b,
// in a new tab of a new browser context: cookies, storage, emulated media
// and viewport are its own. It is closed when t ends.
func (b *browser) tab(t testing.TB) *browser {
	t.Helper()
	nb := &browser{t: t, base: b.base, disk: b.disk}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(nb.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	nb.ctx = ctx
	return nb
}

// pagesHandler serves dir under subPath the way GitHub Pages does:
// missing files get 404.html with status 404.
func pagesHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.StripPrefix(subPath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(r.URL.Path))
		if _, err := os.Stat(name); err != nil || strings.Contains(r.URL.Path, "..") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			page, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Write(page)
			return
		}
		files.ServeHTTP(w, r)
	}))
}

func (b *browser) listen(ev any) {
	p := browsertest.ScriptProblem(ev)
	switch ev := ev.(type) {
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p = "log: " + ev.Entry.Text + " " + ev.Entry.URL
		}
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		if !strings.HasPrefix(u, b.base) && !strings.HasPrefix(u, b.disk) && !strings.HasPrefix(u, "data:") {
			p = "request outside the site: " + u
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			p = fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			p = "loading failed: " + ev.ErrorText
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

// takeProblems returns and forgets what went wrong so far.
func (b *browser) takeProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// noProblems fails the test if anything went wrong on the pages so far.
func (b *browser) noProblems(what string) {
	b.t.Helper()
	for _, p := range b.takeProblems() {
		b.t.Errorf("%s: %s", what, p)
	}
}

// do runs actions with a deadline.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	browsertest.Do(b.t, b.ctx, actions...)
}

// eval evaluates a JavaScript expression, waiting for it if it is a promise.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	return browsertest.Eval[T](b.t, b.ctx, js)
}

// waitFor polls a JavaScript condition until it holds.
func (b *browser) waitFor(js string) {
	b.t.Helper()
	browsertest.WaitFor(b.t, b.ctx, js, 20*time.Second)
}

func (b *browser) open(page string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + page))
}

// media emulates CSS media features, such as prefers-color-scheme.
func (b *browser) media(features ...*emulation.MediaFeature) {
	b.t.Helper()
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: features})
		return err
	}))
}

// screenshot saves the page as a PNG in $WORKBOOK_SCREENSHOTS, when set.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	browsertest.Screenshot(b.t, b.ctx, name)
}

// elementShot saves one element as a PNG in $WORKBOOK_SCREENSHOTS, when set.
func (b *browser) elementShot(name, sel string) {
	b.t.Helper()
	dir := os.Getenv("WORKBOOK_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.ScreenshotScale(sel, 2))
	if err != nil {
		b.t.Fatalf("screenshot of %s: %v", sel, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func TestBrowser(t *testing.T) {
	browsertest.ChromePath(t) // skip before building anything when there is no browser
	out := buildWithFailures(t)
	root := newBrowser(t, out)
	// Each subtest has its own tab in its own browser context (storage,
	// emulated media and viewport included), so none depends on what
	// another did, and they run side by side in one Chromium.

	t.Run("home", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("")
		if got := eval[string](b, "document.title"); got != "Test Book" {
			t.Errorf("title = %q", got)
		}
		// The stylesheet loaded under the sub-path.
		if got := eval[string](b, "getComputedStyle(document.body).fontFamily"); !strings.Contains(got, "system-ui") {
			t.Errorf("body font is %q: style.css did not apply", got)
		}
		if n := eval[int](b, `document.querySelectorAll(".lessons a").length`); n != 3 {
			t.Errorf("home lists %d lessons, want 3", n)
		}
		b.noProblems("home page")
		b.screenshot("home")
	})

	t.Run("lesson", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("01-first.html")
		if n := eval[int](b, `document.querySelectorAll(".result.pass").length`); n != 2 {
			t.Errorf("lesson shows %d passing results, want 2", n)
		}
		b.noProblems("lesson page")
	})

	t.Run("replay", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("01-first.html")
		b.media(&emulation.MediaFeature{Name: "prefers-reduced-motion", Value: "no-preference"})
		// replay.js loads on a page's first press; loaded first, the
		// press below starts the replay at once, as every later one does.
		eval[bool](b, `(document.head.append(Object.assign(document.createElement("script"), {src: "replay.js"})), true)`)
		b.waitFor(`!!window.wbReplay`)
		// Record when each line is revealed, relative to the click.
		eval[bool](b, `(() => {
			window.revealed = [];
			const lines = [...document.querySelectorAll("#hello-result .o>div")];
			new MutationObserver(() => lines.forEach((l, i) => {
				if (!l.classList.contains("hid") && window.hidden && !window.revealed[i]) window.revealed[i] = performance.now() - window.clicked;
			})).observe(document.querySelector("#hello-result .o"), {attributes: true, subtree: true});
			return true;
		})()`)
		eval[bool](b, `(() => {
			window.clicked = performance.now();
			document.querySelector("#hello-result .replay").click();
			window.hidden = document.querySelectorAll("#hello-result .o>.hid").length;
			return true;
		})()`)
		if n := eval[int](b, "window.hidden"); n != 2 {
			t.Fatalf("replay hid %d lines at the start, want 2", n)
		}
		b.waitFor(`document.querySelector("#hello-result .replay").getAttribute("aria-pressed") === "false"`)
		r := eval[[]float64](b, "window.revealed")
		// "world" was printed 1.5 s after "hello": it must not appear
		// sooner (timers never fire early, so this holds on a slow machine).
		if len(r) != 2 || r[1] < 1400 || r[0] > r[1] {
			t.Errorf("lines revealed at %v ms after the click; want hello, then world no sooner than 1.5 s", r)
		}
		if n := eval[int](b, `document.querySelectorAll("#hello-result .o>.hid").length`); n != 0 {
			t.Errorf("%d lines still hidden after the replay", n)
		}

		b.media(&emulation.MediaFeature{Name: "prefers-reduced-motion", Value: "reduce"})
		if n := eval[int](b, `(document.querySelector("#hello-result .replay").click(), document.querySelectorAll("#hello-result .o>.hid").length)`); n != 0 {
			t.Errorf("with reduced motion, replay hid %d lines; it should show all at once", n)
		}
		b.media()
		b.noProblems("replay")
	})

	t.Run("replay controls", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("01-first.html")
		b.media(&emulation.MediaFeature{Name: "prefers-reduced-motion", Value: "no-preference"})
		eval[bool](b, `(() => {
			window.ticks = [];
			document.addEventListener("workbook:replay-time", e => window.ticks.push({real: performance.now(), ...e.detail}));
			return true;
		})()`)
		const sel = "#hello-result"
		b.do(chromedp.Click(sel + " .replay"))
		b.waitFor(`window.ticks.some(t => t.state === "play" && t.id === "hello" && t.ms > 150)`)
		b.do(chromedp.Click(sel + " .replay")) // pause
		if got := eval[string](b, `document.querySelector("`+sel+` .replay").textContent`); !strings.Contains(got, "Resume") {
			t.Errorf("paused, the button reads %q, want Resume", got)
		}
		paused := eval[string](b, `document.querySelector("`+sel+` .prog").textContent`)
		n := eval[int](b, "window.ticks.length")
		// That nothing happens can only be seen by waiting: long enough
		// for several of the replay's ticks had it kept playing.
		time.Sleep(300 * time.Millisecond)
		if got := eval[string](b, `document.querySelector("`+sel+` .prog").textContent`); got != paused || eval[int](b, "window.ticks.length") != n {
			t.Errorf("while paused the replay moved on: %q then %q", paused, got)
		}
		// Hidden: the lines timed after the pause. Which those are
		// depends on when the click landed (a loaded machine may land it
		// after world), so it is counted from the pause's own time.
		want := eval[int](b, `(() => {
			const at = window.ticks.filter(x => x.state === "pause").pop().ms;
			return [...document.querySelectorAll("`+sel+` .o>div:not(.none)")].filter(l => parseFloat(l.firstChild.textContent) * 1000 > at).length;
		})()`)
		if h := eval[int](b, `document.querySelectorAll("`+sel+` .o>.hid").length`); h != want {
			t.Errorf("paused, %d lines hidden, want the %d timed after the pause", h, want)
		}
		// Slower: at 0.25× the replay's clock runs at a quarter of the
		// page's, whatever the machine's load (the clock is measured, not
		// counted in ticks).
		b.do(chromedp.Click(sel+" .speed"), chromedp.Click(sel+" .speed"))
		if got := eval[string](b, `document.querySelector("`+sel+` .speed").textContent`); got != "0.25×" {
			t.Errorf("after two clicks the speed reads %q, want 0.25×", got)
		}
		eval[bool](b, `(window.ticks = [], true)`)
		b.do(chromedp.Click(sel + " .replay")) // resume
		b.waitFor(`window.ticks.length > 3 && window.ticks.at(-1).real - window.ticks[0].real > 500`)
		r := eval[float64](b, `(() => {
			const p = window.ticks.filter(t => t.state === "play"), a = p[0], z = p.at(-1);
			return (z.ms - a.ms) / (z.real - a.real);
		})()`)
		if r < 0.2 || r > 0.3 {
			t.Errorf("at 0.25× the replay advanced %.3f ms per ms", r)
		}
		b.do(chromedp.Click(sel + " .rc button[title^=Stop]"))
		if h := eval[int](b, `document.querySelectorAll("`+sel+` .o>.hid").length`); h != 0 {
			t.Errorf("after stop, %d lines hidden", h)
		}
		if st := eval[string](b, `window.ticks.at(-1).state + " " + document.querySelector("`+sel+` .rc").hidden`); st != "stop true" {
			t.Errorf("after stop: last event state and controls hidden = %q", st)
		}
		b.media()
		b.noProblems("replay controls")
	})

	t.Run("sweep chart and figures", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		for _, scheme := range []string{"light", "dark"} {
			b.media(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: scheme})
			b.open("02-second.html")
			chart := eval[map[string]any](b, `(() => {
				const svg = document.querySelector("#spin-result svg.chart"), r = svg.getBoundingClientRect();
				const bars = [...svg.querySelectorAll("rect.ch-bar")];
				return {h: r.height, w: r.width, bars: bars.length, barW: bars.map(b => b.getBoundingClientRect().width),
					fill: getComputedStyle(bars[0]).fill, text: getComputedStyle(svg.querySelector("svg > text")).fill,
					caption: svg.parentElement.querySelector("figcaption").textContent};
			})()`)
			if chart["bars"] != float64(2) || chart["h"].(float64) < 40 || chart["w"].(float64) < 200 {
				t.Errorf("%s: chart %v: want 2 bars in a visible chart", scheme, chart)
			}
			if w := chart["barW"].([]any); len(w) == 2 && w[0].(float64) <= w[1].(float64) {
				t.Errorf("%s: the GOMAXPROCS=1 bar (%v) is not longer than the faster GOMAXPROCS=2 one (%v)", scheme, w[0], w[1])
			}
			bg := map[string]string{"light": "rgb(31, 35, 40)", "dark": "rgb(230, 237, 243)"}[scheme]
			if chart["text"] != bg {
				t.Errorf("%s: chart text is %v, want the page's text colour %s", scheme, chart["text"], bg)
			}
			if c := chart["caption"].(string); !strings.Contains(c, "2 CPUs") || !strings.Contains(c, "median wall time of 3 runs") {
				t.Errorf("%s: caption %q", scheme, c)
			}
			figs := eval[[]string](b, `[...document.querySelectorAll("a.fig")].map(a => a.textContent + " " + a.getAttribute("href"))`)
			want := []string{"2 #spin-result", "810ms #spin-result", "425ms #spin-result", "1.91× #spin-result"}
			if strings.Join(figs, "|") != strings.Join(want, "|") {
				t.Errorf("%s: figures %q, want %q", scheme, figs, want)
			}
			b.elementShot("sweep-"+scheme, "#spin-result")
		}
		b.do(chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2)))
		b.open("02-second.html")
		if h := eval[float64](b, `document.querySelector("#spin-result svg.chart").getBoundingClientRect().height`); h < 30 {
			t.Errorf("on a phone the chart is %v px high", h)
		}
		b.elementShot("sweep-phone", "#spin-result")
		b.do(chromedp.EmulateViewport(1200, 900))
		b.media()
		b.noProblems("sweep chart")
	})

	t.Run("copy", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("02-second.html")
		got := eval[string](b, `new Promise(resolve => {
			Object.defineProperty(navigator, "clipboard", {value: {writeText: s => { resolve(s); return Promise.resolve(); }}});
			document.querySelector('#counter .copy').click();
		})`)
		for _, want := range []string{"package main\n", "var _ = fmt.Sprint // OMIT\n", "\tfor i := range 3 {\n"} {
			if !strings.Contains(got, want) {
				t.Errorf("copied text lacks %q:\n%s", want, got)
			}
		}
		b.noProblems("copy")
	})

	t.Run("theme", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.media(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: "light"})
		b.open("01-first.html")
		bg := `getComputedStyle(document.body).backgroundColor`
		if got := eval[string](b, bg); got != "rgb(255, 255, 255)" {
			t.Errorf("light background = %s", got)
		}
		b.do(chromedp.Click("#theme"))
		if got := eval[string](b, bg); got != "rgb(13, 17, 23)" {
			t.Errorf("after the toggle, background = %s, want dark", got)
		}
		b.screenshot("lesson-dark")
		b.do(chromedp.Reload())
		if got := eval[string](b, bg); got != "rgb(13, 17, 23)" {
			t.Errorf("after a reload, background = %s: the choice was not remembered", got)
		}
		b.do(chromedp.Click("#theme"))
		if got := eval[string](b, bg); got != "rgb(255, 255, 255)" {
			t.Errorf("toggled back, background = %s", got)
		}
		b.screenshot("lesson-light")
		b.media()
		b.noProblems("theme")
	})

	t.Run("search", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("01-first.html")
		b.do(chromedp.Click("#q"), chromedp.SendKeys("#q", "sweeps"))
		b.waitFor(`!!document.querySelector('#hits:not([hidden]) a[href$="/02-second.html#sweeps"]')`)
		b.screenshot("search")
		b.do(chromedp.SendKeys("#q", kb.Enter))
		b.waitFor(`location.pathname.endsWith("/02-second.html")`)
		b.noProblems("search")
	})

	t.Run("keys", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("02-second.html")
		b.do(chromedp.KeyEvent(kb.ArrowLeft))
		b.waitFor(`location.pathname.endsWith("/01-first.html") && document.readyState === "complete"`)
		b.do(chromedp.KeyEvent(kb.ArrowRight))
		b.waitFor(`location.pathname.endsWith("/02-second.html")`)
		b.noProblems("keys")
	})

	t.Run("phone", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.do(chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2)))
		b.open("02-second.html")
		if w := eval[int](b, "document.documentElement.scrollWidth"); w > 375 {
			t.Errorf("page is %d px wide on a 375 px phone: it scrolls sideways", w)
		}
		b.screenshot("phone")
		b.do(chromedp.EmulateViewport(1200, 900))
		b.noProblems("phone")
	})

	t.Run("failures", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("failures.html")
		if n := eval[int](b, `document.querySelectorAll(".result.fail").length`); n != 4 {
			t.Errorf("failures page shows %d failed results, want 4", n)
		}
		// A position in a compiler message links to its code line.
		b.do(chromedp.Click(`#broken-result .msg a`))
		b.waitFor(`location.hash === "#broken-L13" && getComputedStyle(document.getElementById("broken-L13")).backgroundColor !== "rgba(0, 0, 0, 0)"`)
		b.screenshot("failures")
		b.noProblems("failures page")
	})

	t.Run("line link", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		// The HTML carries only the line anchors the page links to;
		// app.js gives the others theirs, and a link to one of those
		// still scrolls to its line and marks it.
		b.open("01-first.html#hello-L17")
		b.waitFor(`document.querySelector(":target") === document.getElementById("hello-L17") && getComputedStyle(document.getElementById("hello-L17")).backgroundColor !== "rgba(0, 0, 0, 0)"`)
		if got := eval[string](b, `[...document.querySelectorAll("#hello code>span")].map(l => l.id).join(" ")`); got != "hello-L15 hello-L16 hello-L17 hello-L18 hello-L19 hello-L20 hello-L21 hello-L22" {
			t.Errorf("code lines' anchors: %s", got)
		}
		b.noProblems("line link")
	})

	t.Run("from disk", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.do(chromedp.Navigate(b.disk + "01-first.html"))
		if got := eval[string](b, "getComputedStyle(document.body).fontFamily"); !strings.Contains(got, "system-ui") {
			t.Errorf("from disk, body font is %q: style.css did not apply", got)
		}
		b.do(chromedp.Click("#q"), chromedp.SendKeys("#q", "second"))
		b.waitFor(`!!document.querySelector('#hits:not([hidden]) a[href$="/02-second.html"]')`)
		b.do(chromedp.Click(".pager a[rel=next]"))
		b.waitFor(`location.href === "` + b.disk + `02-second.html"`)
		b.noProblems("site opened from disk")
	})

	t.Run("404", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("no/such/page")
		// The home link and the header's find the site's root despite the depth.
		b.waitFor(`document.getElementById("home").href === "` + b.base + `index.html"`)
		b.waitFor(`document.querySelector("a.brand").href === "` + b.base + `index.html"`)
		b.takeProblems() // the 404 itself and the probes along the path
	})
}

// buildWithFailures builds the fixture book plus the failing programs of
// testdata/failures.txtar (as lessons/failures.md), allowing failures.
func buildWithFailures(t testing.TB) string {
	t.Helper()
	lessons, _ := fixture(t, bookFixture)
	fails := readArchive(t, "testdata/failures.txtar")
	lessons["failures.md"] = &fstest.MapFile{Data: archiveFile(t, fails, "lesson.md")}
	results := map[string]json.RawMessage{}
	for _, a := range []*txtar.Archive{readArchive(t, bookFixture), fails} {
		if err := json.Unmarshal(archiveFile(t, a, "results.json"), &results); err != nil {
			t.Fatal(err)
		}
	}
	out, rep := buildWithResults(t, lessons, results)
	if rep.Failed != 4 {
		t.Fatalf("Build: %d failed; want the 4 failures of failures.txtar", rep.Failed)
	}
	return out
}

// buildWithResults builds lessons into a fresh folder with a fake runner
// answering from results (keyed "slug#id"), allowing failures.
func buildWithResults(t testing.TB, lessons fstest.MapFS, results any) (string, *Report) {
	t.Helper()
	all, err := json.Marshal(results)
	if err != nil {
		t.Fatal(err)
	}
	bk, err := book.Load(lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	rep, err := Build(context.Background(), Config{Lessons: lessons, Out: out, Runner: fakeFor(t, bk, all), AllowFailures: true})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return out, rep
}

// TestBrowserSearchParts: a big book's search index comes in parts,
// which search.js loads, served and from disk; a part that cannot be
// loaded leaves its pages out of the results, not the others.
func TestBrowserSearchParts(t *testing.T) {
	browsertest.ChromePath(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{Lessons: bookOf(120), Out: out, Runner: &echoRunner{}}); err != nil {
		t.Fatal(err)
	}
	root := newBrowser(t, out)
	search := func(b *browser, words, page string) {
		t.Helper()
		b.do(chromedp.Click("#q"), chromedp.SendKeys("#q", words))
		b.waitFor(`!!document.querySelector('#hits:not([hidden]) a[href$="/` + page + `"]')`)
	}
	b := root.tab(t)
	b.open("l03.html")
	search(b, "lesson 119", "l119.html") // in search-2.js
	b.do(chromedp.Navigate(b.disk + "l03.html"))
	search(b, "lesson 77", "l77.html") // in search-1.js
	b.noProblems("search in parts")

	// A part missing, and one that loads but is not one (a server's page
	// in its place): the other parts are still searched.
	if err := os.Remove(filepath.Join(out, "search-1.js")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "search-2.js"), []byte("<!DOCTYPE html><title>Not here</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	b = root.tab(t)
	b.open("l03.html")
	search(b, "lesson 17", "l17.html")
	b.takeProblems() // the missing part's 404, the other's syntax error
}
