package site

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/lessons"
	"github.com/workbook-dev/workbook/runner"
)

// The weight of a lesson page: its HTML (sweep charts left out) and every
// stylesheet and script it loads as it opens, each gzipped at best
// compression. Every page of the bundled book weighs at most 15 KiB
// (pageBudget), the first edition's goal, with no exceptions: a lesson
// that grows past it fails the test, and is to be tightened or split
// rather than given a ceiling of its own. The longest lessons (01 and 04,
// about 50 KB of HTML each) are about 180 B under the budget, and what
// is left to weigh on them is their prose, code and results rather than
// markup (BENCHMARKS.md). What workbook adds to any page, a
// one-program lesson with its CSS and JS, stays under overheadBudget.
const (
	pageBudget     = 15 << 10
	overheadBudget = 7<<10 + 512
)

// synthResults makes a plausible result for every program of b: its
// expected output (or one line), printed 10 ms apart, with the exit
// status it expects, once per GOMAXPROCS value.
func synthResults(b *book.Book) map[*book.Program]*runner.Result {
	start := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	out := map[*book.Program]*runner.Result{}
	for _, p := range b.Programs() {
		r := &runner.Result{Build: runner.Build{OK: true},
			Env: runner.Env{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", NumCPU: 2}}
		text := "done\n"
		if p.Expect != nil {
			text = strings.ReplaceAll(p.Expect.Text, "...", "12.5ms")
		}
		procs := p.Attrs.GOMAXPROCS
		if len(procs) == 0 {
			procs = []int{2}
		}
		for _, n := range procs {
			if p.Attrs.NoRun {
				break
			}
			run := runner.Run{GOMAXPROCS: n, Start: start, ExitCode: p.Attrs.Exit,
				Wall: 120 * time.Millisecond, User: 90 * time.Millisecond, System: 10 * time.Millisecond, MaxRSS: 3300}
			for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
				run.Output = append(run.Output, runner.Line{T: time.Duration(i+1) * 10 * time.Millisecond, Stream: runner.Stdout, Text: line})
			}
			r.Runs = append(r.Runs, run)
		}
		out[p] = r
	}
	return out
}

func gzipSize(t testing.TB, data []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// chartRE matches a sweep chart, which the budget leaves out.
var chartRE = regexp.MustCompile(`(?s)<figure class="chart">.*?</figure>`)

// loadsRE matches what a page loads as it opens: its stylesheets and
// scripts (search.js, replay.js, play.js and wasm-run.js wait for the
// reader).
var loadsRE = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">|<script src="([^"]+)"`)

// pageWeight is page's weight gzipped, sweep charts left out, with the
// stylesheets and scripts it loads, and the names of those.
func pageWeight(t testing.TB, files map[string][]byte, page []byte) (int, []string) {
	t.Helper()
	total := gzipSize(t, chartRE.ReplaceAll(page, nil))
	var names []string
	for _, m := range loadsRE.FindAllSubmatch(page, -1) {
		name := string(m[1]) + string(m[2])
		data, ok := files[name]
		if !ok {
			t.Fatalf("the page loads %s, which the site does not have", name)
		}
		total += gzipSize(t, data)
		names = append(names, name)
	}
	return total, names
}

// TestLessonPageWeight renders the bundled lessons and checks that each
// page, with the stylesheets and scripts it loads, weighs at most
// pageBudget.
func TestLessonPageWeight(t *testing.T) {
	t.Parallel()
	b, err := book.Load(lessons.FS, "lessons")
	if err != nil {
		t.Fatalf("loading the bundled lessons: %v", err)
	}
	if len(b.Lessons) == 0 {
		t.Fatal("no bundled lessons to weigh")
	}
	// As a wasm build makes them: a Run button for each program the
	// browser can run, a note saying why for the others (app.js loads the
	// rest on a press).
	wasm := &WasmPrograms{Build: &runner.WasmBuild{Wasm: []byte("\x00asm")}, Name: map[*book.Program]string{}, Why: map[*book.Program]string{}}
	for i, p := range b.Programs() {
		if why := runner.WasmBlocker(p.RunnerProgram()); why != "" {
			wasm.Why[p] = why
		} else {
			wasm.Name[p] = fmt.Sprintf("p%d", i+1)
		}
	}
	files, err := new(Renderer).Render(b, synthResults(b), RenderOptions{Wasm: wasm})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files["01-goroutines.html"], []byte(`data-w="`)) && !bytes.Contains(files["01-goroutines.html"], []byte(`data-run="wasm"`)) {
		t.Fatal("the pages weighed have no Run buttons")
	}
	for _, name := range []string{"style.css", "app.js", "toc.js", "charts.css"} {
		t.Logf("%s: %d B gzipped", name, gzipSize(t, files[name]))
	}
	for _, l := range b.Lessons {
		page := files[l.Slug+".html"]
		total, loads := pageWeight(t, files, page)
		t.Logf("%s: %d B, %d B gzipped with %s", l.Slug, len(page), total, strings.Join(loads, ", "))
		if total > pageBudget {
			t.Errorf("%s weighs %d B gzipped with CSS and JS; the budget is %d B", l.Slug, total, pageBudget)
		}
	}
}

// TestPageOverhead weighs what workbook adds to a page: a lesson of one
// paragraph and one program with its output, with its CSS and JS.
func TestPageOverhead(t *testing.T) {
	t.Parallel()
	b, err := book.Load(fstest.MapFS{"01-one.md": {Data: []byte("---\ntitle: One\nsummary: One program.\n---\n\nA paragraph about the program.\n\n" +
		"```go name=hello\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n```\n\n```output\nhello\n```\n")}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	wasm := &WasmPrograms{Build: &runner.WasmBuild{Wasm: []byte("\x00asm")}, Name: map[*book.Program]string{b.Programs()[0]: "p1"}}
	files, err := new(Renderer).Render(b, synthResults(b), RenderOptions{Wasm: wasm})
	if err != nil {
		t.Fatal(err)
	}
	total, loads := pageWeight(t, files, files["01-one.html"])
	t.Logf("a one-program lesson page: %d B gzipped with %s", total, strings.Join(loads, ", "))
	if total > overheadBudget {
		t.Errorf("a one-program lesson page weighs %d B gzipped with CSS and JS; the budget is %d B", total, overheadBudget)
	}
}
