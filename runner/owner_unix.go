//go:build unix

package runner

import (
	"io/fs"
	"os"
	"syscall"
)

// ownedByUs reports whether fi is ours and closed to everyone else.
func ownedByUs(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return fi.Mode().Perm()&0o077 == 0 && (!ok || int(st.Uid) == os.Getuid())
}
