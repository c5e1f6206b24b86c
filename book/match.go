package book

import (
	"fmt"
	"slices"
	"strings"
)

// Output matching follows the lesson format (doc.go): trailing white space on each line and
// blank lines at the start and end are ignored, and "..." in an expected
// line matches any run of characters (possibly none).

// outputLines splits text into lines without trailing white space and
// drops blank lines at the start and end.
func outputLines(text string) []string {
	text = strings.TrimSuffix(text, "\n")
	return trimLines(strings.Split(text, "\n"))
}

func trimLines(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, strings.TrimRight(l, " \t\r\n\v\f"))
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// matchLine reports whether line matches the expected line want.
func matchLine(want, line string) bool {
	parts := strings.Split(want, "...")
	if len(parts) == 1 {
		return want == line
	}
	first, last := parts[0], parts[len(parts)-1]
	if !strings.HasPrefix(line, first) {
		return false
	}
	rest := line[len(first):]
	// Leftmost matches of the middle parts leave the most room for the rest.
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return strings.HasSuffix(rest, last)
}

// anyLines is an expected line that matches any number of lines,
// including none: a race report, a stack trace, the middle of a listing.
const anyLines = "..."

// isAnyLines reports whether an expected line is anyLines (white space
// around it aside).
func isAnyLines(want string) bool { return strings.TrimSpace(want) == anyLines }

// matchOrdered reports whether got matches want line by line, an
// anyLines line matching any run of lines. It is glob matching with lines
// for characters: on a mismatch, the last anyLines takes one more line.
func matchOrdered(want, got []string) bool {
	i, j := 0, 0
	star, mark := -1, 0
	for j < len(got) {
		switch {
		case i < len(want) && isAnyLines(want[i]):
			star, mark = i, j
			i++
		case i < len(want) && matchLine(want[i], got[j]):
			i, j = i+1, j+1
		case star >= 0:
			mark++
			i, j = star+1, mark
		default:
			return false
		}
	}
	for i < len(want) && isAnyLines(want[i]) {
		i++
	}
	return i == len(want)
}

// matchUnordered pairs expected lines with actual lines in any order and
// returns the lines left over on either side.
func matchUnordered(want, got []string) (missing, extra []string) {
	// An anyLines line takes every line the others leave.
	if slices.ContainsFunc(want, isAnyLines) {
		missing, _ = matchUnordered(slices.DeleteFunc(slices.Clone(want), isAnyLines), got)
		return missing, nil
	}
	// Literal lines first: equal actual lines are interchangeable, so
	// pairing them greedily never costs a pattern its match.
	avail := map[string]int{}
	for _, g := range got {
		avail[g]++
	}
	var patterns []string
	for _, w := range want {
		switch {
		case strings.Contains(w, "..."):
			patterns = append(patterns, w)
		case avail[w] > 0:
			avail[w]--
		default:
			missing = append(missing, w)
		}
	}
	var rest []string
	for _, g := range got {
		if avail[g] > 0 {
			avail[g]--
			rest = append(rest, g)
		}
	}
	// Patterns may overlap, so pair them by maximum bipartite matching
	// (augmenting paths).
	owner := make([]int, len(rest)) // index into patterns + 1; 0 is free
	var augment func(pi int, seen []bool) bool
	augment = func(pi int, seen []bool) bool {
		for gi, g := range rest {
			if seen[gi] || !matchLine(patterns[pi], g) {
				continue
			}
			seen[gi] = true
			if owner[gi] == 0 || augment(owner[gi]-1, seen) {
				owner[gi] = pi + 1
				return true
			}
		}
		return false
	}
	matched := make([]bool, len(patterns))
	for pi := range patterns {
		matched[pi] = augment(pi, make([]bool, len(rest)))
	}
	for pi, ok := range matched {
		if !ok {
			missing = append(missing, patterns[pi])
		}
	}
	for gi, g := range rest {
		if owner[gi] == 0 {
			extra = append(extra, g)
		}
	}
	return missing, extra
}

// Diffs longer than this are cut: the first differences are the useful
// ones, and a runaway program can print a megabyte.
const (
	maxDiffLines = 100
	diffContext  = 3
	// maxDiffCells bounds the LCS table (want × got lines).
	maxDiffCells = 4 << 20
)

// diffOrdered returns a line diff of want against got: "- " lines are
// expected but missing, "+ " lines are printed but not expected, "  "
// lines match. Long runs of matching lines are elided.
func diffOrdered(want, got []string) string {
	d := align(want, got)
	if d == nil {
		return diffFirst(want, got)
	}
	var lines []string
	for _, l := range d {
		if l.op != '.' {
			lines = append(lines, string(l.op)+" "+l.text)
		}
	}
	return elide(lines)
}

// A diffLine is one line of an alignment of expected and printed lines.
type diffLine struct {
	op   byte // ' ' both (or taken by a "..." line), '-' expected only, '+' printed only, '.' a "..." line ends
	text string
	// want is the index of the expected line it stands at: the line it
	// matched or is missing, or the one a printed line comes before.
	want int
}

// align pairs want with got by longest common subsequence, a "..." line
// taking any run of printed lines. It returns nil when the outputs are
// too long to align.
func align(want, got []string) []diffLine {
	if (len(want)+1)*(len(got)+1) > maxDiffCells {
		return nil
	}
	lcs := lcsTable(want, got)
	var lines []diffLine
	i, j := 0, 0
	for i < len(want) || j < len(got) {
		switch {
		case i < len(want) && isAnyLines(want[i]):
			if j < len(got) && lcs[i][j] == lcs[i][j+1]+1 {
				lines = append(lines, diffLine{' ', got[j], i})
				j++
			} else {
				lines = append(lines, diffLine{'.', want[i], i})
				i++
			}
		case i < len(want) && j < len(got) && matchLine(want[i], got[j]) && lcs[i][j] == lcs[i+1][j+1]+1:
			lines = append(lines, diffLine{' ', got[j], i})
			i, j = i+1, j+1
		case j < len(got) && (i == len(want) || lcs[i][j+1] > lcs[i+1][j]):
			lines = append(lines, diffLine{'+', got[j], i})
			j++
		default:
			lines = append(lines, diffLine{'-', want[i], i})
			i++
		}
	}
	return lines
}

// lcsTable returns lcs, where lcs[i][j] is the length of the longest
// common subsequence of want[i:] and got[j:], a line taken by "..."
// counting as common.
func lcsTable(want, got []string) [][]int32 {
	lcs := make([][]int32, len(want)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(got)+1)
	}
	for i := len(want) - 1; i >= 0; i-- {
		for j := len(got) - 1; j >= 0; j-- {
			switch {
			case isAnyLines(want[i]):
				// It takes got[j] (a match) or nothing more.
				lcs[i][j] = max(lcs[i][j+1]+1, lcs[i+1][j])
			case matchLine(want[i], got[j]):
				lcs[i][j] = lcs[i+1][j+1] + 1
			default:
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	return lcs
}

// firstDifference returns the index of the expected line where want and
// got first differ (len(want) when got has lines past the end).
func firstDifference(want, got []string) int {
	d := align(want, got)
	if d == nil {
		i := 0
		for i < len(want) && i < len(got) && matchLine(want[i], got[i]) {
			i++
		}
		return i
	}
	for _, l := range d {
		if l.op == '-' || l.op == '+' {
			return l.want
		}
	}
	return len(want)
}

// diffFirst describes the first difference when the outputs are too long
// for a full diff.
func diffFirst(want, got []string) string {
	i := 0
	for i < len(want) && i < len(got) && matchLine(want[i], got[i]) {
		i++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  (%d lines expected, %d printed; first difference at output line %d)\n", len(want), len(got), i+1)
	if i < len(want) {
		fmt.Fprintf(&b, "- %s\n", want[i])
	}
	if i < len(got) {
		fmt.Fprintf(&b, "+ %s\n", got[i])
	}
	return b.String()
}

// elide keeps diffContext matching lines around each change and caps the
// diff at maxDiffLines.
func elide(lines []string) string {
	keep := make([]bool, len(lines))
	for i, l := range lines {
		if !strings.HasPrefix(l, "  ") {
			for k := max(0, i-diffContext); k <= min(len(lines)-1, i+diffContext); k++ {
				keep[k] = true
			}
		}
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(lines); i++ {
		if n == maxDiffLines {
			fmt.Fprintf(&b, "  [diff cut after %d lines]\n", maxDiffLines)
			break
		}
		if keep[i] {
			b.WriteString(lines[i])
			b.WriteByte('\n')
			n++
			continue
		}
		skipped := 0
		for i < len(lines) && !keep[i] {
			skipped++
			i++
		}
		i--
		fmt.Fprintf(&b, "  [%d matching lines]\n", skipped)
		n++
	}
	return b.String()
}

// diffUnordered lists the lines left over by matchUnordered.
func diffUnordered(missing, extra []string) string {
	var lines []string
	for _, m := range missing {
		lines = append(lines, "- "+m)
	}
	for _, e := range extra {
		lines = append(lines, "+ "+e)
	}
	return elide(lines)
}
