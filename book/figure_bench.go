package book

import (
	"fmt"
	"slices"
	"strings"

	"github.com/workbook-dev/workbook/runner"
)

// benchKind reports whether f cites a benchmark's measurement.
func (f *Figure) benchKind() bool {
	switch f.Kind {
	case FigureNsPerOp, FigureBytesPerOp, FigureAllocsPerOp:
		return true
	}
	return false
}

// checkBench checks that f's program runs the benchmark f names, with
// the -cpu value f names.
func (f *Figure) checkBench() error {
	p, name := f.Program, f.Program.Name
	base, _, _ := strings.Cut(f.Bench, "/")
	cpu := p.Attrs.CPU
	switch {
	case !p.IsTest():
		return fmt.Errorf("program %q has no go test part, so it runs no benchmarks", name)
	case !slices.Contains(p.testFuncs("Benchmark"), base):
		return fmt.Errorf("program %q has no function %s", name, base)
	case f.Procs > 0 && !slices.Contains(cpu, f.Procs):
		if len(cpu) == 0 {
			return fmt.Errorf("program %q has no cpu=, so its benchmarks run once: drop @%d", name, f.Procs)
		}
		return fmt.Errorf("program %q runs its benchmarks with cpu=%s, not %d", name, joinInts(cpu), f.Procs)
	case f.Procs == 0 && len(cpu) > 1:
		return fmt.Errorf("program %q runs its benchmarks once per cpu value (%s): say which, like %s",
			name, joinInts(cpu), strings.Replace(f.Text, name, fmt.Sprintf("%s@%d", name, cpu[len(cpu)-1]), 1))
	}
	return nil
}

// Benchmark returns the benchmark result f cites from r, and the value
// it cites (ns/op, B/op or allocs/op). ok is false when the run has no
// such result (or did not measure memory).
func (f *Figure) Benchmark(r *runner.Result) (b Benchmark, value float64, ok bool) {
	if r == nil || len(r.Runs) == 0 {
		return Benchmark{}, 0, false
	}
	for _, b := range Benchmarks(&r.Runs[0]) {
		if b.Name != f.Bench || (f.Procs > 0 && b.Procs != f.Procs) {
			continue
		}
		v := map[string]float64{FigureNsPerOp: b.NsPerOp, FigureBytesPerOp: b.BytesPerOp, FigureAllocsPerOp: b.AllocsPerOp}[f.Kind]
		return b, v, v >= 0
	}
	return Benchmark{}, 0, false
}
