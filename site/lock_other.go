//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package site

import "os"

// lockFile does nothing where workbook knows no file lock: concurrent
// builds of one site are then the user's to avoid.
func lockFile(*os.File) error { return nil }

func unlockFile(*os.File) {}
