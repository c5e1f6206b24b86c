package book

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// validAttrs is shown when an attribute is unknown.
const validAttrs = `name=ID, norun, skip, exit=N, timeout=DUR, race, gomaxprocs=N,N,..., trace, exclusive, args="..."`

var nameRE = regexp.MustCompile(`^[a-z0-9-]+$`)

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

// attrSet records which attributes a block sets, each with its value in
// canonical form, so that parts of one program can be compared.
type attrSet map[string]string

// parseAttrs parses the words after "go". report is called with the byte
// offset of a bad word in the info string.
func parseAttrs(words []word, report func(off int, format string, args ...any)) (Attrs, attrSet) {
	var a Attrs
	set := attrSet{}
	for _, w := range words {
		key, val, hasVal := strings.Cut(w.text, "=")
		if _, dup := set[key]; dup {
			report(w.off, "duplicate attribute %s", key)
			continue
		}
		canon, err := a.set(key, val, hasVal)
		if err != nil {
			report(w.off, "%v", err)
			continue
		}
		set[key] = canon
	}
	return a, set
}

// set applies one attribute and returns its value in canonical form.
func (a *Attrs) set(key, val string, hasVal bool) (string, error) {
	switch key {
	case "norun", "skip", "race", "trace", "exclusive":
		if hasVal {
			return "", fmt.Errorf("%s takes no value (got %s=%s)", key, key, val)
		}
		switch key {
		case "norun":
			a.NoRun = true
		case "skip":
			a.Skip = true
		case "race":
			a.Race = true
		case "trace":
			a.Trace = true
		case "exclusive":
			a.Exclusive = true
		}
		return "", nil
	}
	if !hasVal {
		if _, ok := attrHelp[key]; ok {
			return "", fmt.Errorf("%s needs a value: %s", key, attrHelp[key])
		}
		return "", fmt.Errorf("unknown attribute %q (valid: %s)", key, validAttrs)
	}
	switch key {
	case "name":
		if !nameRE.MatchString(val) {
			return "", fmt.Errorf("bad name=%s: %s", val, attrHelp[key])
		}
		a.Name = val
		return val, nil
	case "exit":
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 || n > 255 {
			return "", fmt.Errorf("bad exit=%s: %s", val, attrHelp[key])
		}
		a.Exit = n
		return strconv.Itoa(n), nil
	case "timeout":
		d, err := time.ParseDuration(val)
		if err != nil || d <= 0 {
			return "", fmt.Errorf("bad timeout=%s: %s", val, attrHelp[key])
		}
		a.Timeout = d
		return d.String(), nil
	case "gomaxprocs":
		procs, err := parseProcs(val)
		if err != nil {
			return "", fmt.Errorf("bad gomaxprocs=%s: %v: %s", val, err, attrHelp[key])
		}
		a.GOMAXPROCS = procs
		return fmt.Sprint(procs), nil
	case "args":
		args, err := parseArgs(val)
		if err != nil {
			return "", fmt.Errorf("bad args=%s: %v: %s", val, err, attrHelp[key])
		}
		a.Args = args
		return fmt.Sprintf("%q", args), nil
	}
	return "", fmt.Errorf("unknown attribute %q (valid: %s)", key, validAttrs)
}

// attrHelp says what each attribute with a value expects.
var attrHelp = map[string]string{
	"name":       "want lower-case letters, digits and hyphens, like name=worker-pool",
	"exit":       "want an exit status from 0 to 255, like exit=2",
	"timeout":    "want a positive Go duration, like timeout=30s",
	"gomaxprocs": "want positive integers separated by commas, like gomaxprocs=1,2,4",
	"args":       `want a double-quoted string of space-separated arguments, like args="-n 3 input.txt"`,
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
