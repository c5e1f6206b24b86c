package runner

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"time"
)

// portableLinger is how long BackendPortable waits, once the program's
// group is dead, for its output pipes to close. Only a descendant that
// escaped the group holds them longer; its later output is not the run's.
const portableLinger = 200 * time.Millisecond

// execPortable is exec for BackendPortable: the program runs directly
// as our child, in its own process group (a Job Object on Windows), in a
// fresh temporary directory removed afterwards, with an empty stdin and
// its data files written into it, stdin from spec.Stdin (else empty) and
// its output read from two pipes (see pipeCapture).
func (r *Runner) execPortable(ctx context.Context, spec execSpec) (Run, error) {
	if err := ctx.Err(); err != nil {
		return Run{}, err
	}
	rf, err := newRunFolder(&spec)
	if err != nil {
		return Run{}, err
	}
	defer rf.close()
	dir, stdin := rf.dir, rf.stdin
	c, err := newPipeCapture(spec.OnLine)
	if err != nil {
		return Run{}, err
	}
	defer c.close()
	cmd := exec.Command(spec.Bin, spec.Args...)
	cmd.Dir, cmd.Env = dir, spec.environ(dir)
	cmd.Stdout, cmd.Stderr = c.w[0], c.w[1]
	if stdin != nil {
		cmd.Stdin = stdin // else the null device
	}
	g, err := newProcGroup(cmd)
	if err != nil {
		return Run{}, err
	}
	defer g.close()
	start := time.Now()
	c.begin(start)
	if err := cmd.Start(); err != nil {
		c.finish(0)
		return Run{}, fmt.Errorf("starting the program: %w", err)
	}
	c.closeWriters()
	if err := g.started(cmd.Process); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		c.finish(0)
		return Run{}, err
	}
	run := superviseProgram(ctx, cmd, g, &spec, start)
	lines := c.finish(portableLinger)
	run.Output, run.Truncated = lines.lines, lines.truncated
	return run, ctx.Err()
}

// superviseProgram waits for the program to exit, to reach its timeout
// or to be cancelled with ctx, then kills whatever is left of its group
// and says what happened.
func superviseProgram(ctx context.Context, cmd *exec.Cmd, g *procGroup, spec *execSpec, start time.Time) Run {
	exited := make(chan time.Time, 1)
	go func() {
		cmd.Wait() // the exit status is in cmd.ProcessState
		exited <- time.Now()
	}()
	timer := time.NewTimer(spec.timeout())
	defer timer.Stop()
	var end time.Time
	killed, timedOut := false, false
	select {
	case end = <-exited:
	case <-timer.C:
		killed, timedOut = true, true
		end = stopProgram(g, spec.grace(), exited)
	case <-ctx.Done():
		killed = true
		end = stopProgram(g, 0, exited)
	}
	// Children the program left behind die with it.
	g.kill()
	run := Run{
		GOMAXPROCS: spec.GOMAXPROCS,
		Start:      start.UTC(),
		TimedOut:   timedOut,
		Wall:       end.Sub(start),
	}
	if run.GOMAXPROCS <= 0 {
		run.GOMAXPROCS = defaultGOMAXPROCS()
	}
	run.ExitCode, run.Signal = g.status(cmd.ProcessState, killed)
	run.User, run.System, run.MaxRSS = g.usage(cmd.ProcessState)
	return run
}

// stopProgram kills the program's group, first giving it grace after
// the interrupt a traced program flushes its trace on, where the system
// has one.
func stopProgram(g *procGroup, grace time.Duration, exited <-chan time.Time) time.Time {
	if grace > 0 && g.interrupt() {
		select {
		case end := <-exited:
			return end
		case <-time.After(grace):
		}
	}
	g.killDescendants()
	g.kill()
	return <-exited
}

// defaultGOMAXPROCS is the GOMAXPROCS a program gets when its
// environment does not set it: ours, unless our own was set by the
// variable (the program's environment never has it).
func defaultGOMAXPROCS() int {
	if os.Getenv("GOMAXPROCS") != "" {
		return runtime.NumCPU()
	}
	return runtime.GOMAXPROCS(0)
}
