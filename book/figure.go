package book

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/workbook-dev/workbook/runner"
)

// Figure kinds: what a figure cites from its program's result.
const (
	FigureWall     = "wall"     // wall time
	FigureCPU      = "cpu"      // user + system CPU time
	FigureCPURatio = "cpuratio" // CPU time ÷ wall time
	FigureSpeedup  = "speedup"  // wall time of the first GOMAXPROCS value ÷ this one's
	FigureOutput   = "output"   // one line of output
	FigureCPUs     = "cpus"     // the number of CPUs of the machine it ran on

	// A benchmark's measurements: {{nsop sum BenchmarkSum}}, or
	// {{nsop sum@2 BenchmarkSum}} for its -cpu=2 run.
	FigureNsPerOp     = "nsop"     // ns/op
	FigureBytesPerOp  = "bop"      // B/op
	FigureAllocsPerOp = "allocsop" // allocs/op
)

var figureKinds = []string{FigureWall, FigureCPU, FigureCPURatio, FigureSpeedup, FigureOutput, FigureCPUs,
	FigureNsPerOp, FigureBytesPerOp, FigureAllocsPerOp}

// A Figure is a measured value cited in a lesson's prose, such as
// {{wall primes@2}}: filled in when the site is built, from the real run.
type Figure struct {
	// Line and Col are the position of its "{{" in the lesson.
	Line, Col int
	// Text is the figure as written, braces included.
	Text    string
	Kind    string // a Figure* constant
	Program *Program
	// Procs is the GOMAXPROCS value after @, or 0 for a program that runs
	// once.
	Procs int
	// N is the 1-based output line, for FigureOutput.
	N int
	// Bench is the benchmark's name, for the benchmark kinds; then Procs
	// is its -cpu value, or 0 for the only one.
	Bench string
}

// KindFigure is the kind of a FigureNode in a lesson's Doc.
var KindFigure = ast.NewNodeKind("WorkbookFigure")

// A FigureNode stands for a figure in a lesson's Doc, in place of the
// text it was written as. Renderers that do not know it show nothing.
type FigureNode struct {
	ast.BaseInline
	Figure *Figure
}

func (n *FigureNode) Kind() ast.NodeKind { return KindFigure }

func (n *FigureNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Figure": n.Figure.Text}, nil)
}

// Figures returns the lesson's figures in document order.
func (l *Lesson) Figures() []*Figure {
	var figs []*Figure
	if l.Doc == nil {
		return nil
	}
	_ = ast.Walk(l.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*FigureNode); ok && entering {
			figs = append(figs, f.Figure)
		}
		return ast.WalkContinue, nil
	})
	return figs
}

// Run returns the run f cites from r: the one with f's GOMAXPROCS value,
// or the only one. It is nil when there is no such run (the program did
// not build, or was not run).
func (f *Figure) Run(r *runner.Result) *runner.Run {
	if r == nil || len(r.Runs) == 0 {
		return nil
	}
	if f.Procs == 0 {
		return &r.Runs[0]
	}
	for i := range r.Runs {
		if r.Runs[i].GOMAXPROCS == f.Procs {
			return &r.Runs[i]
		}
	}
	return nil
}

// OutputLine returns line f.N of run's output as Check counts lines
// (blank lines at the start skipped, trailing white space dropped), with
// positions mapped to the lesson. ok is false when there is no such line.
func (f *Figure) OutputLine(run *runner.Run) (line string, ok bool) {
	got := make([]string, len(run.Output))
	for i, l := range run.Output {
		got[i] = l.Text
	}
	got = trimLines(got)
	if f.N < 1 || f.N > len(got) {
		return "", false
	}
	return f.Program.MapPositions(got[f.N-1]), true
}

// figures finds the figures in the lesson's prose, checks them against
// its programs, and puts a FigureNode in place of each in l.Doc. Code
// spans, code blocks, autolinks and raw HTML are left alone.
func (p *lessonParser) figures() {
	named := map[string]*Program{}
	for _, prog := range p.l.Programs {
		if prog.Name != "" {
			named[prog.Name] = prog
		}
	}
	var walk func(n ast.Node, where string)
	walk = func(n ast.Node, where string) {
		switch n.(type) {
		case *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.AutoLink, *ast.RawHTML, *ast.HTMLBlock:
			return
		case *ast.Heading:
			where = "a heading: the table of contents and search show headings as plain text"
		case *ast.Image:
			where = "an image's description"
		}
		for c := n.FirstChild(); c != nil; {
			if _, ok := c.(*ast.Text); !ok {
				walk(c, where)
				c = c.NextSibling()
				continue
			}
			c = p.textRun(c.(*ast.Text), named, where)
		}
	}
	if p.l.Doc != nil {
		walk(p.l.Doc, "")
	}
}

// textRun looks for figures in the run of adjacent text nodes that starts
// at first (goldmark may split a line of text into several), replaces
// the run if it holds any, and returns the node after the run.
func (p *lessonParser) textRun(first *ast.Text, named map[string]*Program, where string) ast.Node {
	last := first
	for !last.SoftLineBreak() && !last.HardLineBreak() && !last.IsRaw() {
		next, ok := last.NextSibling().(*ast.Text)
		if !ok || next.IsRaw() || next.Segment.Start != last.Segment.Stop {
			break
		}
		last = next
	}
	after := last.NextSibling()
	start, stop := first.Segment.Start, last.Segment.Stop
	src := p.l.Source
	var pieces []ast.Node
	from := start
	for i := start; i+1 < stop; i++ {
		if src[i] != '{' || src[i+1] != '{' || (i > start && src[i-1] == '\\') {
			continue
		}
		end := strings.Index(string(src[i:stop]), "}}")
		if end < 0 {
			p.errs.errorf(p.l.File, p.lineOf(i), p.colOf(i),
				"unclosed figure: {{ needs }} on the same line (to write {{ itself, put it in `code` or write \\{{)")
			break
		}
		end += i + 2
		f := p.figure(string(src[i:end]), i, named)
		if f != nil && where != "" {
			p.errs.errorf(p.l.File, f.Line, f.Col, "%s: a figure cannot go in %s", f.Text, where)
		}
		if f != nil {
			if i > from {
				pieces = append(pieces, ast.NewTextSegment(text.NewSegment(from, i)))
			}
			fn := &FigureNode{Figure: f}
			pieces = append(pieces, fn)
			from = end
		}
		i = end - 1
	}
	if len(pieces) == 0 {
		return after
	}
	// The last piece keeps the run's line break.
	if from < stop || last.SoftLineBreak() || last.HardLineBreak() {
		tail := ast.NewTextSegment(text.NewSegment(from, stop))
		tail.SetSoftLineBreak(last.SoftLineBreak())
		tail.SetHardLineBreak(last.HardLineBreak())
		pieces = append(pieces, tail)
	}
	parent := first.Parent()
	for _, piece := range pieces {
		parent.InsertBefore(parent, first, piece)
	}
	for n := ast.Node(first); n != after; {
		next := n.NextSibling()
		parent.RemoveChild(parent, n)
		n = next
	}
	return after
}

// figure parses and checks one figure, "{{wall primes@2}}", that starts
// at offset off. It reports a problem and returns nil if it is wrong.
func (p *lessonParser) figure(src string, off int, named map[string]*Program) *Figure {
	f := &Figure{Line: p.lineOf(off), Col: p.colOf(off), Text: src}
	if err := f.parse(strings.TrimSuffix(strings.TrimPrefix(src, "{{"), "}}"), named); err != nil {
		p.errs.errorf(p.l.File, f.Line, f.Col, "%s: %v", src, err)
		return nil
	}
	return f
}

// figureHelp is how a figure is written, for error messages.
const figureHelp = "want {{KIND NAME}}, {{KIND NAME@GOMAXPROCS}} or {{output NAME LINE}}, like {{wall primes}}"

// parse sets f from the words between the braces and checks them
// against the lesson's named programs.
func (f *Figure) parse(body string, named map[string]*Program) error {
	words := strings.Fields(body)
	if len(words) == 0 {
		return fmt.Errorf("empty figure: %s", figureHelp)
	}
	f.Kind = words[0]
	if !slices.Contains(figureKinds, f.Kind) {
		return fmt.Errorf("unknown figure %q (valid: %s; to write {{ itself, put it in `code` or write \\{{)",
			f.Kind, strings.Join(figureKinds, ", "))
	}
	if len(words) < 2 {
		return fmt.Errorf("no program named: %s", figureHelp)
	}
	name, procs, hasProcs := strings.Cut(words[1], "@")
	if hasProcs {
		n, err := strconv.Atoi(procs)
		if err != nil || n < 1 {
			return fmt.Errorf("bad GOMAXPROCS value @%s: want a positive integer, like %s@2", procs, name)
		}
		f.Procs = n
	}
	wantWords := 2
	if f.benchKind() {
		wantWords = 3
		if len(words) < 3 || !strings.HasPrefix(words[2], "Benchmark") {
			return fmt.Errorf("no benchmark named: want {{%s %s BenchmarkNAME}}", f.Kind, words[1])
		}
		f.Bench = words[2]
	}
	if f.Kind == FigureOutput {
		wantWords = 3
		if len(words) < 3 {
			return fmt.Errorf("no line number: want {{output %s LINE}}, LINE counting from 1", words[1])
		}
		n, err := strconv.Atoi(words[2])
		if err != nil || n < 1 {
			return fmt.Errorf("bad line number %q: want an integer from 1", words[2])
		}
		f.N = n
	}
	if len(words) > wantWords {
		return fmt.Errorf("unexpected %q: %s", words[wantWords], figureHelp)
	}
	f.Program = named[name]
	if f.Program == nil {
		return noProgram(name, named)
	}
	return f.check()
}

// noProgram explains that a figure names no program of the lesson.
func noProgram(name string, named map[string]*Program) error {
	var names []string
	for n := range named {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return fmt.Errorf("no program named %q: figures cite programs by their name= attribute, and this lesson names none", name)
	}
	return fmt.Errorf("no program named %q in this lesson (named programs: %s)", name, strings.Join(names, ", "))
}

// check checks that f's program has what f cites.
func (f *Figure) check() error {
	a, name := &f.Program.Attrs, f.Program.Name
	procs := a.GOMAXPROCS
	sweep := len(procs) > 0
	switch {
	case a.NoRun:
		return fmt.Errorf("program %q is norun: it is never run, so there is nothing to measure", name)
	case f.benchKind():
		return f.checkBench()
	case f.Kind == FigureCPUs && f.Procs > 0:
		return fmt.Errorf("cpus is the machine's CPU count, the same for every run: write {{cpus %s}}", name)
	case f.Kind == FigureSpeedup && !sweep:
		return fmt.Errorf("speedup compares the runs of a program with gomaxprocs=..., and %q has no gomaxprocs", name)
	case f.Procs > 0 && !sweep:
		return fmt.Errorf("program %q has no gomaxprocs, so it runs once: drop @%d", name, f.Procs)
	case f.Procs > 0 && !slices.Contains(procs, f.Procs):
		return fmt.Errorf("program %q runs with gomaxprocs=%s, not %d", name, joinInts(procs), f.Procs)
	case sweep && f.Procs == 0 && f.Kind != FigureCPUs:
		return fmt.Errorf("program %q runs once per gomaxprocs value (%s): say which, like %s",
			name, joinInts(procs), strings.Replace(f.Text, name, name+"@"+strconv.Itoa(procs[len(procs)-1]), 1))
	case f.Kind == FigureSpeedup && f.Procs == procs[0]:
		return fmt.Errorf("speedup is against the first value, GOMAXPROCS=%d, so it is always 1.00×: cite another value", procs[0])
	}
	if e := f.Program.Expect; f.Kind == FigureOutput && e != nil {
		if e.Unordered {
			return fmt.Errorf("program %q has unordered output, so its line %d changes from run to run", name, f.N)
		}
		if n := len(outputLines(e.Text)); f.N > n {
			return fmt.Errorf("program %q's output block (line %d) has %d lines, so there is no line %d", name, e.Line, n, f.N)
		}
	}
	return nil
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
