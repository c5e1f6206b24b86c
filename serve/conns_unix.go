//go:build unix

package serve

import "syscall"

// maxConns bounds serve's connections at once: a quarter of the file
// descriptors this process may open (Go raises the soft limit to the
// hard one at start), at most 256 (far more than the tabs of one person:
// browsers open six connections per host), and at least 16. The other
// three quarters stay free for rebuilds: the go command's pipes, the
// runner's, the lessons being read.
func maxConns() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 256
	}
	return max(16, min(256, int(rl.Cur/4)))
}
