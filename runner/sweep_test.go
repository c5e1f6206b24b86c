//go:build linux

package runner

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// sweepProgram prints its GOMAXPROCS and, given a file name, appends it
// there too, so a test can see the order of the runs.
var sweepProgram = src(1, `import (
	"fmt"
	"os"
	"runtime"
)

func main() {
	fmt.Println("GOMAXPROCS", runtime.GOMAXPROCS(0))
	if len(os.Args) > 1 {
		f, err := os.OpenFile(os.Args[1], os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			panic(err)
		}
		fmt.Fprint(f, runtime.GOMAXPROCS(0), " ")
		f.Close()
	}
}
`)

func TestSweepRepeatsEachValueAndKeepsTheMedian(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	r := &Runner{CacheDir: t.TempDir()}
	log := filepath.Join(t.TempDir(), "order")
	p := &Program{Source: sweepProgram, GOMAXPROCS: []int{2, 1}, Args: []string{log}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	results, err := r.RunAll(ctx, []*Program{p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := results[0]
	if !res.Build.OK || len(res.Runs) != 2 {
		t.Fatalf("build %+v, %d runs; want one run per value", res.Build, len(res.Runs))
	}
	// The values take turns, so drift in the machine's load touches each alike.
	if order, err := os.ReadFile(log); err != nil || string(order) != "2 1 2 1 2 1 " {
		t.Errorf("runs went in the order %q (%v), want 2 1 2 1 2 1", order, err)
	}
	for i, want := range []int{2, 1} {
		run := res.Runs[i]
		if run.GOMAXPROCS != want {
			t.Errorf("run %d has GOMAXPROCS=%d, want %d (the attribute's order)", i, run.GOMAXPROCS, want)
		}
		if len(run.Output) != 1 || run.Output[0].Text != fmt.Sprint("GOMAXPROCS ", want) {
			t.Errorf("run %d printed %+v", i, run.Output)
		}
		if len(run.Samples) != sweepRepeats {
			t.Fatalf("run %d has %d samples, want %d", i, len(run.Samples), sweepRepeats)
		}
		walls := make([]time.Duration, len(run.Samples))
		for j, s := range run.Samples {
			walls[j] = s.Wall
			if s.Wall <= 0 || s.ExitCode != 0 {
				t.Errorf("run %d sample %d = %+v", i, j, s)
			}
		}
		slices.Sort(walls)
		if run.Wall != walls[len(walls)/2] {
			t.Errorf("run %d kept wall %v; the samples' median is %v (of %v)", i, run.Wall, walls[len(walls)/2], walls)
		}
		// The machine's busy time brackets the run, this program's CPU
		// time included (to within /proc/stat's ticks).
		if own := run.User + run.System; run.MachineCPU > 0 && run.MachineCPU+2*clockTick < own {
			t.Errorf("run %d: the machine was busy %v while the program alone used %v", i, run.MachineCPU, own)
		}
		if lo, hi := run.Spread(); lo != walls[0] || hi != walls[len(walls)-1] {
			t.Errorf("Spread() = %v, %v; want %v, %v", lo, hi, walls[0], walls[len(walls)-1])
		}
	}

	// The cache gives back the samples.
	again, err := r.RunAll(ctx, []*Program{p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !again[0].Cached || len(again[0].Runs[1].Samples) != sweepRepeats {
		t.Errorf("from the cache: cached=%v, samples %+v", again[0].Cached, again[0].Runs[1].Samples)
	}
}

func TestSweepStreamsOneRoundOnly(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	r := &Runner{CacheDir: t.TempDir()}
	var mu sync.Mutex
	var seen []string
	res, err := r.Run(context.Background(), &Program{Source: sweepProgram, GOMAXPROCS: []int{1, 2}}, func(l Line) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, l.Text)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"GOMAXPROCS 1", "GOMAXPROCS 2"}; !slices.Equal(seen, want) {
		t.Errorf("onLine saw %q, want %q: each value once, the repeats silent", seen, want)
	}
	if len(res.Runs) != 2 || len(res.Runs[0].Samples) != sweepRepeats {
		t.Errorf("runs = %+v", res.Runs)
	}
}

func TestMedianRun(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	runs := []Run{{Wall: ms(30), ExitCode: 0}, {Wall: ms(10), ExitCode: 1}, {Wall: ms(20), ExitCode: 0}}
	k := median(runs)
	if k.Wall != ms(20) {
		t.Errorf("kept the %v run, want the median, 20ms", k.Wall)
	}
	want := []Sample{{Wall: ms(30)}, {Wall: ms(10), ExitCode: 1}, {Wall: ms(20)}}
	if !slices.Equal(k.Samples, want) {
		t.Errorf("samples = %+v, want %+v (every repeat, in the order run)", k.Samples, want)
	}
	if k := median(runs[:2]); k.Wall != ms(10) {
		t.Errorf("of two, kept %v; want the faster middle one", k.Wall)
	}
	runs[0].TimedOut = true
	if k := median(runs); !k.TimedOut {
		t.Errorf("kept %+v; a stopped run must be the one shown", k)
	}
	if k := median(runs[1:2]); k.Wall != ms(10) || len(k.Samples) != 1 {
		t.Errorf("of one, kept %+v", k)
	}
}

func TestResultOKCoversRepeats(t *testing.T) {
	r := &Result{Build: Build{OK: true}, Runs: []Run{{ExitCode: 2, Samples: []Sample{{ExitCode: 2}, {ExitCode: 2}}}}}
	if !r.OK(2) || r.OK(0) {
		t.Fatalf("OK(2) = %v, OK(0) = %v; want true, false", r.OK(2), r.OK(0))
	}
	r.Runs[0].Samples[1].ExitCode = 0
	if r.OK(2) {
		t.Error("a repeat exited 0 where 2 was wanted, yet OK(2)")
	}
}

func TestMachineCPU(t *testing.T) {
	a := machineCPU()
	if a == 0 {
		t.Skip("/proc/stat does not describe the CPUs Go sees here")
	}
	// Spin for a while: the machine's busy time must grow by at least
	// most of it.
	var x uint64
	for start := time.Now(); time.Since(start) < 100*time.Millisecond; {
		x = x*31 + 1
	}
	b := machineCPU()
	if b < a+50*time.Millisecond {
		t.Errorf("after 100ms of spinning the machine's busy time grew %v (x=%d)", b-a, x)
	}
}

// A sweep value whose first run times out is not repeated, and the other
// rounds carry on without it (this used to index past its one run).
func TestSweepOfATimeout(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	r := &Runner{CacheDir: t.TempDir()}
	spin := []byte("package main\n\nfunc main() {\n\tfor {\n\t}\n}\n")
	res, err := r.Run(context.Background(), &Program{Source: spin, GOMAXPROCS: []int{1, 2}, Timeout: 200 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Runs) != 2 {
		t.Fatalf("runs = %+v, want one per value", res.Runs)
	}
	for _, run := range res.Runs {
		if !run.TimedOut || len(run.Samples) > 1 {
			t.Errorf("GOMAXPROCS=%d: timed out %v after %d samples; want one timed-out run", run.GOMAXPROCS, run.TimedOut, len(run.Samples))
		}
	}
}
