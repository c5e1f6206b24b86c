package site

import (
	"testing"
	"time"
)

// TestLockOut: a second build of the same site waits for the first; a
// build of another site does not.
func TestLockOut(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockOut(dir, "public")
	if err != nil {
		t.Fatal(err)
	}
	other, err := lockOut(dir, "elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	other()
	got := make(chan func(), 1)
	go func() {
		second, err := lockOut(dir, "./public")
		if err != nil {
			t.Error(err)
		}
		got <- second
	}()
	select {
	case <-got:
		t.Fatal("a second build of the site took the lock while the first held it")
	case <-time.After(300 * time.Millisecond):
	}
	unlock()
	(<-got)()
}
