package book

import (
	"strings"

	"github.com/workbook-dev/workbook/runner"
)

// CheckStarter checks an exercise's starter as verify does: it must
// compile (fail to, when marked starter=broken) and must not already pass
// the exercise's check (unless marked starter=passes), or the reader
// would have nothing to do.
func CheckStarter(p *Program, r *runner.Result) Verdict {
	if r == nil {
		return Verdict{Status: StatusSkip, Message: "not run"}
	}
	ex := p.Exercise
	v := CheckAttempt(p, r)
	compiled := v.Reason != ReasonBuild && v.Reason != ReasonVet
	switch {
	case ex.Broken() && compiled:
		return fail(ReasonStarter, "the starter is marked starter=broken but compiles: remove the mark, or leave the reader a compile error to fix")
	case ex.Broken():
		return Verdict{Status: StatusPass}
	case !compiled:
		return fail(ReasonStarter, "the starter does not compile (mark it starter=broken if that is the exercise):\n"+indentMessage(v.Message))
	case v.Status == StatusPass && !ex.Passes():
		return fail(ReasonStarter, "the starter already passes the check: the reader has nothing to do (mark it starter=passes if that is intended)")
	}
	return Verdict{Status: StatusPass}
}

func indentMessage(msg string) string {
	return "\t" + strings.ReplaceAll(strings.TrimRight(msg, "\n"), "\n", "\n\t")
}
