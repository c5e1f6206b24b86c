package runner

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/workbook-dev/workbook/runner/timeline"
)

// traceDeadlockTimeout bounds the traced run of a program whose plain
// run ended in Go's deadlock error: tracing turns that detection off, so
// the traced run would hang until its timeout. A second after the plain
// run's length (three times over, for tracing's cost) is enough to see
// every goroutine blocked.
const traceDeadlockTimeout = time.Second

// traceRun builds p instrumented (see instrument) into a binary of its
// own and runs it once more with the trace on, returning the timeline
// for Result.Trace. plain are the program's untraced runs.
//
// Whatever goes wrong with the traced run never fails the program: its
// output and verdict come from the plain runs. The Timeline then says
// what went wrong (Problem) or what is missing (Partial, Stopped). The
// error is only ctx's.
func (s *session) traceRun(ctx context.Context, dir string, p *Program, plain []Run) (*timeline.Timeline, error) {
	src, err := instrument(p.Source)
	if err != nil {
		return &timeline.Timeline{Problem: "not traced: " + err.Error()}, nil
	}
	sub, err := os.MkdirTemp(dir, "trace-")
	if err != nil {
		return &timeline.Timeline{Problem: "not traced: " + err.Error()}, nil
	}
	defer os.RemoveAll(sub)
	bin, problem, err := s.buildTraced(ctx, sub, p, src)
	if err != nil || problem != "" {
		return &timeline.Timeline{Problem: problem}, err
	}
	path := filepath.Join(sub, "trace.out")
	spec := execSpec{
		Bin:     bin,
		Args:    p.Args,
		Timeout: traceTimeout(p, plain),
		Env:     []string{execTraceEnv + "=" + path},
	}
	if n := len(p.GOMAXPROCS); n > 0 {
		// A sweep's last value is usually its largest: the most to see.
		spec.GOMAXPROCS = p.GOMAXPROCS[n-1]
	}
	run, err := s.r.exec(ctx, spec)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return &timeline.Timeline{Problem: "the traced run failed: " + err.Error()}, nil
	}
	tl := readTrace(path, run)
	tl.Stopped = run.TimedOut
	return tl, nil
}

// buildTraced builds the instrumented program alone (never merged: a
// merged binary runs every program's init, tracing included). A build
// that fails, which only a clash with traceSource's names can cause,
// is a problem to report, not an error.
func (s *session) buildTraced(ctx context.Context, dir string, p *Program, src []byte) (bin, problem string, err error) {
	gomod, err := s.r.buildGoMod()
	if err != nil {
		return "", "not traced: " + err.Error(), nil
	}
	m, err := newBuildModule(dir, gomod, s.r.GoSum)
	if err != nil {
		return "", "not traced: " + err.Error(), nil
	}
	const pkg = "p0"
	if err := m.write(pkg, src); err != nil {
		return "", "not traced: " + err.Error(), nil
	}
	files := map[string][]byte{traceFile: traceSource}
	maps.Copy(files, traceSignalFiles)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(m.dir, pkg, name), data, 0o666); err != nil {
			return "", "not traced: " + err.Error(), nil
		}
	}
	res, err := s.r.goBuild(ctx, m, p.Race, []string{pkg})
	if err != nil {
		return "", "", err
	}
	if !res.built[pkg] {
		out := strings.TrimSpace(res.sections[pkg] + "\n" + res.rest)
		first, _, _ := strings.Cut(out, "\n")
		return "", "the traced build failed: " + first, nil
	}
	return m.bin(pkg), "", nil
}

// traceTimeout is the traced run's limit: the program's, except after
// a deadlock (see traceDeadlockTimeout).
func traceTimeout(p *Program, plain []Run) time.Duration {
	limit := p.Timeout
	if limit <= 0 {
		limit = DefaultTimeout
	}
	for _, run := range plain {
		for _, l := range run.Output {
			if l.Stream == Stderr && strings.HasPrefix(l.Text, "fatal error: all goroutines are asleep") {
				return min(limit, 3*run.Wall+traceDeadlockTimeout)
			}
		}
	}
	return limit
}

// readTrace parses the trace the run wrote. A parser that panics on a
// damaged trace must not take the build down with it.
func readTrace(path string, run Run) (tl *timeline.Timeline) {
	f, err := os.Open(path)
	if err != nil {
		return &timeline.Timeline{Problem: noTrace(run)}
	}
	defer f.Close()
	defer func() {
		if e := recover(); e != nil {
			tl = &timeline.Timeline{Problem: fmt.Sprintf("the trace could not be read: %v", e)}
		}
	}()
	tl, err = timeline.Parse(f, run.Start, marks(run.Output))
	if err != nil {
		return &timeline.Timeline{Problem: noTrace(run) + " (" + err.Error() + ")"}
	}
	if mark, err := os.ReadFile(path + ".done"); err != nil || string(mark) != "whole" {
		tl.Partial = true
	}
	return tl
}

// marks are a run's output lines, for the timeline's time axis.
func marks(output []Line) []timeline.Mark {
	out := make([]timeline.Mark, len(output))
	for i, l := range output {
		out[i] = timeline.Mark{T: l.T, Stderr: l.Stream == Stderr, Text: l.Text}
	}
	return out
}

// noTrace says why a run left no trace.
func noTrace(run Run) string {
	switch {
	case run.Signal != "":
		return "the traced run was killed (" + run.Signal + ") before its trace was written"
	case run.ExitCode != 0:
		return fmt.Sprintf("the traced run ended (exit status %d) before its trace was written", run.ExitCode)
	}
	return "the traced run wrote no trace"
}
