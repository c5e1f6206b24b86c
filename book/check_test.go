package book

import (
	"fmt"
	"strings"
	"testing"

	"github.com/workbook-dev/workbook/runner"
)

// program parses a one-program lesson: a snippet with the given
// attributes, then the given output block (none when out is "").
func program(t testing.TB, attrs, out string) *Program {
	t.Helper()
	src := "---\ntitle: t\n---\n\n```go " + attrs + "\npackage main\n\nfunc main() {}\n```\n"
	if out != "" {
		src += "\n" + out
	}
	l := mustParse(t, "lessons/c.md", src)
	return l.Programs[0]
}

// result is a built program whose runs printed the given lines on stdout
// and exited with the given status.
func result(exit int, out ...string) *runner.Result {
	run := runner.Run{ExitCode: exit}
	for _, o := range out {
		run.Output = append(run.Output, runner.Line{Stream: runner.Stdout, Text: o})
	}
	return &runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{run}}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		attrs, output string
		result        *runner.Result
		status        string
		reason        string
		message       string // a substring of the message
	}{
		{"not run", "", "", nil, StatusSkip, "", "not run"},
		{"pass without output block", "", "", result(0, "anything"), StatusPass, "", ""},
		{"exit status", "", "", result(1), StatusFail, ReasonExit, "exit status 1, want 0"},
		{"expected exit", "exit=2", "", result(2, "panic: boom"), StatusPass, "", ""},
		{"wrong exit quotes output", "exit=2", "", result(0, "fine"), StatusFail, ReasonExit, "exit status 0, want 2; output:\n\tfine"},
		{
			"signal", "", "",
			&runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{ExitCode: -1, Signal: "killed"}}},
			StatusFail, ReasonExit, "killed by signal killed, want exit status 0 (no output)",
		},
		{
			"helper killed", "", "```output\nbefore\n```\n",
			&runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{ExitCode: -1, Aborted: "the program killed its helper",
				Output: []runner.Line{{Text: "before"}}}}},
			StatusFail, ReasonExit, "the program killed its helper; output:\n\tbefore",
		},
		{
			"out of memory under a low limit", "", "",
			&runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{ExitCode: 2, MemoryLimit: 1 << 30,
				Output: []runner.Line{{Text: "fatal error: out of memory"}}}}},
			StatusFail, ReasonExit, "exit status 2, want 0 (the program ran out of memory under a limit of 1.00 GiB: Go reserves about 1.2 GiB of address space before main runs; try -memory 2GiB); output:\n\tfatal error: out of memory",
		},
		{
			"out of memory under a high limit", "", "",
			&runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{ExitCode: 2, MemoryLimit: 4 << 30,
				Output: []runner.Line{{Text: "fatal error: out of memory"}}}}},
			StatusFail, ReasonExit, "exit status 2, want 0; output:\n\tfatal error: out of memory",
		},
		{
			"build error mapped", "", "",
			&runner.Result{Build: runner.Build{Output: "# m\n./wbpart1.go:3:6: undefined: x\n"}},
			StatusFail, ReasonBuild, "lessons/c.md:8:6: undefined: x",
		},
		{
			"vet finding", "", "",
			&runner.Result{Build: runner.Build{Vet: "wbpart1.go:1:1: printf: bad verb\n"}},
			StatusFail, ReasonVet, "lessons/c.md:6:1: printf: bad verb",
		},
		{"norun passes when built", "norun", "", &runner.Result{Build: runner.Build{OK: true}}, StatusPass, "", ""},
		{"norun build failure", "norun", "", &runner.Result{Build: runner.Build{Output: "x"}}, StatusFail, ReasonBuild, "x"},
		{"no runs", "", "", &runner.Result{Build: runner.Build{OK: true}}, StatusFail, ReasonExit, "did not run"},
		{
			"timeout", "timeout=2s", "",
			&runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{TimedOut: true, ExitCode: -1, Signal: "killed",
				Output: []runner.Line{{Text: "tick"}}}}},
			StatusFail, ReasonTimeout, "timed out after 2s; output:\n\ttick",
		},
		{
			"default timeout", "", "",
			&runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{TimedOut: true}}},
			StatusFail, ReasonTimeout, "timed out after 10s",
		},
		{
			"truncated", "", "",
			&runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{Truncated: true}}},
			StatusFail, ReasonTruncated, "output passed the 1048576-byte (1 MiB) limit",
		},
		{
			"truncated at the line cap", "", "",
			&runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{Truncated: true, Output: make([]runner.Line, runner.LineLimit)}}},
			StatusFail, ReasonTruncated, "output passed the 10000-line limit and was cut",
		},
		{"output matches", "", "```output\nhello\nworld\n```\n", result(0, "hello", "world"), StatusPass, "", ""},
		{"trailing space and blank lines", "", "```output\n\nhello   \nworld\n\n```\n", result(0, "", "hello", "world\t", "", ""), StatusPass, "", ""},
		{"inner blank lines count", "", "```output\nhello\nworld\n```\n", result(0, "hello", "", "world"), StatusFail, ReasonMismatch, "+ \n"},
		{"dots", "", "```output\ntook ...\n```\n", result(0, "took 1.2ms"), StatusPass, "", ""},
		{
			"mismatch diff", "", "```output\na\nb\n```\n", result(0, "a", "c"),
			StatusFail, ReasonMismatch, "output block at lessons/c.md:11 (- expected, + printed); first difference at lessons/c.md:13:\n  a\n- b\n+ c\n",
		},
		{"order matters", "", "```output\na\nb\n```\n", result(0, "b", "a"), StatusFail, ReasonMismatch, ""},
		{"unordered", "", "```output unordered\na\nb\n```\n", result(0, "b", "a"), StatusPass, "", ""},
		{
			"unordered mismatch", "", "```output unordered\na\nb\nb\n```\n", result(0, "b", "a", "a"),
			StatusFail, ReasonMismatch, "unordered output block at lessons/c.md:11 (- expected, + printed):\n- b\n+ a\n",
		},
		{"positions in output are mapped", "exit=2", "```output\npanic: x\n\tlessons/c.md:8 +0x...\n```\n", result(2, "panic: x", "\t/tmp/b/wbpart1.go:3 +0x1d"), StatusPass, "", ""},
		{"exit checked before output", "", "```output\nok\n```\n", result(3, "ok"), StatusFail, ReasonExit, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Check(program(t, tt.attrs, tt.output), tt.result)
			if v.Status != tt.status || v.Reason != tt.reason || !strings.Contains(v.Message, tt.message) {
				t.Errorf("Check = %+v\nwant status %q, reason %q, message containing %q", v, tt.status, tt.reason, tt.message)
			}
			if v.Status == StatusPass && v.Message != "" {
				t.Errorf("passing verdict has a message: %q", v.Message)
			}
		})
	}
}

func TestCheckEveryRun(t *testing.T) {
	t.Parallel()
	p := program(t, "gomaxprocs=1,2,4", "```output\nsum ...\n```\n")
	r := &runner.Result{Build: runner.Build{OK: true}}
	for _, n := range []int{1, 2, 4} {
		r.Runs = append(r.Runs, runner.Run{GOMAXPROCS: n, Output: []runner.Line{{Text: fmt.Sprint("sum ", n)}}})
	}
	if v := Check(p, r); v.Status != StatusPass {
		t.Fatalf("all runs match: %+v", v)
	}
	r.Runs[2].Output[0].Text = "oops"
	v := Check(p, r)
	if v.Status != StatusFail || v.Reason != ReasonMismatch || !strings.HasPrefix(v.Message, "with GOMAXPROCS=4: ") {
		t.Errorf("third run differs: %+v", v)
	}
	r.Runs[2].Output[0].Text = "sum 4"
	r.Runs[1].ExitCode = 1
	if v := Check(p, r); v.Status != StatusFail || v.Reason != ReasonExit || !strings.HasPrefix(v.Message, "with GOMAXPROCS=2: ") {
		t.Errorf("second run exits 1: %+v", v)
	}
}

func TestCheckEveryRepeat(t *testing.T) {
	t.Parallel()
	p := program(t, "gomaxprocs=1,2 exit=3", "")
	r := &runner.Result{Build: runner.Build{OK: true}}
	for _, n := range []int{1, 2} {
		r.Runs = append(r.Runs, runner.Run{GOMAXPROCS: n, ExitCode: 3,
			Samples: []runner.Sample{{ExitCode: 3}, {ExitCode: 3}, {ExitCode: 3}}})
	}
	if v := Check(p, r); v.Status != StatusPass {
		t.Fatalf("every repeat exits 3: %+v", v)
	}
	r.Runs[1].Samples[2].ExitCode = 0
	v := Check(p, r)
	if v.Status != StatusFail || v.Reason != ReasonExit || v.Message != "with GOMAXPROCS=2: repeat 3 of 3: exit status 0, want 3" {
		t.Errorf("a repeat the page does not show exits 0: %+v", v)
	}
}

func TestCheckQuotesLongOutput(t *testing.T) {
	t.Parallel()
	var out []string
	for i := range 50 {
		out = append(out, fmt.Sprint("line ", i))
	}
	v := Check(program(t, "", ""), result(1, out...))
	for _, want := range []string{"\tline 0\n", "\tline 9\n", "[30 lines]", "\tline 40\n", "\tline 49"} {
		if !strings.Contains(v.Message, want) {
			t.Errorf("message lacks %q:\n%s", want, v.Message)
		}
	}
	if strings.Contains(v.Message, "line 10\n") {
		t.Errorf("message quotes the middle:\n%s", v.Message)
	}
}
