//go:build linux

package runner

import (
	"os"
	"strings"
	"syscall"
	"testing"
)

// A descriptor that whoever started workbook left open (a make
// jobserver's pipe) must not reach programs. The leak here is /dev/null,
// which a program otherwise holds only as its stdin (0).
func TestProgramsSeeNoInheritedDescriptors(t *testing.T) {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	leak, err := syscall.Dup(int(f.Fd())) // dup clears close-on-exec
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(leak)
	src := `package main

import (
	"fmt"
	"os"
)

func main() {
	names, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		target, _ := os.Readlink("/proc/self/fd/" + n.Name())
		fmt.Println(n.Name(), target)
	}
}
`
	res := runAll(t, &Runner{CacheDir: t.TempDir()}, &Program{Source: []byte(src)})[0]
	if !res.Build.OK || len(res.Runs) != 1 || len(res.Runs[0].Output) < 3 {
		t.Fatalf("unexpected result: %+v", res)
	}
	for _, l := range res.Runs[0].Output {
		fd, target, _ := strings.Cut(l.Text, " ")
		if fd != "0" && target == os.DevNull {
			t.Errorf("the program holds descriptor %s on %s, left open by whoever started workbook", fd, target)
		}
	}
}
