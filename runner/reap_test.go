//go:build linux

package runner

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileHelperKiller starts a child that sleeps (in a session of its
// own when its third argument is "setsid"), writes its pid to the file
// named by its first argument, prints a line, then kills or stops its own
// parent (the sandbox helper), as its second argument says.
const hostileHelperKiller = `package main

import (
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

func main() {
	child := exec.Command("sleep", "60")
	if os.Args[3] == "setsid" {
		child.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	if err := child.Start(); err != nil {
		panic(err)
	}
	os.WriteFile(os.Args[1], []byte(strconv.Itoa(child.Process.Pid)), 0o644)
	println("before")
	sig := syscall.SIGKILL
	if os.Args[2] == "stop" {
		sig = syscall.SIGSTOP
	}
	syscall.Kill(os.Getppid(), sig)
	time.Sleep(time.Minute)
}
`

// TestRunOutlivesNoHelperKiller: a program that kills or stops its own
// sandbox helper is a failed run, not an error, and leaves no process
// behind once the run has ended, even one in a session of its own.
// skipPortable skips a test of the linux backend's helper: on the
// portable backend a program's parent is the test itself, which a
// helper killer would kill.
func skipPortable(t *testing.T, r *Runner) {
	t.Helper()
	if b, _ := r.backend(); b == BackendPortable {
		t.Skip("the portable backend has no helper: the program's parent is this test")
	}
}

func TestRunOutlivesNoHelperKiller(t *testing.T) {
	bin := execTestBuild(t, hostileHelperKiller)
	r := execTestRunner(t)
	skipPortable(t, r)
	for _, how := range []string{"kill", "stop", "kill setsid", "stop setsid"} {
		t.Run(how, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			args := append([]string{pidFile}, strings.Fields(how + " -")[:2]...)
			run, err := r.exec(context.Background(), execSpec{Bin: bin, Args: args, Timeout: time.Second})
			if err != nil {
				t.Fatalf("exec: %v; want a failed run", err)
			}
			if !strings.Contains(run.Aborted, "killed or stopped the sandbox helper") || run.ExitCode != -1 {
				t.Errorf("run aborted %q exit %d; want one saying the helper was killed, exit -1", run.Aborted, run.ExitCode)
			}
			if len(run.Output) != 1 || run.Output[0].Text != "before" {
				t.Errorf("output %v, want the line printed before", run.Output)
			}
			b, rerr := os.ReadFile(pidFile)
			if rerr != nil {
				t.Fatalf("the program did not start its child: %v", rerr)
			}
			pid, _ := strconv.Atoi(string(b))
			t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
			if alive(pid) {
				t.Errorf("the program's child %d is still running after the run ended", pid)
			}
			if p, ok := readProcStat(pid); ok && p.zombie && p.ppid == os.Getpid() {
				t.Errorf("the program's child %d was killed but never reaped", pid)
			}
		})
	}
}

// alive reports whether pid names a process that is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(b), ')')
	return i < 0 || !strings.HasPrefix(strings.TrimSpace(string(b[i+1:])), "Z")
}

// TestHelperKillerFailsAlone: among other programs, one that kills its
// helper is a failed result that is never cached, and the others run
// as usual.
func TestHelperKillerFailsAlone(t *testing.T) {
	killer := &Program{Source: []byte(hostileHelperKiller), Args: []string{filepath.Join(t.TempDir(), "pid"), "kill", "setsid"}}
	r := &Runner{CacheDir: t.TempDir()}
	skipPortable(t, r)
	for round := range 2 {
		res := runAll(t, r, killer, &Program{Source: hello(1, "hi")})
		if res[0].OK(0) || len(res[0].Runs) != 1 || res[0].Runs[0].Aborted == "" || res[0].Cached {
			t.Errorf("round %d: killer OK %v cached %v runs %+v; want a fresh, aborted failure", round, res[0].OK(0), res[0].Cached, res[0].Runs)
		}
		if !res[1].OK(0) || len(res[1].Runs[0].Output) != 1 || res[1].Runs[0].Output[0].Text != "hi" {
			t.Errorf("round %d: the other program: %+v; want it to pass", round, res[1].Runs)
		}
	}
}
