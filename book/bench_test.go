package book

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/workbook-dev/workbook/runner"
)

// testdata/bench/cpu1-2.txt is what a real test binary printed with
// -test.v -test.bench=. -test.benchmem -test.cpu=1,2.
func TestBenchmarksFromRealOutput(t *testing.T) {
	data, err := os.ReadFile("testdata/bench/cpu1-2.txt")
	if err != nil {
		t.Fatal(err)
	}
	run := &runner.Run{}
	for l := range strings.Lines(string(data)) {
		run.Output = append(run.Output, runner.Line{Stream: runner.Stdout, Text: strings.TrimSuffix(l, "\n")})
	}
	var got strings.Builder
	for _, b := range Benchmarks(run) {
		fmt.Fprintf(&got, "%s procs=%d iters=%d %.2f ns/op %.0f B/op %.0f allocs/op\n", b.Name, b.Procs, b.Iters, b.NsPerOp, b.BytesPerOp, b.AllocsPerOp)
	}
	want := `BenchmarkJoin procs=1 iters=2000 54.55 ns/op 8 B/op 1 allocs/op
BenchmarkJoin procs=2 iters=2000 37.81 ns/op 8 B/op 1 allocs/op
BenchmarkBuilder/x procs=1 iters=2000 25.99 ns/op 8 B/op 1 allocs/op
BenchmarkBuilder/x procs=2 iters=2000 20.02 ns/op 8 B/op 1 allocs/op
BenchmarkBuilder/xxxxxxxxxx procs=1 iters=2000 133.90 ns/op 56 B/op 3 allocs/op
BenchmarkBuilder/xxxxxxxxxx procs=2 iters=2000 123.00 ns/op 56 B/op 3 allocs/op
`
	if got.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
	}
}

func TestBenchmarksWithoutMemory(t *testing.T) {
	run := &runner.Run{Output: []runner.Line{{Stream: runner.Stdout, Text: "BenchmarkX-8   100   12.5 ns/op"}}}
	bs := Benchmarks(run)
	if len(bs) != 1 || bs[0].Procs != 8 || bs[0].NsPerOp != 12.5 || bs[0].BytesPerOp != -1 {
		t.Errorf("got %+v", bs)
	}
}
