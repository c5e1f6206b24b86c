package site

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// benchView is the benchmark table of a test program: a row per
// benchmark, and for each -cpu value its ns/op, B/op and allocs/op.
type benchView struct {
	Procs []int
	Rows  []benchRow
}

type benchRow struct {
	Name  string
	Cells []benchCell // one per Procs value, in order
}

type benchCell struct {
	Ns, Bytes, Allocs string // "" when not measured
}

// newBenchView tabulates the benchmarks in run's output, or returns nil
// when there are none.
func newBenchView(run *runner.Run) *benchView {
	bs := book.Benchmarks(run)
	if len(bs) == 0 {
		return nil
	}
	v := &benchView{}
	rows := map[string]int{}
	for _, b := range bs {
		if !slices.Contains(v.Procs, b.Procs) {
			v.Procs = append(v.Procs, b.Procs)
		}
		if _, ok := rows[b.Name]; !ok {
			rows[b.Name] = len(v.Rows)
			v.Rows = append(v.Rows, benchRow{Name: b.Name})
		}
	}
	for i := range v.Rows {
		v.Rows[i].Cells = make([]benchCell, len(v.Procs))
	}
	for _, b := range bs {
		row := &v.Rows[rows[b.Name]]
		row.Cells[slices.Index(v.Procs, b.Procs)] = benchCell{
			Ns: benchNumber(b.NsPerOp), Bytes: benchNumber(b.BytesPerOp), Allocs: benchNumber(b.AllocsPerOp),
		}
	}
	return v
}

// benchNumber formats a measurement as go test prints it: integers as
// integers, small values with up to four significant digits.
func benchNumber(x float64) string {
	switch {
	case x < 0:
		return ""
	case x == float64(int64(x)):
		return strconv.FormatInt(int64(x), 10)
	}
	return fmt.Sprintf("%.4g", x)
}

// benchFigure returns the text and title of a figure that cites a
// benchmark's measurement ({{nsop sum@2 BenchmarkSum}}).
func benchFigure(f *book.Figure, res *runner.Result, where string) (value, title string, code bool) {
	b, v, ok := f.Benchmark(res)
	if !ok {
		return "", fmt.Sprintf("%s printed no %s result for %s%s", f.Program.Name, benchUnit(f.Kind), f.Bench, procsText(f.Procs)), false
	}
	title = fmt.Sprintf("%s of %s in %s, with GOMAXPROCS=%d (the mean of %d iterations). %s",
		benchUnit(f.Kind), b.Name, f.Program.Name, b.Procs, b.Iters, where)
	return benchNumber(v) + " " + benchUnit(f.Kind), title, false
}

// benchUnit names what a benchmark figure kind measures.
func benchUnit(kind string) string {
	switch kind {
	case book.FigureNsPerOp:
		return "ns/op"
	case book.FigureBytesPerOp:
		return "B/op"
	}
	return "allocs/op"
}
