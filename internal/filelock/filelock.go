// Package filelock takes exclusive advisory locks on open files. A lock
// ends with Unlock, with the file's Close, or with its process: a
// workbook killed half-way never leaves a lock behind.
package filelock

import "os"

// Lock waits for an exclusive lock on f. Where workbook knows no file
// lock it does nothing: concurrent use is then the user's to avoid.
func Lock(f *os.File) error { return lock(f) }

// TryLock takes an exclusive lock on f if no one holds one, and reports
// whether it did. Where workbook knows no file lock it never does, so a
// caller with somewhere else to go goes there.
func TryLock(f *os.File) (bool, error) { return tryLock(f) }

// Unlock releases a lock on f.
func Unlock(f *os.File) { unlock(f) }
