//go:build unix

package runner

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// procGroup is the program's own process group for BackendPortable:
// the program leads it, its children join it, and killing the group
// kills them all. A descendant that starts a session or group of its own
// (setsid, setpgid) leaves it: stopping a program that still runs also
// kills its descendants found through the process table, but once the
// program has exited, such an orphan belongs to init and cannot be told
// apart (Linux has the subreaper BackendLinux uses; macOS nothing like
// it).
type procGroup struct {
	pid int
}

// newProcGroup makes cmd start in a group of its own.
func newProcGroup(cmd *exec.Cmd) (*procGroup, error) {
	closeInheritedOnExec()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return &procGroup{}, nil
}

// closeInheritedOnExec marks every descriptor above stderr close-on-exec.
// Go opens its own that way; the others were left open by whoever started
// workbook (a make jobserver's pipes, a CI agent's) and must not reach
// the program. Linux and macOS list them in /dev/fd.
func closeInheritedOnExec() {
	fds, err := os.ReadDir("/dev/fd")
	if err != nil {
		return
	}
	for _, e := range fds {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}

func (g *procGroup) started(p *os.Process) error {
	g.pid = p.Pid
	return nil
}

// interrupt sends SIGUSR2 to the group (see execTraceEnv).
func (g *procGroup) interrupt() bool {
	return syscall.Kill(-g.pid, syscall.SIGUSR2) == nil
}

// groupGoneLimit bounds how long kill waits for the group to be gone:
// enough for SIGKILLed processes to exit and be reaped, short enough
// that a process stuck in the kernel cannot hold the run up.
const groupGoneLimit = 500 * time.Millisecond

// kill kills every process of the group and waits until none is left
// (orphans are reaped by init, or whichever process reaps them). Once
// the leader is reaped its id could in principle be reused, but not
// while any process of the group exists, and a pid is not reused within
// the moment this takes.
func (g *procGroup) kill() {
	if g.pid <= 0 {
		return
	}
	deadline := time.Now().Add(groupGoneLimit)
	for syscall.Kill(-g.pid, syscall.SIGKILL) == nil && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
}

// stopTreeRounds bounds the passes killDescendants makes: a descendant
// may start another while we look, but not forever once its parent dies.
const stopTreeRounds = 3

// killDescendants kills the running program's descendants, wherever
// their group, while they can still be found as such. Their pids cannot
// be reused before their parent, which we are about to kill, reaps them.
func (g *procGroup) killDescendants() {
	for range stopTreeRounds {
		ds := descendants(processParents(), g.pid)
		if len(ds) == 0 {
			return
		}
		for _, pid := range ds {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

func (g *procGroup) close() {}

// status is the exit code, or -1 and the signal's name.
func (g *procGroup) status(ps *os.ProcessState, killed bool) (int, string) {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	if ok && ws.Signaled() {
		return -1, unix.SignalName(ws.Signal())
	}
	return ps.ExitCode(), ""
}

// usage is the leader's CPU time and peak RSS in KiB, from wait4's
// rusage: macOS counts ru_maxrss in bytes, Linux and the BSDs in KiB.
// Children are not counted (only RUSAGE_CHILDREN would, for all our
// children at once).
func (g *procGroup) usage(ps *os.ProcessState) (user, sys time.Duration, maxRSS int64) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return ps.UserTime(), ps.SystemTime(), 0
	}
	maxRSS = int64(ru.Maxrss)
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		maxRSS /= 1024
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), maxRSS
}
