package runner

import "testing"

func TestPrintable(t *testing.T) {
	tests := map[string]string{
		"plain text, tabs\tand\nnewlines": "plain text, tabs\tand\nnewlines",
		"héllo, 世界":                       "héllo, 世界",
		"\x1b]52;c;ZXZpbA==\x07":          `\x1b]52;c;ZXZpbA==\x07`,
		"\x1b[31mred\x1b[0m":              `\x1b[31mred\x1b[0m`,
		"over\rwrite":                     `over\rwrite`,
		"nul\x00 del\x7f":                 `nul\x00 del\x7f`,
		"bad \xff\xfe utf-8":              "bad \uFFFD\uFFFD utf-8",
		"c1 \u009b csi":                   `c1 \u009b csi`,
		"abc\u202edcba":                   `abc\u202edcba`,
	}
	for in, want := range tests {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
