package site

import (
	"strings"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// figureLesson has one figure of each kind.
const figureLesson = "---\ntitle: F\n---\n\n" +
	"{{wall p@1}} {{cpu p@2}} {{cpuratio p@2}} {{speedup p@2}} {{output p@2 2}} {{cpus p}} {{output q 1}}\n\n" +
	"```go name=p gomaxprocs=1,2\npackage main\n\nfunc main() {}\n```\n\n" +
	"```go name=q\npackage main\n\nfunc main() {}\n```\n"

func figures(t testing.TB) []*book.Figure {
	t.Helper()
	l, err := book.ParseLesson("lessons/f.md", []byte(figureLesson))
	if err != nil {
		t.Fatal(err)
	}
	figs := l.Figures()
	if len(figs) != 7 {
		t.Fatalf("%d figures, want 7", len(figs))
	}
	return figs
}

func TestFigureValues(t *testing.T) {
	t.Parallel()
	figs := figures(t)
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	p := &runner.Result{Build: runner.Build{OK: true}, Env: runner.Env{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", NumCPU: 2},
		Runs: []runner.Run{
			{GOMAXPROCS: 1, Wall: ms(1000), User: ms(990), System: ms(10)},
			{GOMAXPROCS: 2, Wall: ms(520), User: ms(1000), System: ms(30),
				Output:  []runner.Line{{Text: ""}, {Text: "first"}, {Text: "panic at wbpart1.go:3 \t"}},
				Samples: []runner.Sample{{Wall: ms(560)}, {Wall: ms(520)}, {Wall: ms(500)}}},
		}}
	want := []struct{ value, title string }{
		{"1.00s", "Wall time of p with GOMAXPROCS=1. Measured when this site was built, on Go 1.26.8 · linux/amd64 · 2 CPUs"},
		{"1.03s", "CPU time (user + system) of p with GOMAXPROCS=2 (from the run with the median wall time of 3; they took 500ms to 560ms)"},
		{"1.98", "CPU time ÷ wall time of p with GOMAXPROCS=2"},
		{"1.92×", "Speedup of p: its wall time with GOMAXPROCS=1 ÷ its wall time with GOMAXPROCS=2"},
		// Blank lines at the start do not count, as in Check; positions
		// are the lesson's.
		{"panic at lessons/f.md:10", "Line 2 of the output of p with GOMAXPROCS=2"},
		{"2", "CPUs of the machine that ran p."},
	}
	for i, w := range want {
		value, title, code := figureValue(figs[i], p)
		if value != w.value || !strings.HasPrefix(title, w.title) {
			t.Errorf("%s = %q (title %q), want %q (title starting %q)", figs[i].Text, value, title, w.value, w.title)
		}
		if code != (figs[i].Kind == book.FigureOutput) {
			t.Errorf("%s: code = %v", figs[i].Text, code)
		}
	}
}

func TestFigureWithoutMeasurement(t *testing.T) {
	t.Parallel()
	figs := figures(t)
	ok := &runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{Wall: time.Second, Output: []runner.Line{{Text: ""}}}}}
	for _, tt := range []struct {
		fig   *book.Figure
		res   *runner.Result
		title string
	}{
		{figs[0], nil, "p has not been run"},
		{figs[0], &runner.Result{Build: runner.Build{Output: "x"}}, "p did not build, so it has no measurements"},
		{figs[0], ok, "p has no run with GOMAXPROCS=1"}, // the result lacks that value
		{figs[6], ok, "q printed fewer than 1 lines"},
		{figs[6], &runner.Result{Build: runner.Build{OK: true}}, "q has no run"}, // built, never run
	} {
		value, title, _ := figureValue(tt.fig, tt.res)
		if value != "" || title != tt.title {
			t.Errorf("%s with %+v = %q, %q; want no value, %q", tt.fig.Text, tt.res, value, title, tt.title)
		}
	}
}
