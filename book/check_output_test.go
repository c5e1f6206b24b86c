package book

import (
	"strings"
	"testing"
)

func TestWhitespaceOnlyDiff(t *testing.T) {
	// An editor turned the program's tab into spaces.
	p := program(t, "", "```output\n\nname    size\nfile\t10\n```\n")
	v := Check(p, result(0, "name\tsize", "file\t10"))
	want := "output differs from the output block at lessons/c.md:11 only in white space (- expected, + printed; tabs shown as →, spaces as ·); first difference at lessons/c.md:13:\n- name····size\n+ name→size\n  file\t10\n"
	if v.Status != StatusFail || v.Reason != ReasonMismatch || v.Message != want {
		t.Errorf("verdict:\n%s\nwant:\n%s", v.Message, want)
	}
	p = program(t, "", "```output unordered\na  b\nc\n```\n")
	v = Check(p, result(0, "c", "a b"))
	if !strings.Contains(v.Message, "only in white space") || !strings.Contains(v.Message, "- a··b\n+ a·b") {
		t.Errorf("unordered verdict:\n%s", v.Message)
	}
}

func TestRealDifferenceIsNotWhitespaceOnly(t *testing.T) {
	p := program(t, "", "```output\na b\nc\n```\n")
	v := Check(p, result(0, "a  b", "d"))
	if strings.Contains(v.Message, "white space") || !strings.Contains(v.Message, "first difference at lessons/c.md:12:") {
		t.Errorf("verdict:\n%s", v.Message)
	}
}

func TestFirstDifferenceLine(t *testing.T) {
	tests := []struct {
		want, got []string
		k         int
	}{
		{[]string{"a", "b", "c"}, []string{"a", "b", "x"}, 2},
		{[]string{"a", "b"}, []string{"a", "b", "extra"}, 2},
		{[]string{"a", "...", "z"}, []string{"a", "1", "2", "y"}, 2},
		{[]string{"x"}, []string{"a", "x"}, 0},
	}
	for _, tt := range tests {
		if k := firstDifference(tt.want, tt.got); k != tt.k {
			t.Errorf("firstDifference(%q, %q) = %d, want %d", tt.want, tt.got, k, tt.k)
		}
	}
}
