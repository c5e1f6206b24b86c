package book

import (
	"fmt"
	"strings"

	"github.com/workbook-dev/workbook/runner"
)

// A Verdict says whether a program's result is what its lesson promises.
type Verdict struct {
	// Status is StatusPass, StatusFail or StatusSkip.
	Status string
	// Reason is why it failed (a Reason* constant), or "" when it passed.
	Reason string
	// Message explains a failure for people, with lesson positions:
	// compiler errors, "exit status 2, want 0", a diff of the output.
	Message string
	// Line is the lesson line the failure is about when it is not the
	// program's first line: for a mismatch, the first expected output
	// line that differs (the closing fence's when the program printed
	// more than expected); for a failing test, its assertion. 0 otherwise.
	Line int
}

// Statuses and reasons, as in verify's JSON (cmd/workbook's doc).
const (
	StatusPass = "pass"
	StatusFail = "fail"
	StatusSkip = "skip"

	ReasonBuild     = "build"
	ReasonVet       = "vet"
	ReasonExit      = "exit"
	ReasonTimeout   = "timeout"
	ReasonMismatch  = "mismatch"
	ReasonTruncated = "truncated"
	// ReasonStarter is an exercise's starter that is not what its
	// exercise says: it already passes the check, or it compiles although
	// marked starter=broken, or it does not compile although not marked.
	ReasonStarter = "starter"
)

// quoteLines is how much of a failed run's output a message quotes: the
// start (a panic's message and first frames) and the end (the last thing
// the program did).
const quoteLines = 10

// Check compares a program's result with its attributes and expected
// output. A nil result (the program was not run) is a skip. With several
// GOMAXPROCS values every run must pass; the first failure is reported.
// An exercise's starter passes when it leaves the reader something to do
// (see [CheckStarter]).
func Check(p *Program, r *runner.Result) Verdict {
	if p.Role == RoleStarter {
		return CheckStarter(p, r)
	}
	return CheckAttempt(p, r)
}

// CheckAttempt is Check without the rule for starters: whether a run of
// p, or of a reader's attempt at p's exercise, keeps p's promises.
func CheckAttempt(p *Program, r *runner.Result) Verdict {
	if r == nil {
		return Verdict{Status: StatusSkip, Message: "not run"}
	}
	if !r.Build.OK {
		if r.Build.Output == "" && r.Build.Vet != "" {
			return fail(ReasonVet, "go vet: "+p.MapPositions(r.Build.Vet))
		}
		msg := strings.TrimRight(p.MapPositions(r.Build.Output), "\n")
		if msg == "" {
			msg = "build failed"
		}
		return fail(ReasonBuild, msg)
	}
	if p.Attrs.NoRun {
		return Verdict{Status: StatusPass}
	}
	if len(r.Runs) == 0 {
		return fail(ReasonExit, "the program built but did not run")
	}
	for _, run := range r.Runs {
		v := checkRun(p, &run)
		if v.Status == StatusPass {
			v = checkRepeats(p, &run)
		}
		if hint := run.MemoryHint(); hint != "" && v.Status == StatusFail {
			// Before the quoted output, which pages leave out.
			msg, out, quoted := strings.Cut(v.Message, "; output:\n")
			v.Message = msg + " (" + hint + ")"
			if quoted {
				v.Message += "; output:\n" + out
			}
		}
		if v.Status == StatusFail {
			if len(r.Runs) > 1 {
				v.Message = fmt.Sprintf("with GOMAXPROCS=%d: %s", run.GOMAXPROCS, v.Message)
			}
			return v
		}
	}
	return Verdict{Status: StatusPass}
}

// checkRepeats checks that every repeat of a swept run exited as
// expected: the run shown is only the median one.
func checkRepeats(p *Program, run *runner.Run) Verdict {
	for i, s := range run.Samples {
		if s.ExitCode != p.Attrs.Exit {
			return fail(ReasonExit, fmt.Sprintf("repeat %d of %d: exit status %d, want %d", i+1, len(run.Samples), s.ExitCode, p.Attrs.Exit))
		}
	}
	return Verdict{Status: StatusPass}
}

func fail(reason, msg string) Verdict {
	return Verdict{Status: StatusFail, Reason: reason, Message: msg}
}

// checkRun checks one run of a program that built.
func checkRun(p *Program, run *runner.Run) Verdict {
	got := make([]string, len(run.Output))
	for i, l := range run.Output {
		got[i] = p.MapPositions(l.Text)
	}
	got = trimLines(got)
	want := p.Attrs.Exit
	switch {
	case run.TimedOut:
		timeout := p.Attrs.Timeout
		if timeout == 0 {
			timeout = runner.DefaultTimeout
		}
		return fail(ReasonTimeout, fmt.Sprintf("timed out after %v%s", timeout, tail(got)))
	case run.Aborted != "":
		return fail(ReasonExit, run.Aborted+tail(got))
	case run.Truncated:
		return fail(ReasonTruncated, fmt.Sprintf("output passed %s and was cut", run.Cap()))
	case run.Signal != "":
		return fail(ReasonExit, fmt.Sprintf("killed by signal %s, want exit status %d%s", run.Signal, want, tail(got)))
	case run.ExitCode != want && p.IsTest():
		v := fail(ReasonExit, fmt.Sprintf("go test failed: exit status %d, want %d%s", run.ExitCode, want, tail(got)))
		v.Line = p.failedAssertion(got)
		return v
	case run.ExitCode != want:
		return fail(ReasonExit, fmt.Sprintf("exit status %d, want %d%s", run.ExitCode, want, tail(got)))
	}
	if p.Expect == nil {
		return Verdict{Status: StatusPass}
	}
	return p.checkOutput(got)
}

// tail quotes the start and end of a run's output for a failure message.
func tail(lines []string) string {
	if len(lines) == 0 {
		return " (no output)"
	}
	var b strings.Builder
	b.WriteString("; output:\n")
	for i, l := range lines {
		if i == quoteLines && len(lines) > 2*quoteLines {
			fmt.Fprintf(&b, "\t[%d lines]\n", len(lines)-2*quoteLines)
			for _, l := range lines[len(lines)-quoteLines:] {
				b.WriteString("\t" + l + "\n")
			}
			break
		}
		b.WriteString("\t" + l + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
