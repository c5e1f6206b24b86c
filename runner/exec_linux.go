//go:build linux

package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The helper enforces the timeout itself; runner's own limits only
// matter if the helper is stuck. execBackstop is how long past the
// timeout (and grace) runner waits before asking the helper to stop,
// execHelperKill how long it then waits before killing the helper. Both
// keep exec within timeout + 1 s even then.
const (
	execBackstop   = 300 * time.Millisecond
	execHelperKill = 400 * time.Millisecond
)

// linuxBackend reports whether BackendLinux can run here.
const linuxBackend = true

// execLinux is exec for BackendLinux. The program is started through
// the sandbox helper (argv[0] is spec.Bin) in a fresh temporary
// directory, removed afterwards. The error is only for when the tool
// cannot work (no temp dir, helper can't start...), or ctx's error when
// ctx was cancelled: the run was stopped and the Run holds what happened
// until then. OnLine is never called after execLinux returns.
func (r *Runner) execLinux(ctx context.Context, spec execSpec) (Run, error) {
	if err := ctx.Err(); err != nil {
		return Run{}, err
	}
	helper, err := r.sandbox(ctx)
	if err != nil {
		return Run{}, err
	}
	rf, err := newRunFolder(&spec)
	if err != nil {
		return Run{}, err
	}
	defer rf.close()
	dir, stdin := rf.dir, rf.stdin
	c, err := newCapture(spec.OnLine)
	if err != nil {
		return Run{}, err
	}
	defer c.close()
	c.start()
	rep, waitErr := runSandbox(ctx, helper, sandboxArgs(&spec, dir, r.Memory), stdin, c)
	lines, capErr := c.finish()
	var run Run
	switch {
	case errors.Is(waitErr, errHelperLost) && ctx.Err() == nil:
		// The program's doing, not the tool's: a failed run.
		run = Run{ExitCode: -1, Aborted: waitErr.Error()}
	case waitErr != nil:
		return Run{}, waitErr
	case capErr != nil:
		return Run{}, capErr
	default:
		run = rep.run()
	}
	run.Output, run.Truncated = lines.lines, lines.truncated
	run.Start = time.Unix(0, c.startNs).UTC()
	run.MemoryLimit = max(r.Memory, 0)
	return run, ctx.Err()
}

// errHelperLost is runSandbox's error when the helper ended without a
// report: the program killed or stopped it (runner kills a stopped one
// once the run is overdue).
var errHelperLost = errors.New("the program killed or stopped the sandbox helper running it")

// runSandbox starts the helper, waits for it and parses its report.
func runSandbox(ctx context.Context, helper string, args sandboxCall, stdin *os.File, c *capture) (sandboxReport, error) {
	cancelR, cancelW, err := os.Pipe()
	if err != nil {
		return sandboxReport{}, fmt.Errorf("creating cancel pipe: %w", err)
	}
	defer cancelW.Close()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(helper, args.argv...)
	cmd.Env = []string{} // the helper's GOMAXPROCS must be the default
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != nil {
		cmd.Stdin = stdin // an *os.File is handed down as it is, no copying goroutine
	}
	cmd.ExtraFiles = append(c.senders[:], cancelR)
	// Its own process group: a ^C meant for runner must not kill the
	// helper before it kills the program's group (runner dying closes
	// the cancel pipe instead). Not its own session: see reap_linux.go.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = execHelperKill
	becomeSubreaper()
	err = cmd.Start()
	cancelR.Close()
	c.closeSenders()
	if err != nil {
		return sandboxReport{}, fmt.Errorf("starting the sandbox helper: %w", err)
	}
	err = waitSandbox(ctx, cmd, cancelW, args.limit)
	prog, report := cutProgramPid(stdout.String())
	if ps := cmd.ProcessState; prog > 0 && (ps == nil || !ps.Success()) {
		// The helper did not finish its job (the program may have killed
		// or stopped it): what it left of the run is ours to kill.
		killOrphans(prog, args.dir, time.Now().Add(orphanReapLimit))
	}
	rep, perr := parseSandboxReport(report)
	if perr == nil {
		return rep, nil
	}
	if report == "" && err != nil {
		return rep, fmt.Errorf("%w (%v)", errHelperLost, err)
	}
	if err != nil {
		perr = fmt.Errorf("%w (%v)", perr, err)
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		perr = fmt.Errorf("%w: %s", perr, s)
	}
	return rep, fmt.Errorf("sandbox helper: %w", perr)
}

// waitSandbox waits for the helper. When ctx is done or the helper
// overruns limit, closing the cancel pipe tells it to kill the program's
// group and report; if even that takes too long, the helper is killed.
func waitSandbox(ctx context.Context, cmd *exec.Cmd, cancel *os.File, limit time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	backstop := time.NewTimer(limit)
	defer backstop.Stop()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	case <-backstop.C:
	}
	cancel.Close()
	select {
	case err := <-done:
		return err
	case <-time.After(execHelperKill):
		cmd.Process.Kill()
		return <-done
	}
}

// sandboxCall is how the helper is started for one run.
type sandboxCall struct {
	argv  []string      // the helper's arguments (see sandbox/main.go)
	dir   string        // the run's folder
	limit time.Duration // how long until runner steps in (see waitSandbox)
}

// sandboxArgs encodes the run for the helper; memory is the program's
// memory limit in bytes, 0 for none.
func sandboxArgs(spec *execSpec, dir string, memory int64) sandboxCall {
	env := spec.environ(dir)
	args := []string{
		dir,
		strconv.FormatInt(int64(spec.timeout()), 10),
		strconv.FormatInt(int64(spec.grace()), 10),
		strconv.Itoa(max(spec.GOMAXPROCS, 0)),
		strconv.FormatInt(max(memory, 0), 10),
		strconv.Itoa(len(env)),
	}
	args = append(args, env...)
	args = append(args, spec.Bin)
	return sandboxCall{
		argv:  append(args, spec.Args...),
		dir:   dir,
		limit: spec.timeout() + spec.grace() + execBackstop,
	}
}

// cutProgramPid splits the helper's output into the program's pid (0
// when it never started) and the report.
func cutProgramPid(out string) (pid int, report string) {
	line, rest, ok := strings.Cut(out, "\n")
	n, found := strings.CutPrefix(line, "pid ")
	if !ok || !found {
		return 0, out
	}
	pid, _ = strconv.Atoi(n)
	return pid, rest
}

// sandboxReport is what the helper saw of the program.
type sandboxReport struct {
	wall, user, sys time.Duration
	maxRSS          int64
	status          syscall.WaitStatus
	timedOut        bool
	gomaxprocs      int
}

func parseSandboxReport(s string) (sandboxReport, error) {
	var rep sandboxReport
	f := strings.Fields(s)
	if len(f) > 0 && f[0] == "error" {
		return rep, errors.New(strings.TrimSpace(strings.TrimPrefix(s, "error")))
	}
	if len(f) != 8 || f[0] != "ok" {
		return rep, fmt.Errorf("unexpected report %q", s)
	}
	var n [7]int64
	for i := range n {
		v, err := strconv.ParseInt(f[i+1], 10, 64)
		if err != nil {
			return rep, fmt.Errorf("unexpected report %q", s)
		}
		n[i] = v
	}
	rep.wall, rep.user, rep.sys = time.Duration(n[0]), time.Duration(n[1]), time.Duration(n[2])
	rep.maxRSS, rep.status = n[3], syscall.WaitStatus(n[4])
	rep.timedOut, rep.gomaxprocs = n[5] != 0, int(n[6])
	return rep, nil
}

func (rep sandboxReport) run() Run {
	run := Run{
		GOMAXPROCS: rep.gomaxprocs,
		ExitCode:   rep.status.ExitStatus(),
		TimedOut:   rep.timedOut,
		Wall:       rep.wall,
		User:       rep.user,
		System:     rep.sys,
		MaxRSS:     rep.maxRSS,
	}
	if rep.status.Signaled() {
		run.ExitCode, run.Signal = -1, unix.SignalName(rep.status.Signal())
	}
	return run
}
