//go:build linux

package runner

import (
	"context"
	"strings"
	"testing"
)

// memoryHog maps 256 MiB and writes every page, after trying to lift its
// own memory limit.
const memoryHog = `package main

import (
	"fmt"
	"syscall"
)

func main() {
	inf := syscall.Rlimit{Cur: ^uint64(0), Max: ^uint64(0)}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &inf); err != nil {
		fmt.Println("could not lift the limit")
	}
	b := make([]byte, 256<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	fmt.Println("allocated", len(b)>>20, "MiB")
}
`

func TestExecMemoryLimit(t *testing.T) {
	bin := execTestBuild(t, memoryHog)
	r := execTestRunner(t)
	if b, _ := r.backend(); b == BackendPortable {
		t.Skip("the portable backend sets no memory limit (a session refuses -memory there)")
	}
	free, err := r.exec(context.Background(), execSpec{Bin: bin})
	if err != nil || free.ExitCode != 0 || !strings.Contains(execText(free, Stdout), "allocated 256 MiB") {
		t.Fatalf("without a limit: %v, exit %d, output %q", err, free.ExitCode, execText(free, Stdout))
	}
	limited := *r
	// Go reserves about 1.2 GiB of address space before main runs:
	// enough to start, not enough for 256 MiB more.
	limited.Memory = 1280 << 20
	run, err := limited.exec(context.Background(), execSpec{Bin: bin})
	if err != nil {
		t.Fatal(err)
	}
	out := execText(run, Stdout) + execText(run, Stderr)
	if run.ExitCode == 0 || strings.Contains(out, "allocated") {
		t.Errorf("under a 1280 MiB limit the program allocated 256 MiB: exit %d, output %q", run.ExitCode, out)
	}
	if !strings.Contains(out, "could not lift the limit") {
		t.Errorf("the program raised its own limit: output %q", out)
	}
	if !strings.Contains(out, "out of memory") {
		t.Errorf("output %q does not say the program ran out of memory", out)
	}
}
