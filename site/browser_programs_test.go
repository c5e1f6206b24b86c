package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/internal/browsertest"
	"github.com/workbook-dev/workbook/runner"
)

// TestBrowserEveryFeature builds testdata/every-feature with the real
// runner (so every program there verifies) and checks its page in a
// browser: no problems, and each feature shown.
func TestBrowserEveryFeature(t *testing.T) {
	browsertest.ChromePath(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out := filepath.Join(t.TempDir(), "public")
	rep, err := Build(ctx, Config{
		Lessons: os.DirFS("testdata/every-feature"),
		Dir:     "lessons",
		Out:     out,
		Runner:  &runner.Runner{CacheDir: t.TempDir()},
	})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if rep.Failed != 0 || rep.Passed != 5 {
		t.Fatalf("Build: %d passed, %d failed; want 5 passed", rep.Passed, rep.Failed)
	}
	b := newBrowser(t, out)
	b.open("01-all.html")
	checks := []struct{ what, js string }{
		{"five verified results", `document.querySelectorAll(".result.pass").length === 5`},
		{"the data file's words", `document.querySelector("#words-result .o").textContent.includes("words: 3 from data.txt")`},
		{"the sub-package's answer", `document.querySelector("#area-result .o").textContent.includes("area: 6")`},
		{"the example passing", `document.querySelector("#sum-result .o").textContent.includes("--- PASS: ExampleSum")`},
		{"a benchmark row per name", `document.querySelectorAll("#sum-result table.bench tbody tr").length === 1`},
		{"a column group per cpu value", `document.querySelectorAll("#sum-result table.bench th[scope=colgroup]").length === 2`},
		{"the cited allocations", `/^0 allocs\/op$/.test(document.querySelector("a.fig").textContent)`},
		{"the race report", `document.querySelector("#race-result .o").textContent.includes("WARNING: DATA RACE")`},
		{"the OMIT range hidden", `[...document.querySelectorAll("#race [hidden]")].length === 3`},
		{"the vet note", `document.querySelector("#printf-result").textContent.includes("go vet was off")`},
	}
	for _, c := range checks {
		if !eval[bool](b, c.js) {
			t.Errorf("the page does not show %s (%s)", c.what, c.js)
		}
	}
	b.noProblems("every-feature page")
}
