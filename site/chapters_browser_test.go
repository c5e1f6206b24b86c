package site

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/workbook-dev/workbook/internal/browsertest"
)

// TestChaptersBrowser opens the book in chapters under a sub-path and
// from disk, at 1280 and 390 px, in light and dark: the sidebar marks
// the page and its chapter, the phone's drawer opens and closes from the
// keyboard, search finds text and marks it, and prev/next cross
// chapters. With $WORKBOOK_SCREENSHOTS set it saves chapters-*.png.
func TestChaptersBrowser(t *testing.T) {
	browsertest.ChromePath(t)
	lessons, fake := fixture(t, chaptersFixture)
	out, _, err := buildFixture(t, t.TempDir(), fake, lessons)
	if err != nil {
		t.Fatal(err)
	}
	root := newBrowser(t, out)
	side := `(() => { const s = document.getElementById("side"), r = s.getBoundingClientRect();
		return [getComputedStyle(s).display, r.width > 150, s.querySelector("[aria-current=page]")?.textContent,
			s.querySelector(".ch.cur > a")?.textContent].join("|"); })()`

	t.Run("desktop", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.do(chromedp.EmulateViewport(1280, 800))
		b.open("basics/01-a.html")
		b.waitFor(`!!document.querySelector("#side a")`)
		if got := eval[string](b, side); got != "block|true|Lesson A|Basics" {
			t.Errorf("sidebar: %s, want shown, marking Lesson A in Basics", got)
		}
		if got := eval[string](b, `document.querySelector("#side [aria-current]").href`); got != b.base+"basics/01-a.html" {
			t.Errorf("sidebar link from a chapter: %s", got)
		}
		for _, scheme := range []string{"light", "dark"} {
			b.media(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: scheme})
			b.screenshot("chapters-1280-" + scheme)
		}
		b.open("basics/02-b.html")
		b.do(chromedp.KeyEvent(kb.ArrowRight))
		b.waitFor(`location.pathname.endsWith("/more/01-c.html") && document.readyState === "complete"`)
		b.do(chromedp.KeyEvent(kb.ArrowLeft))
		b.waitFor(`location.pathname.endsWith("/basics/02-b.html")`)
		b.noProblems("desktop")
	})

	t.Run("phone", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
		b.open("basics/02-b.html")
		b.waitFor(`!!document.querySelector("#side a")`)
		if got := eval[string](b, side); !strings.HasPrefix(got, "none|") {
			t.Errorf("on a phone the sidebar is %s, want hidden until asked for", got)
		}
		if w := eval[int](b, "document.documentElement.scrollWidth"); w > 390 {
			t.Errorf("page is %d px wide on a 390 px phone", w)
		}
		if !eval[bool](b, `(t => t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX === "auto")(document.querySelector("article table"))`) {
			t.Errorf("a wide table does not scroll inside itself on a phone")
		}
		b.do(chromedp.Focus(".menu"), chromedp.KeyEvent(kb.Enter))
		b.waitFor(`document.activeElement.getAttribute("aria-current") === "page"`)
		if got := eval[string](b, side); got != "block|true|Lesson B|Basics" {
			t.Errorf("drawer: %s", got)
		}
		if got := eval[string](b, `document.querySelector(".menu").getAttribute("aria-expanded")`); got != "true" {
			t.Errorf("menu aria-expanded = %s", got)
		}
		for _, scheme := range []string{"light", "dark"} {
			b.media(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: scheme})
			b.screenshot("chapters-390-drawer-" + scheme)
		}
		b.do(chromedp.KeyEvent(kb.Escape))
		b.waitFor(`getComputedStyle(document.getElementById("side")).display === "none" && document.activeElement.className === "menu"`)
		b.screenshot("chapters-390-dark")
		// Search results fit the phone's screen.
		b.do(chromedp.Focus("#q"), chromedp.SendKeys("#q", "lesson"))
		b.waitFor(`!!document.querySelector("#hits:not([hidden]) mark")`)
		if got := eval[string](b, `(r => r.left >= 0 && r.right <= 390 ? "inside" : r.left + ".." + r.right)(document.getElementById("hits").getBoundingClientRect())`); got != "inside" {
			t.Errorf("search results on a 390 px phone span %s px", got)
		}
		b.screenshot("chapters-390-search-dark")
		b.noProblems("phone")
	})

	t.Run("search", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.open("more/01-c.html")
		b.do(chromedp.Focus("#q"), chromedp.SendKeys("#q", "covers"))
		b.waitFor(`!!document.querySelector('#hits:not([hidden]) a[href$="/basics/index.html"] mark')`)
		if got := eval[string](b, `document.querySelector("#hits mark").textContent`); got != "covers" {
			t.Errorf("marked %q, want covers", got)
		}
		b.screenshot("chapters-search")
		b.do(chromedp.SendKeys("#q", kb.Escape))
		b.waitFor(`document.getElementById("hits").hidden`)
		// A word in a section links to the section; keys alone pick it.
		eval[bool](b, `document.getElementById("q").value = "", true`)
		b.do(chromedp.Focus("#q"), chromedp.SendKeys("#q", "text"))
		b.waitFor(`!!document.querySelector('#hits:not([hidden]) a[href$="/basics/02-b.html#part"]')`)
		n := eval[int](b, `[...document.querySelectorAll("#hits a[href]")].findIndex(a => a.href.endsWith("/basics/02-b.html#part"))`)
		for range n + 1 {
			b.do(chromedp.KeyEvent(kb.ArrowDown))
		}
		b.do(chromedp.KeyEvent(kb.Enter))
		b.waitFor(`location.pathname.endsWith("/basics/02-b.html") && location.hash === "#part"`)
		b.noProblems("search")
	})

	t.Run("from disk", func(t *testing.T) {
		t.Parallel()
		b := root.tab(t)
		b.do(chromedp.EmulateViewport(1280, 800))
		b.do(chromedp.Navigate(b.disk + "basics/01-a.html"))
		b.waitFor(`!!document.querySelector("#side a")`)
		if got := eval[string](b, "getComputedStyle(document.body).fontFamily"); !strings.Contains(got, "system-ui") {
			t.Errorf("from disk, body font is %q: ../style.css did not apply", got)
		}
		if got := eval[string](b, side); got != "block|true|Lesson A|Basics" {
			t.Errorf("sidebar from disk: %s", got)
		}
		b.do(chromedp.Click("#q"), chromedp.SendKeys("#q", "last"))
		b.waitFor(`!!document.querySelector('#hits:not([hidden]) a[href="` + b.disk + `more/01-c.html"]')`)
		b.do(chromedp.Click(`article a[href="../01-start.html"]`))
		b.waitFor(`location.href === "` + b.disk + `01-start.html"`)
		b.do(chromedp.Click(".pager a[rel=next]"))
		b.waitFor(`location.href === "` + b.disk + `basics/index.html"`)
		b.noProblems("book opened from disk")
	})
}
