package runner

import (
	"os/exec"
	"runtime"

	"golang.org/x/sys/unix"
)

// backgroundNice is how much nicer than workbook startBackground makes a
// command: enough for the build to get the CPU first when both want it,
// not so much that the command starves on a busy machine.
const backgroundNice = 5

// startBackground starts cmd at a lower CPU priority, which every
// process it starts inherits, so work whose result is needed later gives
// way to work that is waited for now.
//
// On Linux a nice value belongs to a thread and a new process inherits
// its creating thread's, so cmd is started from a thread made nicer for
// the purpose, locked to a goroutine that never unlocks it: the thread
// ends with the goroutine, and no other goroutine runs at its priority.
// If the priority cannot be changed, cmd starts at workbook's own.
func startBackground(cmd *exec.Cmd) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// Getpriority returns 20 - nice for the calling thread (who 0).
		if p, err := unix.Getpriority(unix.PRIO_PROCESS, 0); err == nil {
			_ = unix.Setpriority(unix.PRIO_PROCESS, 0, min(20-p+backgroundNice, 19))
		}
		errc <- cmd.Start()
	}()
	return <-errc
}
