package book

import (
	"slices"
	"strings"
	"testing"
)

func TestMatchLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		want, line string
		ok         bool
	}{
		{"hello", "hello", true},
		{"hello", "hello!", false},
		{"hello", "", false},
		{"", "", true},
		{"took ...", "took 1.5s", true},
		{"took ...", "took ", true},
		{"took ...", "took", false},
		{"... done", "worker 3 done", true},
		{"... done", "worker 3 done!", false},
		{"a...b...c", "a-x-b-y-c", true},
		{"a...b...c", "abc", true},
		{"a...b...c", "acb", false},
		{"a...a", "a", false}, // prefix and suffix may not overlap
		{"a...a", "aa", true},
		{"x...", "y", false},
		{"...", "", true},
		{"...", "anything at all", true},
		{"0x...", "0xc000012345", true},
		{"ab...b...b", "abbb", true},
		{"ab...b...b", "abb", false},
	}
	for _, tt := range tests {
		if got := matchLine(tt.want, tt.line); got != tt.ok {
			t.Errorf("matchLine(%q, %q) = %v, want %v", tt.want, tt.line, got, tt.ok)
		}
	}
}

func TestOutputLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want []string
	}{
		{"", []string{}},
		{"\n\n", []string{}},
		{"a\n", []string{"a"}},
		{"\n\na  \t\nb\n\nc\t\n\n\n", []string{"a", "b", "", "c"}},
		{"a\r\nb\r\n", []string{"a", "b"}},
		{"  leading space kept\n", []string{"  leading space kept"}},
	}
	for _, tt := range tests {
		if got := outputLines(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("outputLines(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestMatchUnordered(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		want, got      []string
		missing, extra []string
	}{
		{"same order", lines("a b c"), lines("a b c"), nil, nil},
		{"any order", lines("a b c"), lines("c a b"), nil, nil},
		{"multiset counts", lines("a a b"), lines("a b b"), lines("a"), lines("b")},
		{"missing", lines("a b"), lines("a"), lines("b"), nil},
		{"extra", lines("a"), lines("a b"), nil, lines("b")},
		{"patterns", lines("w... w... done"), lines("done w2 w1"), nil, nil},
		// A greedy pairing would give "x..." the line "xy" and leave "...y"
		// without its only match.
		{"overlapping patterns", lines("x... ...y"), lines("xy xz"), nil, nil},
		{"pattern unmatched", lines("x... z"), lines("z y"), lines("x..."), lines("y")},
		{"literal before pattern", lines("... a"), lines("a b"), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			missing, extra := matchUnordered(tt.want, tt.got)
			if !slices.Equal(missing, tt.missing) || !slices.Equal(extra, tt.extra) {
				t.Errorf("matchUnordered(%q, %q) = %q, %q; want %q, %q", tt.want, tt.got, missing, extra, tt.missing, tt.extra)
			}
		})
	}
}

// lines splits a space-separated list, for short tables.
func lines(s string) []string {
	return strings.Fields(s)
}

func TestDiffOrdered(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		want, got []string
		diff      string
	}{
		{
			name: "changed line",
			want: lines("a b c"),
			got:  lines("a B c"),
			diff: "  a\n- b\n+ B\n  c\n",
		},
		{
			name: "missing and extra",
			want: lines("a b"),
			got:  lines("b c"),
			diff: "- a\n  b\n+ c\n",
		},
		{
			name: "pattern lines match",
			want: []string{"took ...", "end"},
			got:  []string{"took 3ms", "END"},
			diff: "  took 3ms\n- end\n+ END\n",
		},
		{
			name: "long runs elided",
			want: lines("1 2 3 4 5 6 7 8 9 x"),
			got:  lines("1 2 3 4 5 6 7 8 9 y"),
			diff: "  [6 matching lines]\n  7\n  8\n  9\n- x\n+ y\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := diffOrdered(tt.want, tt.got); got != tt.diff {
				t.Errorf("diff:\n%s\nwant:\n%s", got, tt.diff)
			}
		})
	}
}

func TestDiffCapped(t *testing.T) {
	t.Parallel()
	var want, got []string
	for i := range 500 {
		want = append(want, "w"+strings.Repeat("x", i))
		got = append(got, "g"+strings.Repeat("x", i))
	}
	d := diffOrdered(want, got)
	if n := strings.Count(d, "\n"); n > maxDiffLines+1 {
		t.Errorf("diff has %d lines, want at most %d", n, maxDiffLines+1)
	}
	if !strings.Contains(d, "diff cut") {
		t.Errorf("long diff does not say it was cut:\n%s", d)
	}
	// Too long for the LCS table: the first difference is still shown.
	big := make([]string, 3000)
	other := slices.Clone(big)
	other[1500] = "changed"
	d = diffOrdered(big, other)
	if !strings.Contains(d, "first difference at output line 1501") || !strings.Contains(d, "+ changed") {
		t.Errorf("huge diff:\n%s", d)
	}
}
