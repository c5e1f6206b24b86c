package book

import (
	"os"
	"strings"
	"testing"
)

func TestAnyLinesMatchesARealRaceReport(t *testing.T) {
	data, err := os.ReadFile("testdata/race-report.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := outputLines(string(data))
	tests := []struct {
		want string
		ok   bool
	}{
		{"==================\nWARNING: DATA RACE\n...\ncount: 2\nFound 1 data race(s)", true},
		{"...\nWARNING: DATA RACE\n...\nFound 1 data race(s)", true},
		{"...\ncount: 2\n...", true},
		{"...", true},
		{"...\n...\nFound 1 data race(s)\n...", true},
		{"WARNING: DATA RACE\n...\nFound 1 data race(s)", false}, // the first line is ====
		{"...\ncount: 3\n...", false},
		{"...\nFound 1 data race(s)\ncount: 2", false}, // order counts
		{"  ...  \ncount: 2\n...", true},               // white space around ... is ignored
		{"==================\nWARNING: DATA RACE\nRead at ... by goroutine ...:\n...\nFound 1 data race(s)", true},
	}
	for _, tt := range tests {
		if ok := matchOrdered(outputLines(tt.want), got); ok != tt.ok {
			t.Errorf("matchOrdered(%q) = %v, want %v", tt.want, ok, tt.ok)
		}
	}
}

func TestAnyLinesEdgeCases(t *testing.T) {
	tests := []struct {
		want, got []string
		ok        bool
	}{
		{[]string{"..."}, nil, true},
		{[]string{"a", "..."}, []string{"a"}, true},
		{[]string{"...", "a"}, []string{"a", "a", "a"}, true},
		{[]string{"...", "a", "...", "b"}, []string{"x", "a", "y", "a", "b"}, true},
		{[]string{"...", "a", "...", "b"}, []string{"x", "a", "y", "b", "c"}, false},
		{[]string{"a", "...", "a"}, []string{"a"}, false},
	}
	for _, tt := range tests {
		if ok := matchOrdered(tt.want, tt.got); ok != tt.ok {
			t.Errorf("matchOrdered(%q, %q) = %v, want %v", tt.want, tt.got, ok, tt.ok)
		}
	}
}

func TestAnyLinesInDiffAndUnordered(t *testing.T) {
	// The shortest diff lets ... take END too, so only end is missing.
	diff := diffOrdered([]string{"start", "...", "end"}, []string{"start", "x", "y", "END"})
	if want := "  [1 matching lines]\n  x\n  y\n  END\n- end\n"; diff != want {
		t.Errorf("diff:\n%s\nwant:\n%s", diff, want)
	}
	missing, extra := matchUnordered([]string{"b", "...", "a"}, []string{"a", "x", "b", "y"})
	if len(missing) != 0 || len(extra) != 0 {
		t.Errorf("unordered with ...: missing %q extra %q", missing, extra)
	}
	missing, _ = matchUnordered([]string{"c", "..."}, []string{"a"})
	if strings.Join(missing, ",") != "c" {
		t.Errorf("missing %q, want c", missing)
	}
}
