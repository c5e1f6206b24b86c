//go:build unix && !linux

package runner

import "testing"

// socketMaxSend is only asked of BackendLinux, which needs Linux.
func socketMaxSend(t testing.TB) int {
	t.Helper()
	t.Fatal("the linux backend's sockets exist only on Linux")
	return 0
}
