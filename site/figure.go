package site

import (
	"fmt"
	"html"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// figure writes a figure of the prose ({{wall primes@2}}) as the value
// measured when the site was built, formatted as in the result panel,
// linked to the program's result and titled with what was measured. A
// figure without a measurement (the program failed to build, or was not
// run) is a visible placeholder, never a number.
func (lr *lessonRenderer) figure(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	f := node.(*book.FigureNode).Figure
	value, title, code := figureValue(f, lr.r.results[f.Program])
	cls := "fig"
	if value == "" {
		cls, value = "fig none", "[not measured]"
	}
	if code {
		value = "<code>" + html.EscapeString(value) + "</code>"
	} else {
		value = html.EscapeString(value)
	}
	attrs := fmt.Sprintf(`class="%s" title="%s"`, cls, html.EscapeString(title))
	if inLink(node) {
		// A link cannot hold another.
		_, _ = fmt.Fprintf(w, `<span %s>%s</span>`, attrs, value)
	} else {
		_, _ = fmt.Fprintf(w, `<a %s href="#%s">%s</a>`, attrs, f.Program.ResultAnchor(), value)
	}
	return ast.WalkSkipChildren, nil
}

func inLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindLink {
			return true
		}
	}
	return false
}

// figureValue returns the text of f from res and a title that says what
// it is and where it was measured. value is "" when there is nothing to
// show; then title says why. code reports that value is program output.
func figureValue(f *book.Figure, res *runner.Result) (value, title string, code bool) {
	name := f.Program.Name
	switch {
	case res == nil:
		return "", name + " has not been run", false
	case !res.Build.OK:
		return "", name + " did not build, so it has no measurements", false
	}
	where := "Measured when this site was built"
	if env := res.Env.String(); env != "" {
		where += ", on " + env
	}
	if f.Kind == book.FigureCPUs {
		return strconv.Itoa(res.Env.NumCPU), "CPUs of the machine that ran " + name + ". " + where, false
	}
	if f.Bench != "" {
		return benchFigure(f, res, where)
	}
	run := f.Run(res)
	if run == nil {
		return "", name + " has no run" + procsText(f.Procs), false
	}
	what := figureWhat(f, res) + procsText(f.Procs)
	if n := len(run.Samples); n > 1 {
		lo, hi := run.Spread()
		what += fmt.Sprintf(" (from the run with the median wall time of %d; they took %s to %s)", n, duration(lo), duration(hi))
	}
	what += ". " + where
	cpu := run.User + run.System
	switch f.Kind {
	case book.FigureWall:
		return duration(run.Wall), what, false
	case book.FigureCPU:
		return duration(cpu), what, false
	case book.FigureCPURatio:
		if run.Wall > 0 {
			return fmt.Sprintf("%.2f", cpu.Seconds()/run.Wall.Seconds()), what, false
		}
	case book.FigureSpeedup:
		if run.Wall > 0 {
			return fmt.Sprintf("%.2f×", res.Runs[0].Wall.Seconds()/run.Wall.Seconds()), what, false
		}
	case book.FigureOutput:
		if line, ok := f.OutputLine(run); ok {
			return line, what, true
		}
		return "", fmt.Sprintf("%s printed fewer than %d lines", name, f.N), false
	}
	return "", name + " ran for no measurable time", false
}

// figureWhat names what a figure shows, for its title.
func figureWhat(f *book.Figure, res *runner.Result) string {
	name := f.Program.Name
	switch f.Kind {
	case book.FigureWall:
		return "Wall time of " + name
	case book.FigureCPU:
		return "CPU time (user + system) of " + name
	case book.FigureCPURatio:
		return "CPU time ÷ wall time of " + name
	case book.FigureSpeedup:
		return fmt.Sprintf("Speedup of %s: its wall time with GOMAXPROCS=%d ÷ its wall time", name, res.Runs[0].GOMAXPROCS)
	case book.FigureOutput:
		return fmt.Sprintf("Line %d of the output of %s", f.N, name)
	}
	return f.Kind + " of " + name
}

func procsText(procs int) string {
	if procs == 0 {
		return ""
	}
	return fmt.Sprintf(" with GOMAXPROCS=%d", procs)
}
