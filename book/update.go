package book

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/workbook-dev/workbook/runner"
)

// ErrNothingToUpdate is UpdateOutput's error when the program's output
// already matches, or it has no output block to rewrite.
var ErrNothingToUpdate = errors.New("nothing to update")

// UpdateOutput returns src, the lesson file of p as it is now (with its
// front matter), with p's output block rewritten to match what res
// printed, and nothing else changed. Expected lines that still match
// are kept as written (a line with "...", a "..." line and the
// unordered attribute keep their meaning); the others give way to the
// printed lines. With several runs (gomaxprocs=...), the first run whose
// output does not match is the one written. It fails when src is not the
// file p was parsed from, and with ErrNothingToUpdate when there is no
// mismatch to fix.
func UpdateOutput(src []byte, p *Program, res *runner.Result) ([]byte, error) {
	e := p.Expect
	if e == nil || res == nil || !res.Build.OK {
		return nil, ErrNothingToUpdate
	}
	if strings.Trim(e.indent, " ") != "" {
		return nil, fmt.Errorf("%s:%d: the output block is in a block quote or on a list item's line: rewrite it by hand", p.Lesson.File, e.Line)
	}
	if e.end < 0 {
		return nil, fmt.Errorf("%s:%d: the output block has no closing fence", p.Lesson.File, e.Line)
	}
	if len(src) != len(p.Lesson.Source) || !bytes.Equal(src[e.start:e.end], p.Lesson.Source[e.start:e.end]) {
		return nil, fmt.Errorf("%s: the file changed since it was read", p.Lesson.File)
	}
	for i := range res.Runs {
		got := p.mappedOutput(&res.Runs[i])
		if v := p.checkOutput(got); v.Status == StatusPass {
			continue
		}
		var b bytes.Buffer
		for _, l := range newExpected(e, outputLines(e.Text), got) {
			b.WriteString(strings.TrimRight(e.indent+l, " \t") + "\n")
		}
		return slices.Concat(src[:e.start], b.Bytes(), src[e.end:]), nil
	}
	return nil, ErrNothingToUpdate
}

// mappedOutput is a run's output as checkRun compares it.
func (p *Program) mappedOutput(run *runner.Run) []string {
	got := make([]string, len(run.Output))
	for i, l := range run.Output {
		got[i] = p.MapPositions(l.Text)
	}
	return trimLines(got)
}

// newExpected returns the expected lines that match got, keeping as many
// of want's as still match.
func newExpected(e *Expect, want, got []string) []string {
	var out []string
	if e.Unordered {
		missing, extra := matchUnordered(want, got)
		out = slices.Clone(want)
		for _, m := range missing {
			if i := slices.Index(out, m); i >= 0 {
				out = slices.Delete(out, i, i+1)
			}
		}
		out = append(out, extra...)
		if m, x := matchUnordered(out, got); len(m) == 0 && len(x) == 0 {
			return out
		}
		return got
	}
	d := align(want, got)
	if out = fromAlignment(want, d); d != nil && matchOrdered(out, got) {
		return out
	}
	return got
}

// fromAlignment writes new expected lines from an alignment: matched
// lines as expected, printed lines where expected ones were missing.
// The shortest diff lets a "..." line take the printed lines that stand
// where missing expected lines were (its run ends with them); those are
// written out instead, so "old end" becomes "new end" rather than being
// swallowed by the "..." before it.
func fromAlignment(want []string, d []diffLine) []string {
	var out, run []string // run: the lines the current "..." took
	last := -1            // the last "..." line written
	for k := 0; k < len(d); k++ {
		l := d[k]
		switch {
		case l.op == '+':
			out, run = append(out, l.text), nil
		case l.op == '-':
			n := 1
			for k+n < len(d) && d[k+n].op == '-' {
				n++
			}
			n = min(n, len(run))
			out, run = append(out, run[len(run)-n:]...), nil
			k += max(n, 1) - 1
		case isAnyLines(want[l.want]):
			if last != l.want {
				out, last = append(out, want[l.want]), l.want
			}
			if l.op == ' ' {
				run = append(run, l.text)
			}
		default:
			out, run = append(out, want[l.want]), nil
		}
	}
	return out
}
