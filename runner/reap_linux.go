//go:build linux

package runner

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// How a run's processes are fenced, and why this way:
//
// The sandbox helper kills the program's process group and reaps every
// orphan it inherits as their subreaper. That fails only when the program
// kills or stops the helper itself. Then the program dies with the helper
// (its parent-death signal), but its children are orphaned beyond the
// helper's reach. The process that starts runs is therefore itself a
// child subreaper: the program and those orphans are re-parented to it
// rather than to init, and after a run whose helper did not finish
// cleanly, runner kills and reaps every child of its own in the
// program's process group (the helper says the program's pid, which is
// the group's id). Being our unreaped children, their ids cannot be
// reused meanwhile, so killing them by id is safe, and only our own
// children are ever killed, whatever a program writes where the helper
// reports.
//
// A descendant that leaves the program's group (setpgid, setsid) is
// recognised by its environment instead: every run's HOME and TMPDIR
// name the run's own folder, which nothing else runner starts has. Only
// one that also replaces its environment (an exec with a new one) and
// outlives a helper it killed escapes. Giving each helper its own session
// would mark runs more firmly, but a session is also a scheduling
// autogroup on Linux: runs would compete with the whole machine as if
// they were another user, which took a hello world's run from 28 to 50 ms
// on a loaded machine. A PID namespace or a cgroup would fence even
// escapees, but unprivileged user namespaces are disabled on many systems
// and cgroups are rarely delegated, so neither is relied on.

// becomeSubreaper makes this process the reaper of orphans it inherits
// from runs. Setting it again is harmless, so no state records it; on a
// kernel without it, orphans go to init and stay out of reach.
func becomeSubreaper() {
	_ = unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
}

// orphanReapLimit bounds how long runner kills and reaps a run's
// orphans: SIGKILLed processes exit within milliseconds; one stuck in
// the kernel must not hold up the build.
const orphanReapLimit = 500 * time.Millisecond

// killOrphans kills and reaps our children in process group pgid (a
// program's, see above) or whose environment names the run's folder dir,
// until a look finds none or the deadline passes. A process that dies
// between the listing and the look has just handed its own children to
// us, so only a look that finds nothing of the run's ends the loop.
func killOrphans(pgid int, dir string, deadline time.Time) {
	self := os.Getpid()
	ours := map[int]bool{} // a zombie's environment can no longer be read
	for {
		found := false
		for _, pid := range ourChildren(self) {
			p, ok := readProcStat(pid)
			if !ok || (p.pgid != pgid && !ours[pid] && !inRun(pid, dir)) {
				continue
			}
			ours[pid], found = true, true
			if !p.zombie {
				unix.Kill(pid, unix.SIGKILL)
			}
			var ws unix.WaitStatus
			if got, _ := unix.Wait4(pid, &ws, unix.WNOHANG, nil); got == pid {
				delete(ours, pid) // reaped: its id may now be anyone's
			}
		}
		if !found || time.Now().After(deadline) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// inRun reports whether process pid's environment names the run folder
// dir as HOME or TMPDIR (see systemEnv).
func inRun(pid int, dir string) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil || dir == "" {
		return false
	}
	for _, kv := range bytes.Split(b, []byte{0}) {
		if string(kv) == "HOME="+dir || string(kv) == "TMPDIR="+dir {
			return true
		}
	}
	return false
}

// ourChildren lists the child processes of this process: from each
// thread's children file, or, where the kernel has none, by scanning
// /proc for processes whose parent is self.
func ourChildren(self int) []int {
	var pids []int
	tasks, _ := os.ReadDir("/proc/self/task")
	found := false
	for _, t := range tasks {
		b, err := os.ReadFile("/proc/self/task/" + t.Name() + "/children")
		if err != nil {
			continue
		}
		found = true
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	if found {
		return pids
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readProcStat(pid); ok && p.ppid == self {
			pids = append(pids, pid)
		}
	}
	return pids
}

// procInfo is what /proc/PID/stat says of a process.
type procInfo struct {
	pid, ppid, pgid int
	zombie          bool
}

// readProcStat parses "PID (COMM) STATE PPID PGRP ...": COMM
// may hold spaces and parentheses, so fields are counted from the last
// ')'.
func readProcStat(pid int) (procInfo, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procInfo{}, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procInfo{}, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 3 {
		return procInfo{}, false
	}
	ppid, err1 := strconv.Atoi(string(f[1]))
	pgid, err2 := strconv.Atoi(string(f[2]))
	if err1 != nil || err2 != nil {
		return procInfo{}, false
	}
	return procInfo{pid: pid, ppid: ppid, pgid: pgid, zombie: string(f[0]) == "Z"}, true
}
