package serve

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/workbook-dev/workbook/internal/browsertest"
)

// A serveTab is a headless Chromium tab on a serve test server. It
// records console errors and uncaught exceptions.
type serveTab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

func newServeTab(t *testing.T) *serveTab {
	t.Helper()
	exe := browsertest.ChromePath(t) // skips without Chromium unless CI is set
	tab := &serveTab{t: t}
	tab.ctx = browsertest.Start(t, exe, tab.listen)
	return tab
}

func (b *serveTab) listen(ev any) {
	if p := browsertest.ScriptProblem(ev); p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

func (b *serveTab) noProblems() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("in the page: %s", p)
	}
	b.problems = nil
}

func (b *serveTab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	browsertest.Do(b.t, b.ctx, actions...)
}

// screenshot saves the page as a PNG in $WORKBOOK_SCREENSHOTS, when set.
func (b *serveTab) screenshot(name string) {
	b.t.Helper()
	browsertest.Screenshot(b.t, b.ctx, name)
}

// press types keys as a person does: the text goes with the keydown
// (chromedp.KeyEvent sends it as a separate char event, which a page's
// preventDefault on keydown cannot cancel).
func press(keys string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range keys {
			var down, up input.DispatchKeyEventParams
			for _, k := range kb.Encode(r) {
				switch k.Type {
				case kb.KeyDown:
					down = *k
				case kb.KeyChar:
					down.Text, down.UnmodifiedText = k.Text, k.UnmodifiedText
				case kb.KeyUp:
					up = *k
				}
			}
			for _, k := range []input.DispatchKeyEventParams{down, up} {
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, k); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func evalIn[T any](b *serveTab, js string) T {
	b.t.Helper()
	return browsertest.Eval[T](b.t, b.ctx, js)
}

// waitFor polls a JavaScript condition; errors while the page reloads
// count as "not yet".
func (b *serveTab) waitFor(js string, within time.Duration) {
	b.t.Helper()
	browsertest.WaitFor(b.t, b.ctx, js, within)
}

// loggedInJS is true once the login has stored ts's token and moved on
// to a home page that says its reader may run code.
func loggedInJS(ts *testServer) string {
	return `location.pathname === "/" && document.readyState === "complete" && localStorage.getItem("workbook-token-` + ts.port() + `") === "` + ts.srv.Token() + `" && document.querySelector('meta[name="workbook-access"]').content === "run"`
}

// TestServeBrowserReload: an open page reloads into the new build,
// where it was scrolled to; a failed rebuild shows the overlay over the
// last good page, and the fix clears it.
func TestServeBrowserReload(t *testing.T) {
	tab := newServeTab(t)
	prose := strings.Repeat("A paragraph long enough to scroll past, one of many in this lesson.\n\n", 80)
	page := func(marker, attrs string) string {
		return lessonText("First", marker+"\n\n"+prose+goBlock(attrs, "hi"))
	}
	dir := writeLessons(t, map[string]string{"01-a.md": page("Version one.", "")})
	ts := startServer(t, dir, newScriptRunner(), nil)

	// Not logged in, the page is read-only and says how to log in.
	tab.do(chromedp.Navigate(ts.url + "/01-a.html"))
	tab.waitFor(`document.readyState === "complete" && !!document.getElementById("wb-access")`, 20*time.Second)
	if note := evalIn[string](tab, `document.getElementById("wb-access").textContent`); !strings.Contains(note, "login URL") || evalIn[bool](tab, `!!document.querySelector(".wb-run, .wb-edit")`) {
		t.Errorf("a page opened without logging in: note %q, or it offers Run or Edit", note)
	}
	// The login URL logs in and lands on the site, without the secret.
	tab.do(chromedp.Navigate(ts.srv.LoginURL()))
	tab.waitFor(loggedInJS(ts), 20*time.Second)
	if evalIn[bool](tab, `location.href.includes("secret") || document.cookie !== "" || document.documentElement.outerHTML.includes(localStorage.getItem("workbook-token-`+ts.port()+`"))`) {
		t.Errorf("after logging in, the URL holds the secret, the cookie is readable from the page, or the page carries the token")
	}
	tab.do(chromedp.Navigate(ts.url + "/01-a.html"))
	tab.waitFor(`document.readyState === "complete" && !!document.querySelector(".wb-run") && !document.getElementById("wb-access")`, 20*time.Second)
	evalIn[bool](tab, `(window.scrollTo(0, 1500), window.notReloaded = true)`)
	tab.waitFor(`window.scrollY === 1500`, 5*time.Second)
	time.Sleep(200 * time.Millisecond) // the event stream is connected

	writeLessonFile(t, filepath.Join(dir, "01-a.md"), page("Version two.", ""))
	tab.waitFor(`!window.notReloaded && document.readyState === "complete" && document.body.textContent.includes("Version two.")`, 20*time.Second)
	tab.waitFor(`Math.abs(window.scrollY - 1500) < 5`, 5*time.Second)

	evalIn[bool](tab, `window.notReloaded = true`)
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), page("Version three.", " nonsense"))
	tab.waitFor(`!!document.getElementById("wb-overlay")`, 20*time.Second)
	overlay := evalIn[string](tab, `document.getElementById("wb-overlay").textContent`)
	if !strings.Contains(overlay, "lessons/01-a.md:") || !strings.Contains(overlay, "nonsense") {
		t.Errorf("the overlay reads %q; want the lesson position and the message", overlay)
	}
	tab.screenshot("serve-overlay")
	if !evalIn[bool](tab, `window.notReloaded && document.body.textContent.includes("Version two.")`) {
		t.Errorf("a failed rebuild replaced the page")
	}
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), page("Version four.", ""))
	tab.waitFor(`!window.notReloaded && !document.getElementById("wb-overlay") && document.body.textContent.includes("Version four.")`, 20*time.Second)

	// serve restarts (on the same address): the page reconnects, reloads,
	// and says that serve restarted and how to log in again; the new
	// login URL brings the token of the new process.
	evalIn[bool](tab, `window.notReloaded = true`)
	if err := ts.shutdown(); err != nil {
		t.Fatal(err)
	}
	again := startServer(t, dir, newScriptRunner(), func(c *Config) { c.Addr = ts.host })
	tab.waitFor(`!window.notReloaded && document.readyState === "complete" && !!document.getElementById("wb-access")`, 20*time.Second)
	if note := evalIn[string](tab, `document.getElementById("wb-access").textContent`); !strings.Contains(note, "serve restarted") || !strings.Contains(note, "login URL") {
		t.Errorf("after a restart the page says %q; want that serve restarted and to open the login URL", note)
	}
	tab.screenshot("serve-restarted")
	tab.do(chromedp.Navigate(again.srv.LoginURL()))
	tab.waitFor(loggedInJS(again), 20*time.Second)

	// Logged in by cookie, but the stored token is gone (storage
	// cleared): the page is read-only and says to log in again.
	evalIn[bool](tab, `(localStorage.clear(), true)`)
	tab.do(chromedp.Navigate(again.url + "/01-a.html"))
	tab.waitFor(`document.readyState === "complete" && !!document.getElementById("wb-access")`, 20*time.Second)
	if note := evalIn[string](tab, `document.getElementById("wb-access").textContent`); !strings.Contains(note, "no run token") || !strings.Contains(note, "login URL") || evalIn[bool](tab, `!!document.querySelector(".wb-run, .wb-edit")`) {
		t.Errorf("logged in without the stored token, the page says %q, or offers Run or Edit", note)
	}
	tab.noProblems()
}

// TestServeBrowserEditRun: edit a program in the page, run it, watch its
// output stream, stop it; edits survive a reload and Reset restores the
// lesson's version, which then runs to the end with its figures.
func TestServeBrowserEditRun(t *testing.T) {
	tab := newServeTab(t)
	r := realRunner(t)
	dir := writeLessons(t, map[string]string{"01-a.md": tickerLesson(3), "pic.svg": stealingSVG})
	ts := startServer(t, dir, r, nil)
	tab.do(chromedp.Navigate(ts.srv.LoginURL()))
	tab.waitFor(loggedInJS(ts), 20*time.Second)
	tab.do(chromedp.Navigate(ts.url + "/01-a.html"))
	tab.waitFor(`!!document.querySelector("#ticker .wb-edit")`, 20*time.Second)
	if n := evalIn[int](tab, `document.querySelectorAll("figure.code .wb-run").length`); n != 1 {
		t.Errorf("%d Run buttons, want 1", n)
	}

	// Edit: the light editor indents, and the program is marked modified.
	tab.do(chromedp.Click("#ticker .wb-edit"))
	tab.waitFor(`document.activeElement && document.activeElement.matches("#ticker + textarea, #ticker textarea.wb-editor")`, 5*time.Second)
	evalIn[bool](tab, `(() => { const ta = document.querySelector("#ticker textarea"); const i = ta.value.indexOf("func main() {") + 13; ta.setSelectionRange(i, i); return true; })()`)
	tab.do(press(kb.Enter + "x := 1" + kb.Enter + "_ = x"))
	if got := evalIn[string](tab, `document.querySelector("#ticker textarea").value`); !strings.Contains(got, "func main() {\n\tx := 1\n\t_ = x\n\tfmt.Println") {
		t.Errorf("Enter did not keep the indentation:\n%s", got)
	}
	evalIn[bool](tab, `(() => { const ta = document.querySelector("#ticker textarea"); const i = ta.value.indexOf("range 3") + 7; ta.setSelectionRange(i, i); return true; })()`)
	tab.do(press("00"))
	if !evalIn[bool](tab, `document.getElementById("ticker").classList.contains("wb-modified") && getComputedStyle(document.querySelector("#ticker .wb-mod")).display !== "none"`) {
		t.Errorf("the edited program is not marked")
	}

	// Run: lines arrive while it runs; Stop kills it.
	tab.do(chromedp.Click("#ticker .wb-run"))
	tab.waitFor(`document.querySelectorAll("#ticker-result .wb-live .o > div").length >= 5 && document.querySelector("#ticker-result .wb-state").textContent === "running…"`, 60*time.Second)
	if got := evalIn[string](tab, `document.querySelector("#ticker-result .wb-live .o > div:nth-child(3)").textContent`); !strings.HasSuffix(got, "tick 1") || !strings.HasPrefix(got, "0.") {
		t.Errorf("a streamed line reads %q; want its time, then tick 1", got)
	}
	tab.screenshot("serve-running")
	tab.do(chromedp.Click("#ticker .wb-run"))
	tab.waitFor(`document.querySelector("#ticker-result .wb-state").textContent === "stopped"`, 10*time.Second)
	ts.waitFor("the run to end", func() bool { return len(ts.srv.runs) == 0 })
	n := evalIn[int](tab, `document.querySelectorAll("#ticker-result .wb-live .o > div").length`)
	time.Sleep(400 * time.Millisecond)
	if m := evalIn[int](tab, `document.querySelectorAll("#ticker-result .wb-live .o > div").length`); m != n {
		t.Errorf("output kept coming after Stop: %d lines, then %d", n, m)
	}

	// The edit survives a reload.
	tab.do(chromedp.Reload())
	tab.waitFor(`!!document.querySelector("#ticker textarea") && document.querySelector("#ticker textarea").value.includes("range 300")`, 20*time.Second)
	if !evalIn[bool](tab, `document.getElementById("ticker").classList.contains("wb-modified")`) {
		t.Errorf("after a reload the edited program is not marked")
	}

	// Reset asks, then restores the lesson's version.
	evalIn[bool](tab, `(window.asked = 0, window.confirm = () => (window.asked++, true), true)`)
	tab.do(chromedp.Click("#ticker .wb-reset"))
	if !evalIn[bool](tab, `window.asked === 1 && !document.querySelector("#ticker textarea") && !document.getElementById("ticker").classList.contains("wb-modified") && !Object.keys(localStorage).some(k => k.startsWith("wb-edit:"))`) {
		t.Errorf("Reset did not ask once and restore the lesson's version")
	}

	// The lesson's version runs to the end: output, then the figures.
	tab.do(chromedp.Click("#ticker .wb-run"))
	tab.waitFor(`document.querySelector("#ticker-result .wb-state").textContent === "exit 0"`, 60*time.Second)
	tab.screenshot("serve-ran")
	live := evalIn[string](tab, `document.querySelector("#ticker-result .wb-live").textContent`)
	for _, want := range []string{"tick 2", "exit status", "wall", "CPU", "peak memory", "As the lesson expects"} {
		if !strings.Contains(live, want) {
			t.Errorf("the finished run lacks %q: %s", want, live)
		}
	}
	if strings.Contains(live, "tick 3") {
		t.Errorf("the reset program still ran the edited loop: %s", live)
	}
	tab.noProblems()

	// An SVG of the lessons, opened on its own, runs no script with
	// serve's origin: it cannot read the stored token. (The browser
	// reports the script it blocked.)
	tab.do(chromedp.Navigate(ts.url + "/pic.svg"))
	tab.waitFor(`document.readyState === "complete"`, 20*time.Second)
	if got := evalIn[string](tab, `String(document.documentElement.getAttribute("data-stolen"))`); got != "null" {
		t.Errorf("the SVG's script ran with serve's origin and read %q", got)
	}
}

// stealingSVG is an image whose script reads serve's origin's storage.
const stealingSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>
document.documentElement.setAttribute("data-stolen", Object.keys(localStorage).map(function (k) { return localStorage.getItem(k); }).join(","));
</script></svg>`
