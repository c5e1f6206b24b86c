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

// hostileHelperKiller starts a child that sleeps, writes its pid to the
// file named by its first argument, then kills or stops its own parent
// (the sandbox helper), as its second argument says.
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
	if err := child.Start(); err != nil {
		panic(err)
	}
	os.WriteFile(os.Args[1], []byte(strconv.Itoa(child.Process.Pid)), 0o644)
	sig := syscall.SIGKILL
	if os.Args[2] == "stop" {
		sig = syscall.SIGSTOP
	}
	syscall.Kill(os.Getppid(), sig)
	time.Sleep(time.Minute)
}
`

// TestRunOutlivesNoHelperKiller: a program that kills or stops its own
// sandbox helper leaves no process behind once the run has ended.
func TestRunOutlivesNoHelperKiller(t *testing.T) {
	bin := execTestBuild(t, hostileHelperKiller)
	r := execTestRunner(t)
	for _, how := range []string{"kill", "stop"} {
		t.Run(how, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			_, err := r.exec(context.Background(), execSpec{Bin: bin, Args: []string{pidFile, how}, Timeout: time.Second})
			if err == nil || !strings.Contains(err.Error(), "kills or stops its own helper") {
				t.Errorf("exec: %v; want an error saying the helper ended without a report", err)
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
