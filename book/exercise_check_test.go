package book

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/runner"
)

// TestCheckStarter: a starter passes verify when it leaves the reader
// something to do, as its starter= mark says; the reader's attempt is
// held to the solution's check.
func TestCheckStarter(t *testing.T) {
	load := func(mark string) *Exercise {
		t.Helper()
		lesson := "---\ntitle: T\n---\n\n```go exercise name=e" + mark + "\npackage main\n\nfunc main() {}\n```\n\n" +
			"```go solution name=e\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"ok\") }\n```\n\n```output\nok\n```\n"
		b, err := Load(fstest.MapFS{"a.md": {Data: []byte(lesson)}}, "lessons")
		if err != nil {
			t.Fatal(err)
		}
		return b.Lessons[0].Exercises[0]
	}
	printed := func(lines ...string) *runner.Result {
		r := &runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{{}}}
		for _, l := range lines {
			r.Runs[0].Output = append(r.Runs[0].Output, runner.Line{Text: l})
		}
		return r
	}
	broken := &runner.Result{Build: runner.Build{Output: "wbpart1.go:3:1: syntax error\n"}}
	for _, c := range []struct {
		mark   string
		res    *runner.Result
		status string
		msg    string
	}{
		{"", printed("not yet"), StatusPass, ""},
		{"", printed("ok"), StatusFail, "already passes"},
		{"", broken, StatusFail, "lessons/a.md:8:1: syntax error"},
		{" starter=broken", broken, StatusPass, ""},
		{" starter=broken", printed("not yet"), StatusFail, "marked starter=broken but compiles"},
		{" starter=passes", printed("ok"), StatusPass, ""},
	} {
		ex := load(c.mark)
		v := Check(ex.Starter, c.res)
		if v.Status != c.status || !strings.Contains(v.Message, c.msg) || (v.Status == StatusFail && v.Reason != ReasonStarter) {
			t.Errorf("starter%s: %+v, want %s with %q", c.mark, v, c.status, c.msg)
		}
	}
	ex := load("")
	if v := CheckAttempt(ex.Starter, printed("ok")); v.Status != StatusPass {
		t.Errorf("a right attempt: %+v", v)
	}
	if v := CheckAttempt(ex.Starter, printed("no")); v.Reason != ReasonMismatch {
		t.Errorf("a wrong attempt: %+v", v)
	}
}
