package main

import (
	"reflect"
	"testing"

	"github.com/workbook-dev/workbook/book"
)

func TestAnnotations(t *testing.T) {
	t.Parallel()
	l := &book.Lesson{File: "lessons/a.md"}
	tests := []struct {
		name string
		v    book.Verdict
		want []annotation
	}{
		{
			"one per compiler message, with its details",
			book.Verdict{Reason: book.ReasonBuild, Message: "# command-line-arguments\n" +
				"lessons/a.md:9:2: declared and not used: x\n" +
				"lessons/a.md:12:7: cannot use s (variable of type string) as int value\n" +
				"\thave string\n\twant int"},
			[]annotation{
				{"lessons/a.md", 9, 2, "declared and not used: x"},
				{"lessons/a.md", 12, 7, "cannot use s (variable of type string) as int value\nhave string\nwant int"},
			},
		},
		{
			"vet, without a column",
			book.Verdict{Reason: book.ReasonVet, Message: "go vet: lessons/a.md:30: unreachable code"},
			[]annotation{{"lessons/a.md", 30, 0, "unreachable code"}},
		},
		{
			"another file's position is not ours",
			book.Verdict{Reason: book.ReasonBuild, Message: "lessons/b.md:3:1: nope"},
			[]annotation{{"lessons/a.md", 5, 0, "p failed (build)\nlessons/b.md:3:1: nope"}},
		},
		{
			"panic: its first lesson frame",
			book.Verdict{Reason: book.ReasonExit, Message: "exit status 2, want 0; output:\n\tpanic: boom\n\t\n\tgoroutine 1 [running]:\n\tmain.f()\n\t\tlessons/a.md:21 +0x1d\n\tmain.main()\n\t\tlessons/a.md:14 +0x9"},
			[]annotation{{"lessons/a.md", 21, 0, "p failed (exit)\nexit status 2, want 0; output:\n\tpanic: boom\n\t\n\tgoroutine 1 [running]:\n\tmain.f()\n\t\tlessons/a.md:21 +0x1d\n\tmain.main()\n\t\tlessons/a.md:14 +0x9"}},
		},
		{
			"mismatch: the first expected line that differs",
			book.Verdict{Reason: book.ReasonMismatch, Message: "diff", Line: 40},
			[]annotation{{"lessons/a.md", 40, 0, "p failed (mismatch)\ndiff"}},
		},
		{
			"no position: the program",
			book.Verdict{Reason: book.ReasonExit, Message: "exit status 1, want 0 (no output)"},
			[]annotation{{"lessons/a.md", 5, 0, "p failed (exit)\nexit status 1, want 0 (no output)"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.v.Status = book.StatusFail
			got := annotations(&entry{lesson: l, line: 5, name: "p", verdict: tt.v})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("annotations =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}
