//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package site

import (
	"os"
	"syscall"
)

// lockFile waits for an exclusive lock on f; closing f releases it too.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			return err
		}
	}
}

func unlockFile(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
