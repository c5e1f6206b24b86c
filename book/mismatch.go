package book

import "strings"

// firstDiff returns the index of the first expected line that got does
// not match, len(want) when got has more lines.
func firstDiff(want, got []string) int {
	i := 0
	for i < len(want) && i < len(got) && matchLine(want[i], got[i]) {
		i++
	}
	return i
}

// firstMissing returns the index of the first expected line among
// missing (lines left unmatched by matchUnordered), len(want) when none
// is missing.
func firstMissing(want, missing []string) int {
	left := map[string]int{}
	for _, m := range missing {
		left[m]++
	}
	for i, w := range want {
		if left[w] > 0 {
			return i
		}
	}
	return len(want)
}

// lessonLine returns the lesson line of expected line i, as numbered by
// outputLines (blank lines at the start dropped); past the last line, the
// line after it.
func (e *Expect) lessonLine(i int) int {
	lead := 0
	for line := range strings.Lines(e.Text) {
		if strings.TrimSpace(line) != "" {
			break
		}
		lead++
	}
	return e.Line + 1 + lead + i
}
