package book

import (
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/workbook-dev/workbook/runner"
)

// A Benchmark is one result line of a benchmark run: a benchmark (or
// sub-benchmark) at one -cpu value.
type Benchmark struct {
	// Name is the benchmark's name without its -cpu suffix
	// ("BenchmarkSum", "BenchmarkSum/small").
	Name string
	// Procs is the GOMAXPROCS it ran with: the name's -N suffix, or 1
	// without one (go test leaves it off for 1).
	Procs int
	// Iters is how many iterations the figures are averaged over.
	Iters int
	// NsPerOp, BytesPerOp and AllocsPerOp are the measurements; the
	// memory ones are -1 when not measured.
	NsPerOp, BytesPerOp, AllocsPerOp float64
}

// Benchmarks parses the benchmark results in a run's output, in order.
// Other lines (test output, goos: and other configuration) are skipped.
func Benchmarks(run *runner.Run) []Benchmark {
	var text strings.Builder
	for _, l := range run.Output {
		if l.Stream == runner.Stdout {
			text.WriteString(l.Text + "\n")
		}
	}
	var out []Benchmark
	r := benchfmt.NewReader(strings.NewReader(text.String()), "output")
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		b := Benchmark{Iters: res.Iters, NsPerOp: -1, BytesPerOp: -1, AllocsPerOp: -1}
		b.Name, b.Procs = splitProcs(res.Name)
		for _, v := range res.Values {
			// The value as printed: benchfmt tidies ns/op into sec/op.
			unit, val := v.Unit, v.Value
			if v.OrigUnit != "" {
				unit, val = v.OrigUnit, v.OrigValue
			}
			switch unit {
			case "ns/op":
				b.NsPerOp = val
			case "B/op":
				b.BytesPerOp = val
			case "allocs/op":
				b.AllocsPerOp = val
			}
		}
		out = append(out, b)
	}
	return out
}

// splitProcs splits "BenchmarkSum/small-4" into its name and GOMAXPROCS.
func splitProcs(n benchfmt.Name) (string, int) {
	base, parts := n.Parts()
	name := "Benchmark" + string(base) // benchfmt drops the prefix
	procs := 1
	for _, p := range parts {
		if s, ok := strings.CutPrefix(string(p), "-"); ok {
			if v, err := strconv.Atoi(s); err == nil {
				procs = v
				continue
			}
		}
		name += string(p)
	}
	return name, procs
}
