package site

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// TestPageOutputIsCapped: a program that printed the most the runner
// keeps (10,000 bare newlines, or 1 MiB in a few long lines) gives a
// page of a few hundred KB, saying what is not shown and how to see it.
func TestPageOutputIsCapped(t *testing.T) {
	src := "---\ntitle: A\n---\n\n```go name=newlines\npackage main\n\nfunc main() {}\n```\n\n" +
		"```go name=long\npackage main\n\nfunc main() {}\n```\n"
	b, err := book.Load(fstest.MapFS{"a.md": {Data: []byte(src)}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	results := map[*book.Program]*runner.Result{}
	for _, p := range b.Lessons[0].Programs {
		run := runner.Run{Truncated: true}
		switch p.ID {
		case "newlines":
			for range runner.LineLimit {
				run.Output = append(run.Output, runner.Line{Stream: runner.Stdout})
			}
		case "long":
			for range 16 {
				run.Output = append(run.Output, runner.Line{Stream: runner.Stdout, Text: strings.Repeat("x", runner.OutputLimit/16-1)})
			}
		}
		results[p] = &runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{run}}
	}
	files, err := new(Renderer).Render(b, results, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	page := files["a.html"]
	t.Logf("page with two capped runs: %d KB", len(page)>>10)
	if len(page) > 600<<10 {
		t.Errorf("the page is %d KB; want it capped well under 1 MB", len(page)>>10)
	}
	for _, want := range []string{"9000 more lines not shown on the page", "<code>workbook run lessons/a.md#newlines</code>", "<code>workbook run lessons/a.md#long</code>"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page does not say %q", want)
		}
	}
}

// TestPanelSaysWhenAProgramRanTwice: a merged program run again alone
// says so on its page.
func TestPanelSaysWhenAProgramRanTwice(t *testing.T) {
	src := "---\ntitle: A\n---\n\n```go name=a\npackage main\n\nfunc main() {}\n```\n"
	b, err := book.Load(fstest.MapFS{"a.md": {Data: []byte(src)}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	p := b.Lessons[0].Programs[0]
	res := &runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{}}, RanAlone: true}
	files, err := new(Renderer).Render(b, map[*book.Program]*runner.Result{p: res}, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files["a.html"], []byte("Ran twice")) {
		t.Error("the page does not say the program ran twice")
	}
}
