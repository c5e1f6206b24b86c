package site

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"github.com/workbook-dev/workbook/runner"
)

// TestBrowserWasmRun builds a site with its programs compiled to
// WebAssembly, serves it over HTTP and runs a program with its Run
// button: nothing of it loads before the press; then the output streams
// in with its times, in a worker, and matches the verified run. A
// program that cannot run in a browser says why instead.
func TestBrowserWasmRun(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	lesson := "---\ntitle: Wasm\n---\n\n" +
		"```go name=count args=\"a b\"\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)\n\nfunc main() {\n\tfor i := range 3 {\n\t\ttime.Sleep(50 * time.Millisecond)\n\t\tfmt.Println(\"line\", i, os.Args[1:])\n\t}\n}\n```\n\n" +
		"```go name=two\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"two\") }\n```\n\n" +
		"```go name=many\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := range 1500 {\n\t\tfmt.Println(\"line\", i)\n\t}\n}\n```\n\n" +
		"```go name=flood\npackage main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n\t\"strings\"\n)\n\nfunc main() {\n\tfor runtime.GOOS == \"js\" {\n\t\tfmt.Println(strings.Repeat(\"flood \", 100))\n\t}\n}\n```\n\n" +
		"```go name=esc\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"\\x1b[31mred\\u202eRTL\\r\") }\n```\n\n" +
		"```go name=order\npackage main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n)\n\nfunc main() {\n\tif runtime.GOOS == \"js\" {\n\t\tfmt.Println(\"a\\nb\")\n\t} else {\n\t\tfmt.Println(\"b\\na\")\n\t}\n}\n```\n\n```output unordered\na\nb\n```\n\n" +
		"```go name=shell\npackage main\n\nimport \"os/exec\"\n\nfunc main() { _ = exec.Command(\"true\").Run() }\n```\n"
	out := t.TempDir() + "/public"
	r := &runner.Runner{}
	t.Setenv("WORKBOOK_CACHE", t.TempDir())
	deep := "---\ntitle: Deep\n---\n\n```go name=deep\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"from a chapter\") }\n```\n"
	fsys := fstest.MapFS{"01-wasm.md": {Data: []byte(lesson)}, "more/02-deep.md": {Data: []byte(deep)}}
	if _, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: r, Wasm: r}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, out)
	b.open("01-wasm.html")
	b.waitFor(`document.readyState === "complete"`)
	if n := eval[int](b, `performance.getEntriesByType("resource").filter(e => /wasm/.test(e.name)).length`); n != 0 {
		t.Errorf("%d wasm files loaded before Run was pressed", n)
	}
	if got := eval[string](b, `[...document.querySelectorAll("#shell-result .note")].map(n => n.textContent).join(" ")`); !strings.Contains(got, "os/exec") {
		t.Errorf("the os/exec program says %q, want why it cannot run in a browser", got)
	}
	if n := eval[int](b, `document.querySelectorAll("[data-run=wasm]").length`); n != 6 {
		t.Errorf("%d Run buttons, want 6", n)
	}
	// Two presses before wasm-run.js has loaded: both run.
	eval[bool](b, `(document.querySelector("#count-result [data-run=wasm]").click(), document.querySelector("#two-result [data-run=wasm]").click(), true)`)
	b.waitFor(`(document.querySelector("#count-result .wb-browser .bar span:last-child") || {}).textContent?.startsWith("exit 0")`)
	b.waitFor(`(document.querySelector("#two-result .wb-browser .bar span:last-child") || {}).textContent?.startsWith("exit 0")`)
	lines := eval[[]string](b, `[...document.querySelectorAll("#count-result .wb-browser .o > div")].map(d => d.textContent)`)
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "line 2 [a b]") || !strings.HasPrefix(lines[2], "0.") {
		t.Errorf("the browser's output: %q; want three timed lines ending in line 2 [a b]", lines)
	}
	if note := eval[string](b, `document.querySelector("#count-result .wb-browser .note").textContent`); !strings.Contains(note, "Same output as the verified run") {
		t.Errorf("the comparison says %q", note)
	}
	if !eval[bool](b, `performance.getEntriesByType("resource").some(e => e.name.endsWith("/wasm-run.js"))`) {
		t.Errorf("wasm-run.js was not loaded by the press")
	}
	// 1,500 lines: the page shows 1,000 of the verified run's and of the
	// browser's, and compares as far as it shows.
	b.do(chromedp.Click(`#many-result [data-run=wasm]`))
	b.waitFor(`(document.querySelector("#many-result .wb-browser .bar span:last-child") || {}).textContent?.startsWith("exit 0")`)
	if n := eval[int](b, `document.querySelectorAll("#many-result .wb-browser .o > div:not(.none)").length`); n != 1000 {
		t.Errorf("the browser run of 1,500 lines shows %d, want 1000", n)
	}
	if more := eval[string](b, `[...document.querySelectorAll("#many-result .wb-browser .o > div.none")].map(d => d.textContent).join(" ")`); !strings.Contains(more, "500 more lines not shown") {
		t.Errorf("the browser run of 1,500 lines ends %q, want it to count the 500 not shown", more)
	}
	if note := eval[string](b, `(document.querySelector("#many-result .wb-browser .note") || {}).textContent || ""`); !strings.Contains(note, "Same output") {
		t.Errorf("the browser run of 1,500 lines says %q", note)
	}
	// Escapes and text-reordering characters show as escapes, as in the
	// verified run, so the two compare the same.
	b.do(chromedp.Click(`#esc-result [data-run=wasm]`))
	b.waitFor(`!!document.querySelector("#esc-result .wb-browser .note")`)
	if got := eval[string](b, `document.querySelector("#esc-result .wb-browser .o").textContent`); !strings.HasSuffix(got, `\x1b[31mred\u202eRTL\r`) {
		t.Errorf("the browser run shows %q, want the escapes visible", got)
	}
	if note := eval[string](b, `document.querySelector("#esc-result .wb-browser .note").textContent`); !strings.Contains(note, "Same output") {
		t.Errorf("the escapes' run says %q", note)
	}
	// Output the lesson expects in any order compares in any order.
	b.do(chromedp.Click(`#order-result [data-run=wasm]`))
	b.waitFor(`!!document.querySelector("#order-result .wb-browser .note")`)
	if note := eval[string](b, `document.querySelector("#order-result .wb-browser .note").textContent`); !strings.Contains(note, "Same output") {
		t.Errorf("a run of output in any order says %q", note)
	}
	// Output without end is stopped at 1 MiB, as a verified run is.
	b.do(chromedp.Click(`#flood-result [data-run=wasm]`))
	b.waitFor(`/1 MiB/.test((document.querySelector("#flood-result .wb-browser .bar span:last-child") || {}).textContent)`)
	b.screenshot("wasm-run")
	b.noProblems("running in the browser")

	// Open in the Go Playground: the click, and only the click, shares
	// the whole program (the network is stubbed: tests stay offline).
	eval[bool](b, `(window.shared = [], window.opened = {}, window.open = () => window.opened,
		window.fetch = (u, o) => (window.shared.push([u, o.method, o.body]), Promise.resolve(new Response("abc123"))), true)`)
	if n := eval[int](b, `window.shared.length`); n != 0 {
		t.Fatalf("shared before a click: %d", n)
	}
	b.do(chromedp.Click(`#count-result a[data-play]`))
	b.waitFor(`String(window.opened.location || "") === "https://go.dev/play/p/abc123"`)
	share := eval[[]string](b, `window.shared[0]`)
	if share[0] != "https://play.golang.org/share" || share[1] != "POST" || !strings.Contains(share[2], "package main") || !strings.Contains(share[2], `fmt.Println("line", i, os.Args[1:])`) {
		t.Errorf("the click shared %q", share)
	}

	// A lesson in a chapter's folder finds the scripts and the binary at
	// the site's root.
	b.open("more/02-deep.html")
	b.waitFor(`document.readyState === "complete"`)
	b.do(chromedp.Click(`#deep-result [data-run=wasm]`))
	b.waitFor(`(document.querySelector("#deep-result .wb-browser .bar span:last-child") || {}).textContent?.startsWith("exit 0")`)
	if got := eval[string](b, `document.querySelector("#deep-result .wb-browser .o").textContent`); !strings.Contains(got, "from a chapter") {
		t.Errorf("the chapter's program printed %q in the browser", got)
	}
	b.noProblems("running in the browser from a chapter")

	// Opened from disk, a browser starts no worker: the press says so
	// instead of loading forever.
	b.do(chromedp.Navigate(b.disk + "01-wasm.html"))
	b.waitFor(`document.readyState === "complete"`)
	b.do(chromedp.Click(`#two-result [data-run=wasm]`))
	b.waitFor(`/not opened from disk/.test((document.querySelector("#two-result .wb-browser .bar span:last-child") || {}).textContent)`)
	if got := eval[string](b, `document.querySelector("#two-result [data-run=wasm]").textContent`); strings.Contains(got, "Stop") {
		t.Errorf("the button says %q after the run could not start", got)
	}
	b.takeProblems() // the browser's own complaint about the worker
}
