package runner

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// socketMaxSend is the largest single write BackendLinux's output
// sockets accept (see captureSendBuffer).
func socketMaxSend(t testing.TB) int {
	t.Helper()
	c, err := newCapture(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	return min(c.maxSend, 4<<20)
}

// TestCaptureTimesAreWriteTimes shows that a line's time is when it was
// written, not when runner got round to reading it: lines are written
// 20 ms apart while nothing reads, and read 300 ms later.
func TestCaptureTimesAreWriteTimes(t *testing.T) {
	c, err := newCapture(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	if _, err := c.senders[senderStart].Write([]byte("start")); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		time.Sleep(20 * time.Millisecond)
		if _, err := c.senders[senderStdout].Write([]byte(strconv.Itoa(i) + "\n")); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(300 * time.Millisecond)
	c.start()
	lines, err := c.finish()
	if err != nil {
		t.Fatal(err)
	}
	if len(lines.lines) != 5 {
		t.Fatalf("got %d lines, want 5", len(lines.lines))
	}
	first, last := lines.lines[0].T, lines.lines[4].T
	t.Logf("lines written at %v to %v (nominal 20 to 100 ms; read after 400 ms)", first, last)
	// The sleeps put at least 80 ms between the first and last writes;
	// stamped on reading, all lines would be at the same time. Stamped
	// on reading with the start stamped on writing, the last would be at
	// 400 ms or later.
	if last-first < 75*time.Millisecond || last > 300*time.Millisecond {
		t.Errorf("lines at %v to %v: times follow the reader, not the writer", first, last)
	}
}

func TestSandboxBuild(t *testing.T) {
	r := &Runner{CacheDir: t.TempDir()}
	paths := make([]string, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range paths {
		wg.Go(func() { paths[i], errs[i] = r.sandbox(context.Background()) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if paths[0] != paths[1] || !strings.HasPrefix(paths[0], r.CacheDir) {
		t.Fatalf("concurrent builds gave %q and %q, want one path in the cache", paths[0], paths[1])
	}
	fi, err := os.Stat(paths[0])
	if err != nil || fi.Mode()&0o111 == 0 {
		t.Fatalf("helper %s: %v, mode %v", paths[0], err, fi.Mode())
	}
	again, err := r.sandbox(context.Background())
	if err != nil || again != paths[0] {
		t.Fatalf("second lookup gave %q, %v", again, err)
	}
	if fi2, _ := os.Stat(again); !fi2.ModTime().Equal(fi.ModTime()) {
		t.Errorf("the helper was rebuilt instead of reused")
	}
	entries, _ := os.ReadDir(filepath.Dir(paths[0]))
	if len(entries) != 2 {
		t.Errorf("sandbox directory holds %d entries, want only the helper and its checksum (no build leftovers)", len(entries))
	}
}

// TestSandboxRepairsDamage damages the cached helper in each way a disk
// or a person can, and checks that the next run rebuilds it and works.
func TestSandboxRepairsDamage(t *testing.T) {
	r := &Runner{CacheDir: t.TempDir()}
	bin, err := r.sandbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	prog := execTestBuild(t, "package main\n\nfunc main() { println(\"ok\") }\n")
	damages := []struct {
		name   string
		damage func() error
	}{
		{"truncated", func() error { return os.WriteFile(bin, good[:len(good)/2], 0o755) }},
		{"empty", func() error { return os.WriteFile(bin, nil, 0o755) }},
		{"same size, other bytes", func() error { return os.WriteFile(bin, make([]byte, len(good)), 0o755) }},
		{"not executable", func() error { return os.Chmod(bin, 0o644) }},
		{"a folder", func() error { os.Remove(bin); return os.Mkdir(bin, 0o755) }},
		{"no checksum", func() error { return os.Remove(bin + helperSumExt) }},
		{"a file for its folder", func() error {
			os.RemoveAll(filepath.Dir(bin))
			return os.WriteFile(filepath.Dir(bin), nil, 0o644)
		}},
	}
	for _, d := range damages {
		name := d.name
		if _, err := r.sandbox(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := d.damage(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		run, err := r.execLinux(context.Background(), execSpec{Bin: prog})
		if err != nil || strings.TrimSpace(execText(run, Stderr)) != "ok" {
			t.Errorf("%s helper: run gave %v, %q; want it rebuilt and the run to work", name, err, execText(run, Stderr))
		}
		if got, _ := os.ReadFile(bin); !bytes.Equal(got, good) {
			t.Errorf("%s helper: not rebuilt", name)
		}
	}

	// A copy of an intact helper (a cache merged by copying folders) is
	// checked by its hash and kept.
	cp := bin + ".copy"
	if err := copyFile(bin, cp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(cp, bin); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(bin)
	if _, err := r.sandbox(context.Background()); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(bin); !os.SameFile(before, after) {
		t.Error("an intact copy of the helper was rebuilt")
	}
}

func BenchmarkExecHello(b *testing.B) {
	bin := execTestBuild(b, `package main

import "fmt"

func main() { fmt.Println("hello, world") }
`)
	r := execTestRunner(b)
	if _, err := r.sandbox(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		run, err := r.exec(context.Background(), execSpec{Bin: bin})
		if err != nil || len(run.Output) != 1 {
			b.Fatalf("exec: %v, output %v", err, run.Output)
		}
	}
}
