package book

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// testFile is the file of go test parts without file=.
const testFile = "main_test.go"

// IsTest reports whether the program has a go test part: it is built
// with its tests into a test binary and run as go test -v runs it.
func (p *Program) IsTest() bool {
	return slices.ContainsFunc(p.Parts, func(s *Snippet) bool { return s.Attrs.Test })
}

// HasBenchmarks reports whether a test part declares a Benchmark function.
// Such a program runs alone (as exclusive) with -bench=. and -benchmem.
func (p *Program) HasBenchmarks() bool {
	return len(p.testFuncs("Benchmark")) > 0
}

// testFuncs lists the functions of the program's test files whose names
// start with prefix (Test, Benchmark, Example), as go test finds them.
func (p *Program) testFuncs(prefix string) []string {
	var names []string
	for name, src := range p.GoFiles() {
		if !strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
		if err != nil {
			continue // the build will say why
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, prefix) {
				names = append(names, fn.Name.Name)
			}
		}
	}
	return names
}

// testArgs are the test binary's flags before testflags= and cpu=: -v
// always, and a benchmark run with allocations when there are
// benchmarks and testflags= chooses none.
func (p *Program) testArgs() []string {
	args := []string{"-test.v"}
	if p.HasBenchmarks() && !slices.ContainsFunc(p.Attrs.TestFlags, func(f string) bool {
		return f == "-bench" || strings.HasPrefix(f, "-bench=")
	}) {
		args = append(args, "-test.bench=.", "-test.benchmem")
	}
	return args
}

// failedAssertion returns the lesson line of the first message a test
// logged ("    lessons/x.md:41: got 3, want 4", as go test -v prints
// t.Error), or 0.
func (p *Program) failedAssertion(lines []string) int {
	prefix := p.Lesson.File + ":"
	for _, l := range lines {
		rest, ok := strings.CutPrefix(strings.TrimLeft(l, " \t"), prefix)
		if !ok {
			continue
		}
		num, _, ok := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(num); ok && err == nil && p.ownsLine(n) {
			return n
		}
	}
	return 0
}

// ownsLine reports whether a lesson line is code of one of p's parts.
func (p *Program) ownsLine(line int) bool {
	for _, s := range p.Parts {
		if line >= s.CodeLine && line < s.CodeLine+strings.Count(s.Code, "\n")+1 {
			return true
		}
	}
	return false
}

// testBinaryFlags turns go test's flags (-run X) into the test binary's
// (-test.run X): go test does this for the flags it knows, and a test
// binary knows only the -test. names.
func testBinaryFlags(flags []string) []string {
	out := make([]string, len(flags))
	for i, f := range flags {
		if name, ok := strings.CutPrefix(f, "-"); ok && !strings.HasPrefix(name, "test.") && !strings.HasPrefix(name, "-") && name != "" {
			f = "-test." + name
		}
		out[i] = f
	}
	return out
}
