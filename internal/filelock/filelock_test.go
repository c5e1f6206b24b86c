package filelock

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Two opens of one file stand for two processes: flock and LockFileEx
// locks belong to the open file, not to the process.
func TestTryLock(t *testing.T) {
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd", "netbsd", "openbsd", "dragonfly", "windows":
	default:
		t.Skip("no file locks here")
	}
	name := filepath.Join(t.TempDir(), "x.lock")
	open := func() *os.File {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	a, b := open(), open()
	if ok, err := TryLock(a); !ok || err != nil {
		t.Fatalf("first TryLock: %v, %v; want true, nil", ok, err)
	}
	if ok, err := TryLock(b); ok || err != nil {
		t.Fatalf("TryLock of a locked file: %v, %v; want false, nil", ok, err)
	}
	Unlock(a)
	if ok, err := TryLock(b); !ok || err != nil {
		t.Fatalf("TryLock after Unlock: %v, %v; want true, nil", ok, err)
	}
	b.Close() // closing releases it too
	if err := Lock(a); err != nil {
		t.Fatalf("Lock after the holder closed its file: %v", err)
	}
}
