//go:build linux

// Command sandbox starts one program for package runner and reports what
// the kernel saw of it. runner embeds this file, builds it once into its
// cache directory and starts every program through it.
//
// It exists because a child's peak RSS (ru_maxrss) starts at the size of
// the process that forked it: programs started by a big runner would all
// look as big as the runner. This helper is small, so what it reports of
// its child is close to the child's own size. Being the parent also lets
// it enforce limits (rlimits apply to the process that sets them, never
// to runner) and reap every descendant before it answers.
//
// It uses the standard library only: runner builds it from this one file,
// so it must not need a module download, and every package it links adds
// to the peak RSS it hands down.
//
// Usage (runner is the only caller):
//
//	sandbox DIR TIMEOUT_NS GRACE_NS GOMAXPROCS MEMORY NENV ENV... PROGRAM ARGS...
//
// MEMORY, when not 0, is the program's RLIMIT_AS in bytes (see
// limitedExec).
//
// Descriptors: 0 is the program's stdin; 1 receives "pid PID" once the
// program has started (so runner can find what it leaves if the helper
// is killed), then the one-line report;
// 2 receives the helper's own errors; 3 and 4 become the program's
// stdout and stderr; 5 is a datagram socket on which the helper says
// "start" just before starting the program (runner's clock for output
// times); reading 6 returns EOF when runner wants the run stopped (or has
// died).
//
// The report is "ok WALL_NS USER_NS SYS_NS MAXRSS_KB WAITSTATUS TIMEDOUT
// GOMAXPROCS" or "error MESSAGE".
package main

import (
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

const (
	fdStdout = 3
	fdStderr = 4
	fdStart  = 5
	fdCancel = 6
)

// fileSizeLimit is RLIMIT_FSIZE for the program: far above what a lesson
// writes to disk, low enough that a runaway loop cannot fill the disk in
// one file (writes past it fail with EFBIG; Go ignores SIGXFSZ).
const fileSizeLimit = 256 << 20

// reapLimit bounds how long the helper kills and reaps descendants after
// the program's group is dead: enough for SIGKILLed processes to exit,
// short enough that a process stuck in the kernel cannot hold runner up.
const reapLimit = 500 * time.Millisecond

type config struct {
	dir        string
	timeout    time.Duration
	grace      time.Duration // SIGUSR2 to SIGKILL at timeout, 0 for none
	gomaxprocs int
	memory     uint64 // RLIMIT_AS in bytes, 0 for none
	env        []string
	argv       []string // argv[0] is the program's path
}

type report struct {
	wall, user, sys time.Duration
	maxRSS          int64 // KiB
	status          syscall.WaitStatus
	timedOut        bool
	gomaxprocs      int
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == limitedExecArg {
		limitedExec(os.Args[2:])
	}
	rep, err := run(os.Args[1:])
	if err != nil {
		os.Stdout.WriteString("error " + strings.ReplaceAll(err.Error(), "\n", " ") + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString(rep.String())
}

func (r report) String() string {
	timedOut := 0
	if r.timedOut {
		timedOut = 1
	}
	f := []int64{int64(r.wall), int64(r.user), int64(r.sys), r.maxRSS, int64(r.status), int64(timedOut), int64(r.gomaxprocs)}
	b := []byte("ok")
	for _, n := range f {
		b = append(b, ' ')
		b = strconv.AppendInt(b, n, 10)
	}
	return string(append(b, '\n'))
}

func parse(args []string) (config, error) {
	var c config
	if len(args) < 7 {
		return c, errors.New("usage: sandbox DIR TIMEOUT_NS GRACE_NS GOMAXPROCS MEMORY NENV ENV... PROGRAM ARGS")
	}
	var n [5]int64
	for i := range n {
		v, err := strconv.ParseInt(args[1+i], 10, 64)
		if err != nil || v < 0 {
			return c, errors.New("bad number " + strconv.Quote(args[1+i]))
		}
		n[i] = v
	}
	c.dir, c.timeout, c.grace, c.gomaxprocs = args[0], time.Duration(n[0]), time.Duration(n[1]), int(n[2])
	c.memory = uint64(n[3])
	rest := args[6:]
	if int64(len(rest)) <= n[4] {
		return c, errors.New("missing program")
	}
	c.env, c.argv = rest[:n[4]], rest[n[4]:]
	return c, nil
}

func run(args []string) (report, error) {
	cfg, err := parse(args)
	if err != nil {
		return report{}, err
	}
	if err := setup(); err != nil {
		return report{}, err
	}
	cancel := watchCancel()
	rep := report{gomaxprocs: cfg.gomaxprocs}
	if rep.gomaxprocs == 0 {
		// runner starts the helper with an empty environment, so this is
		// the runtime's default here, which is the program's default too.
		rep.gomaxprocs = runtime.GOMAXPROCS(0)
	}
	pid, start, err := startProgram(cfg)
	if err != nil {
		return report{}, err
	}
	end, timedOut := supervise(pid, start.Add(cfg.timeout), cfg.grace, cancel)
	rep.wall, rep.timedOut = end.Sub(start), timedOut
	// The leader is a zombie: its pgid cannot be reused, so killing the
	// group hits only what the program started.
	syscall.Kill(-pid, syscall.SIGKILL)
	if rep.status, err = reap(pid); err != nil {
		return report{}, err
	}
	reapOrphans(time.Now().Add(reapLimit))
	var ru syscall.Rusage
	// Every reaped descendant counts, including orphans reaped above.
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return report{}, errors.New("getrusage: " + err.Error())
	}
	rep.user = time.Duration(syscall.TimevalToNsec(ru.Utime))
	rep.sys = time.Duration(syscall.TimevalToNsec(ru.Stime))
	rep.maxRSS = ru.Maxrss
	return rep, nil
}

// setup keeps runner's descriptors out of the program, sets the limits
// the program inherits, and makes the helper the reaper of the program's
// orphans, so a grandchild left behind becomes ours to kill.
func setup() error {
	// Every descriptor above stderr closes on exec: ours, and any that
	// whoever started workbook left open (a make jobserver's pipes, a CI
	// agent's), which the program must not see.
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return errors.New("listing descriptors: " + err.Error())
	}
	for _, e := range fds {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
	for _, fd := range []int{fdStdout, fdStderr, fdStart, fdCancel} {
		syscall.CloseOnExec(fd)
	}
	limits := []struct {
		res int
		n   uint64
	}{
		{syscall.RLIMIT_CORE, 0},
		{syscall.RLIMIT_FSIZE, fileSizeLimit},
	}
	for _, l := range limits {
		if err := syscall.Setrlimit(l.res, &syscall.Rlimit{Cur: l.n, Max: l.n}); err != nil {
			return errors.New("setrlimit: " + err.Error())
		}
	}
	const prSetChildSubreaper = 36
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); e != 0 {
		return errors.New("prctl(PR_SET_CHILD_SUBREAPER): " + e.Error())
	}
	return nil
}

// watchCancel returns a channel closed when runner closes its end of the
// cancel pipe, on purpose or by dying.
func watchCancel() <-chan struct{} {
	done := make(chan struct{})
	go func() {
		f := os.NewFile(fdCancel, "cancel")
		var b [64]byte
		for {
			if _, err := f.Read(b[:]); err != nil {
				close(done)
				return
			}
		}
	}()
	return done
}

// startProgram says "start" to runner and starts the program in its own
// process group. The datagram is stamped by the kernel when sent, on the
// same clock as the program's output, so output times are measured from
// here.
func startProgram(cfg config) (pid int, start time.Time, err error) {
	if _, err := syscall.Write(fdStart, []byte("start")); err != nil {
		return 0, start, errors.New("announcing start: " + err.Error())
	}
	start = time.Now()
	argv0, argv := cfg.argv[0], cfg.argv
	if cfg.memory > 0 {
		// The limit must bind the program, not the helper, and be one the
		// program cannot raise: a copy of the helper sets it, then
		// becomes the program.
		self, err := os.Executable()
		if err != nil {
			return 0, start, errors.New("finding the helper: " + err.Error())
		}
		argv0 = self
		argv = append([]string{self, limitedExecArg, strconv.FormatUint(cfg.memory, 10)}, argv...)
	}
	pid, err = syscall.ForkExec(argv0, argv, &syscall.ProcAttr{
		Dir:   cfg.dir,
		Env:   cfg.env,
		Files: []uintptr{0, fdStdout, fdStderr},
		Sys: &syscall.SysProcAttr{
			Setpgid: true,
			// If the helper dies, so does the program (its group is then
			// beyond reach, but the cancel pipe covers runner dying).
			Pdeathsig: syscall.SIGKILL,
		},
	})
	if err != nil {
		return 0, start, errors.New("starting " + cfg.argv[0] + ": " + err.Error())
	}
	os.Stdout.WriteString("pid " + strconv.Itoa(pid) + "\n")
	return pid, start, nil
}

// supervise waits for the program to exit, to time out or to be
// cancelled, and returns when its leader exited (still unreaped).
func supervise(pid int, deadline time.Time, grace time.Duration, cancel <-chan struct{}) (end time.Time, timedOut bool) {
	exited := make(chan time.Time, 1)
	go func() {
		waitExited(pid)
		exited <- time.Now()
	}()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case end = <-exited:
		return end, false
	case <-timer.C:
		return stop(pid, grace, exited), true
	case <-cancel:
		return stop(pid, 0, exited), false
	}
}

// stop kills the program's group, first giving it grace after SIGUSR2
// (a traced program flushes its trace on SIGUSR2).
func stop(pid int, grace time.Duration, exited <-chan time.Time) time.Time {
	if grace > 0 {
		syscall.Kill(-pid, syscall.SIGUSR2)
		select {
		case end := <-exited:
			return end
		case <-time.After(grace):
		}
	}
	syscall.Kill(-pid, syscall.SIGKILL)
	return <-exited
}

// waitExited blocks until pid has exited, leaving it a zombie
// (waitid with WNOWAIT; syscall has no Waitid).
func waitExited(pid int) {
	const (
		pPID    = 1
		wEXITED = 4
		wNOWAIT = 0x1000000
	)
	var info [128]byte // siginfo_t
	for {
		_, _, e := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid),
			uintptr(unsafe.Pointer(&info)), wEXITED|wNOWAIT, 0, 0)
		if e != syscall.EINTR {
			return
		}
	}
}

func reap(pid int) (syscall.WaitStatus, error) {
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return ws, errors.New("wait4: " + err.Error())
		}
		return ws, nil
	}
}

// reapOrphans kills and reaps every remaining child of the helper until
// none is left or the deadline passes. Once the program's leader is
// reaped, every child the helper has is an orphaned descendant of the
// program (the helper is their subreaper), including ones that left the
// process group with setsid. Killing our own unreaped children is safe:
// their pids cannot be reused until we reap them.
func reapOrphans(deadline time.Time) {
	for {
		for _, pid := range children() {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG|syscall.WALL, nil)
			if err == syscall.ECHILD {
				return
			}
			if err != syscall.EINTR && (err != nil || pid <= 0) {
				break
			}
		}
		if time.Now().After(deadline) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// children lists the helper's child processes from /proc (any thread
// may be the parent of a reparented orphan). Without /proc it lists
// none, and only the process group kill applies.
func children() []int {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil
	}
	var pids []int
	for _, t := range tasks {
		b, err := os.ReadFile("/proc/self/task/" + t.Name() + "/children")
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

// limitedExecArg starts the helper in its second role: set the memory
// limit, then exec the program (see startProgram).
const limitedExecArg = "-exec-limited"

// limitedExec sets RLIMIT_AS (soft and hard, so the program cannot
// raise it) and replaces itself with the program: args are LIMIT PROGRAM
// ARGS. The process group, parent-death signal, folder and descriptors
// set by the helper survive the exec.
//
// RLIMIT_AS counts address space, so what Go reserves without using
// counts too (about 1.2 GiB on linux/amd64 before main runs).
// RLIMIT_DATA would count only memory mapped for writing, but Go 1.26's
// runtime can crash with SIGSEGV rather than report "out of memory"
// when a mapping is refused under it.
func limitedExec(args []string) {
	fail := func(msg string) {
		os.Stderr.WriteString("workbook sandbox: " + msg + "\n")
		os.Exit(127)
	}
	if len(args) < 2 {
		fail("usage: " + limitedExecArg + " LIMIT PROGRAM ARGS")
	}
	n, err := strconv.ParseUint(args[0], 10, 64)
	if err != nil {
		fail("bad limit " + strconv.Quote(args[0]))
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
		fail("setrlimit: " + err.Error())
	}
	err = syscall.Exec(args[1], args[1:], os.Environ())
	fail("starting " + args[1] + ": " + err.Error())
}
