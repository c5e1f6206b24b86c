package site

import (
	"io/fs"
	"syscall"
)

// changeTime is fi's change time (ctime), which every write sets.
func changeTime(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return 0
}
