package site

import (
	"strings"
	"testing"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// TestRenderPending: with RenderOptions.Pending, a program without a
// result says it is pending, and one with a result shows it as ever.
func TestRenderPending(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	b, err := book.Load(lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	ps := b.Programs()
	if len(ps) < 2 {
		t.Fatalf("the fixture has %d programs, want 2 or more", len(ps))
	}
	res, err := fake.RunAll(t.Context(), []*runner.Program{ps[0].RunnerProgram()}, func(int, *runner.Result) {})
	if err != nil {
		t.Fatal(err)
	}
	results := map[*book.Program]*runner.Result{ps[0]: res[0]}
	for _, pending := range []bool{false, true} {
		files, err := new(Renderer).Render(b, results, RenderOptions{Pending: pending})
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, data := range files {
			all.Write(data)
		}
		for _, p := range ps {
			panel := panelOf(t, all.String(), p.ID)
			isPending := strings.Contains(panel, "Pending: this program is being built and run")
			notRun := strings.Contains(panel, "Not run yet.")
			switch {
			case p == ps[0] && (isPending || notRun):
				t.Errorf("pending=%v: %s has a result but says pending or not run:\n%s", pending, p.ID, panel)
			case p != ps[0] && (isPending != pending || notRun == pending):
				t.Errorf("pending=%v: %s has no result: pending %v, not run %v", pending, p.ID, isPending, notRun)
			}
		}
	}
}

// panelOf returns the result panel of program id in html.
func panelOf(t *testing.T, html, id string) string {
	t.Helper()
	i := strings.Index(html, `id="`+id+`-result"`)
	if i < 0 {
		t.Fatalf("no panel for %s", id)
	}
	j := strings.Index(html[i:], "</section>")
	return html[i : i+j]
}
