package book

import (
	"fmt"
	"strings"
)

// checkOutput compares what a program printed (lines trimmed as
// outputLines trims them, positions mapped) with its output block. A
// mismatch names the lesson line of the first difference, and says so
// when only white space differs, with tabs and spaces made visible.
func (p *Program) checkOutput(got []string) Verdict {
	e := p.Expect
	want := outputLines(e.Text)
	where := fmt.Sprintf("%s:%d", p.Lesson.File, e.Line)
	if e.Unordered {
		missing, extra := matchUnordered(want, got)
		if len(missing) == 0 && len(extra) == 0 {
			return Verdict{Status: StatusPass}
		}
		var v Verdict
		if m, x := matchUnordered(squashAll(want), squashAll(got)); len(m) == 0 && len(x) == 0 {
			v = fail(ReasonMismatch, fmt.Sprintf("output differs from the unordered output block at %s only in white space (%s):\n%s",
				where, visibleKey, visibleDiff(diffUnordered(missing, extra))))
		} else {
			v = fail(ReasonMismatch, fmt.Sprintf("output does not match the unordered output block at %s (- expected, + printed):\n%s",
				where, diffUnordered(missing, extra)))
		}
		v.Line = e.lineOf(firstMissing(want, missing))
		return v
	}
	if matchOrdered(want, got) {
		return Verdict{Status: StatusPass}
	}
	line := e.lineOf(firstDifference(want, got))
	first := fmt.Sprintf("%s:%d", p.Lesson.File, line)
	var v Verdict
	if matchOrdered(squashAll(want), squashAll(got)) {
		v = fail(ReasonMismatch, fmt.Sprintf("output differs from the output block at %s only in white space (%s); first difference at %s:\n%s",
			where, visibleKey, first, visibleDiff(diffOrdered(want, got))))
	} else {
		v = fail(ReasonMismatch, fmt.Sprintf("output does not match the output block at %s (- expected, + printed); first difference at %s:\n%s",
			where, first, diffOrdered(want, got)))
	}
	v.Line = line
	return v
}

// lineOf returns the lesson line of expected line k (as outputLines
// numbers them: blank lines at the start dropped).
func (e *Expect) lineOf(k int) int {
	lead := 0
	for line := range strings.Lines(e.Text) {
		if strings.TrimSpace(line) != "" {
			break
		}
		lead++
	}
	return e.Line + 1 + lead + k
}

// squash makes white space insignificant: runs of spaces and tabs become
// one space, and leading ones go.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func squashAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = squash(l)
	}
	return out
}

const visibleKey = "- expected, + printed; tabs shown as →, spaces as ·"

// visibleDiff shows the white space of a diff's - and + lines.
func visibleDiff(diff string) string {
	var b strings.Builder
	for line := range strings.Lines(diff) {
		if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "+ ") {
			body := strings.TrimSuffix(line[2:], "\n")
			body = strings.NewReplacer("\t", "→", " ", "·").Replace(body)
			line = line[:2] + body + "\n"
		}
		b.WriteString(line)
	}
	return b.String()
}
