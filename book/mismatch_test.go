package book

import "testing"

// TestCheckMismatchLine checks that a mismatch names the lesson line of
// the first expected line that differs. The output block's fence is on
// line 11 of the lesson, its first line on line 12.
func TestCheckMismatchLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		output string
		got    []string
		line   int
	}{
		{"first line", "```output\none\ntwo\n```\n", []string{"uno", "two"}, 12},
		{"second line", "```output\none\ntwo\nthree\n```\n", []string{"one", "dos", "three"}, 13},
		{"missing last line", "```output\none\ntwo\n```\n", []string{"one"}, 13},
		{"extra line: the closing fence", "```output\none\n```\n", []string{"one", "two"}, 13},
		{"leading blank lines kept in count", "```output\n\n\none\ntwo\n```\n", []string{"one", "2"}, 15},
		{"pattern", "```output\ntook ...ms\ndone\n```\n", []string{"took 3ms", "failed"}, 13},
		{"unordered: first missing", "```output unordered\na\nb\nc\n```\n", []string{"c", "a", "x"}, 13},
		{"unordered: only extra", "```output unordered\na\n```\n", []string{"a", "x"}, 13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := program(t, "", tt.output)
			v := Check(p, result(0, tt.got...))
			if v.Status != StatusFail || v.Reason != ReasonMismatch {
				t.Fatalf("Check = %+v, want a mismatch", v)
			}
			if v.Line != tt.line {
				t.Errorf("Line = %d, want %d\n%s", v.Line, tt.line, v.Message)
			}
		})
	}
}

// TestCheckLineOnlyForMismatch checks that other failures leave Line 0:
// their positions are in the message.
func TestCheckLineOnlyForMismatch(t *testing.T) {
	t.Parallel()
	p := program(t, "", "```output\none\n```\n")
	if v := Check(p, result(1, "one")); v.Status != StatusFail || v.Line != 0 {
		t.Errorf("exit failure: %+v, want Line 0", v)
	}
}
