package book

import (
	"slices"
	"strings"
	"testing"

	"github.com/workbook-dev/workbook/runner"
)

const sumLesson = "---\ntitle: T\n---\n\n" +
	"```go name=sum\npackage sum\n\nfunc Sum(a, b int) int { return a + b }\n```\n\n" +
	"```go test name=sum testflags=\"-run TestSum -count 1\" cpu=1,2\npackage sum\n\nimport \"testing\"\n\n" +
	"func TestSum(t *testing.T) {\n\tt.Errorf(\"no\")\n}\n\nfunc BenchmarkSum(b *testing.B) {\n\tfor b.Loop() {\n\t\tSum(1, 2)\n\t}\n}\n```\n"

func TestTestProgram(t *testing.T) {
	p := mustParse(t, "lessons/x.md", sumLesson).Programs[0]
	if !p.IsTest() || !p.HasBenchmarks() {
		t.Fatalf("IsTest=%v HasBenchmarks=%v", p.IsTest(), p.HasBenchmarks())
	}
	rp := p.RunnerProgram()
	want := []string{"-test.v", "-test.bench=.", "-test.benchmem", "-test.run", "TestSum", "-test.count", "1", "-test.cpu=1,2"}
	if !rp.Test || !rp.Exclusive || !slices.Equal(rp.Args, want) {
		t.Errorf("runner program: Test=%v Exclusive=%v Args=%q, want Args=%q", rp.Test, rp.Exclusive, rp.Args, want)
	}
	if _, ok := rp.GoFiles["main_test.go"]; !ok || !strings.Contains(string(rp.Source), "package sum") {
		t.Errorf("files: main.go %q, others %d", rp.Source, len(rp.GoFiles))
	}
}

func TestFailingTestPointsAtItsAssertion(t *testing.T) {
	p := mustParse(t, "lessons/x.md", sumLesson).Programs[0]
	res := &runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{ExitCode: 1, Output: []runner.Line{
		{Text: "=== RUN   TestSum"},
		{Text: "    wbpart2.go:6: no"},
		{Text: "--- FAIL: TestSum (0.00s)"},
		{Text: "FAIL"},
	}}}}
	v := Check(p, res)
	// The test part's code starts on line 12; its line 6 is line 17.
	if v.Status != StatusFail || v.Line != 17 || !strings.Contains(v.Message, "lessons/x.md:17: no") {
		t.Errorf("verdict %+v, want a failure at line 17", v)
	}
}

func TestTestOnlyAttributes(t *testing.T) {
	tests := []struct{ info, want string }{
		{"go cpu=1,2", "cpu is for programs with a go test part"},
		{`go testflags="-v"`, "testflags is for programs with a go test part"},
		{`go test args=x`, "args= does not go with go test"},
		{`go test file=x.go`, "a go test part belongs in a file whose name ends in _test.go"},
		{`go file=x_test.go name=a`, "file=x_test.go is a test file"},
		{`go test testflags=run`, "bad testflags=run"},
	}
	for _, tt := range tests {
		_, err := ParseLesson("lessons/x.md", []byte("---\ntitle: T\n---\n\n```"+tt.info+"\npackage main\n```\n"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.info, err, tt.want)
		}
	}
	// A test block alone is a complete program, of any package.
	mustParse(t, "lessons/x.md", "---\ntitle: T\n---\n\n```go test\npackage sum\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n```\n")
}

func TestBenchFigures(t *testing.T) {
	lesson := strings.Replace(sumLesson, "cpu=1,2", "cpu=1,2", 1)
	tests := []struct{ fig, want string }{
		{"{{nsop sum@2 BenchmarkSum}}", ""},
		{"{{allocsop sum@1 BenchmarkSum/sub}}", ""},
		{"{{nsop sum BenchmarkSum}}", `runs its benchmarks once per cpu value (1,2): say which, like {{nsop sum@2 BenchmarkSum}}`},
		{"{{bop sum@4 BenchmarkSum}}", `runs its benchmarks with cpu=1,2, not 4`},
		{"{{nsop sum@2 BenchmarkNope}}", `has no function BenchmarkNope`},
		{"{{nsop sum@2}}", `no benchmark named`},
	}
	for _, tt := range tests {
		_, err := ParseLesson("lessons/x.md", []byte(lesson+"\nIt took "+tt.fig+".\n"))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.fig, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want %q", tt.fig, err, tt.want)
		}
	}
	_, err := ParseLesson("lessons/x.md", []byte("---\ntitle: T\n---\n\n```go name=p\npackage main\n\nfunc main() {}\n```\n\n{{nsop p BenchmarkX}}\n"))
	if err == nil || !strings.Contains(err.Error(), "has no go test part") {
		t.Errorf("a figure of a program without tests: %v", err)
	}
}

func TestTraceNeedsAPlainProgram(t *testing.T) {
	for _, info := range []string{"go test trace", `go trace files="a.txt"`, "go trace stdin=a.txt"} {
		_, err := ParseLesson("lessons/x.md", []byte("---\ntitle: T\n---\n\n```"+info+"\npackage main\n\nfunc main() {}\n```\n"))
		if err == nil || !strings.Contains(err.Error(), "trace does not work yet with go test, file=, files= or stdin=") {
			t.Errorf("%s: error %v", info, err)
		}
	}
}
