package site

import (
	"bytes"
)

// script returns a script as published: without its comments and the
// spaces the people who read the source need but a browser does not. It
// keeps every lesson page, with its CSS and JS, under the page budget
// (size_test.go). Line breaks stay, so automatic semicolon insertion
// reads the code as it did, and strings and regular expressions are
// copied as they are.
func script(src []byte) []byte {
	var out bytes.Buffer
	for line := range bytes.Lines(src) {
		t := bytes.TrimLeft(line, " \t")
		if bytes.HasPrefix(t, []byte("//")) || len(bytes.TrimSpace(t)) == 0 {
			continue
		}
		out.Write(squeeze(t))
	}
	return out.Bytes()
}

// squeeze drops a line's comments and the spaces that separate nothing:
// a space stays only between two characters of names, numbers or
// keywords, beside a slash, between two pluses or two minuses, and
// before a dot after a digit. It knows the line's strings ('…', "…")
// and regular expressions, whose spaces it keeps; the scripts have no
// template literals and no comment or string that spans lines.
func squeeze(line []byte) []byte {
	out := make([]byte, 0, len(line))
	// last is the last character written that is not a space: it tells
	// a regular expression's slash from a division's.
	last := byte(0)
	lastWord := func() []byte {
		i := len(out)
		for i > 0 && isWord(out[i-1]) {
			i--
		}
		return out[i:]
	}
	pending := false // spaces seen since last
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			pending = true
			continue
		case c == '\n' || c == '\r':
			pending = false
			out = bytes.TrimRight(out, " \t")
			out = append(out, c)
			last = 0
			continue
		case c == '/' && i+1 < len(line) && line[i+1] == '/':
			i = len(line) - 1 // a comment to the end of the line; keep the line break
			if line[i] != '\n' {
				i = len(line)
			}
			i--
			pending = false
			continue
		case c == '/' && i+1 < len(line) && line[i+1] == '*':
			end := bytes.Index(line[i+2:], []byte("*/"))
			if end < 0 {
				return line // a comment that spans lines: leave the line as it is
			}
			i += 2 + end + 1
			pending = true
			continue
		}
		if pending && last != 0 && keepSpace(last, c) {
			out = append(out, ' ')
		}
		pending = false
		start := i
		switch {
		case c == '"' || c == '\'':
			for i++; i < len(line) && line[i] != c; i++ {
				if line[i] == '\\' {
					i++
				}
			}
		case c == '/' && (last == 0 || bytes.IndexByte([]byte("(,=:[!&|?{};"), last) >= 0 || bytes.Equal(lastWord(), []byte("return")) || bytes.Equal(lastWord(), []byte("typeof"))):
			class := false
			for i++; i < len(line) && (class || line[i] != '/'); i++ {
				switch line[i] {
				case '\\':
					i++
				case '[':
					class = true
				case ']':
					class = false
				}
			}
		}
		if i >= len(line) {
			return line // an unclosed string or expression: leave the line as it is
		}
		out = append(out, line[start:i+1]...)
		last = line[i]
	}
	return out
}

func isWord(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// keepSpace reports whether a space between a and b is needed.
func keepSpace(a, b byte) bool {
	return isWord(a) && isWord(b) || a == '/' || b == '/' || a == b && (a == '+' || a == '-') ||
		b == '.' && a >= '0' && a <= '9'
}
