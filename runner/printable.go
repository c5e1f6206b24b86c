package runner

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Printable returns s, a program's output or a message quoting it, as it
// is safe to show on a terminal or a page: bytes that are not UTF-8
// become U+FFFD, and control characters (but tab and newline) and the
// characters that reorder text (bidirectional overrides) become visible
// escapes such as \x1b. A program's escape sequences can otherwise
// recolour, hide or rewrite what a reader sees, or write to their
// clipboard (OSC 52). Text that needs no change is returned as is.
func Printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 && r != '\t' && r != '\n', r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0, reorders(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r < 0xa0) || reorders(r) {
			return true
		}
	}
	return false
}

// reorders reports the Unicode bidirectional embedding, override and
// isolate controls, which make text display in another order than it is
// read.
func reorders(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}
