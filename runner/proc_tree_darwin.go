package runner

import "golang.org/x/sys/unix"

// processParents maps every process to its parent, from the kernel's
// process table, or returns nil when it cannot be read.
func processParents() map[int]int {
	procs, err := unix.SysctlKinfoProcSlice("kern.proc.all")
	if err != nil {
		return nil
	}
	m := make(map[int]int, len(procs))
	for _, p := range procs {
		m[int(p.Proc.P_pid)] = int(p.Eproc.Ppid)
	}
	return m
}
