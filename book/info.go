package book

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A word is one space-separated word of an info string and its byte
// offset in the string.
type word struct {
	text string
	off  int
}

// splitInfo splits an info string into words at white space outside
// double-quoted strings (in which a backslash escapes the next byte). An
// unterminated quote is reported by the caller when a value is parsed.
func splitInfo(info string) []word {
	var words []word
	start := -1
	inQuote := false
	for i := 0; i < len(info); i++ {
		c := info[i]
		switch {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case !inQuote && (c == ' ' || c == '\t'):
			if start >= 0 {
				words = append(words, word{info[start:i], start})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		words = append(words, word{info[start:], start})
	}
	return words
}

// maxProcs bounds gomaxprocs values: each value is a separate run, and
// more processors than any machine has only measures the scheduler.
const maxProcs = 1024

func parseProcs(val string) ([]int, error) {
	var procs []int
	for f := range strings.SplitSeq(val, ",") {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > maxProcs {
			return nil, fmt.Errorf("%q is not an integer from 1 to %d", f, maxProcs)
		}
		if slices.Contains(procs, n) {
			return nil, fmt.Errorf("%d appears twice", n)
		}
		procs = append(procs, n)
	}
	return procs, nil
}

// parseArgs unquotes a Go double-quoted string and splits it into fields
// at white space, so an argument cannot itself contain white space. A bare
// word without quotes is one argument.
func parseArgs(val string) ([]string, error) {
	if !strings.HasPrefix(val, `"`) {
		if strings.ContainsAny(val, `"'`+"`") {
			return nil, fmt.Errorf("misplaced quote")
		}
		return []string{val}, nil
	}
	s, err := strconv.Unquote(val)
	if err != nil {
		return nil, fmt.Errorf("not a valid Go string")
	}
	return strings.Fields(s), nil
}
