//go:build linux

package runner

import (
	"bytes"
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// How a run's processes are fenced, and why this way:
//
// The sandbox helper kills the program's process group and reaps every
// orphan it inherits as their subreaper. That fails only when the program
// kills or stops the helper itself. Then the program dies with the helper
// (its parent-death signal), but its children are orphaned beyond the
// helper's reach. Two things catch them:
//
//   - The helper leads a session of its own, which the program and its
//     descendants inherit; after a run whose helper did not finish
//     cleanly, runner kills every process left in that session.
//   - The process that starts runs is itself a child subreaper, so those
//     orphans are re-parented to it rather than to init: their ids
//     cannot be reused until runner reaps them, so killing them by id is
//     safe, and they do not linger as zombies.
//
// A descendant that both starts a session of its own (setsid) and
// outlives a helper it killed is out of reach. A PID namespace would
// fence even that, but unprivileged user namespaces are disabled on many
// systems and change what programs observe (their pid, /proc), so it is
// not relied on.

// becomeSubreaper makes this process the reaper of orphans it inherits
// from runs. Setting it again is harmless, so no state records it; on a
// kernel without it, the session kill below still applies.
func becomeSubreaper() {
	_ = unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
}

// sessionReapLimit bounds how long runner kills and reaps a session's
// leftovers: SIGKILLed processes exit within milliseconds; one stuck in
// the kernel must not hold up the build.
const sessionReapLimit = 500 * time.Millisecond

// killSession kills every process of session sid (the id of a run's
// helper, already reaped) and reaps those that were re-parented to us,
// until none is left or the deadline passes.
func killSession(sid int, deadline time.Time) {
	self := os.Getpid()
	for {
		left := false
		for _, p := range sessionProcs(sid) {
			if p.pid == sid || p.pid == self {
				continue
			}
			if !p.zombie {
				unix.Kill(p.pid, unix.SIGKILL)
				left = true
			}
			if p.ppid == self {
				var ws unix.WaitStatus
				if pid, _ := unix.Wait4(p.pid, &ws, unix.WNOHANG, nil); pid <= 0 {
					left = true
				}
			}
		}
		if !left || time.Now().After(deadline) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// procInfo is what /proc/PID/stat says of a process.
type procInfo struct {
	pid, ppid, sid int
	zombie         bool
}

// sessionProcs lists the processes of session sid.
func sessionProcs(sid int) []procInfo {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var procs []procInfo
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readProcStat(pid); ok && p.sid == sid {
			procs = append(procs, p)
		}
	}
	return procs
}

// readProcStat parses "PID (COMM) STATE PPID PGRP SESSION ...": COMM
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
	if len(f) < 4 {
		return procInfo{}, false
	}
	ppid, err1 := strconv.Atoi(string(f[1]))
	sid, err2 := strconv.Atoi(string(f[3]))
	if err1 != nil || err2 != nil {
		return procInfo{}, false
	}
	return procInfo{pid: pid, ppid: ppid, sid: sid, zombie: string(f[0]) == "Z"}, true
}
