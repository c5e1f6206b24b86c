//go:build linux

package runner

import (
	"bytes"
	"context"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/runner/timeline"
)

// traceProgram returns a program whose positions read as lessons/t.md,
// from line 10.
func traceProgram(body string) []byte {
	return []byte("//line lessons/t.md:10\npackage main\n\n" + body)
}

// Programs the tests trace. Each is small, so its trace is a few KB.
var (
	traceSleepers = traceProgram(`import (
	"fmt"
	"time"
)

func sleeper(d time.Duration, done chan<- string) {
	time.Sleep(d)
	done <- fmt.Sprint("slept ", d)
}

func main() {
	done := make(chan string)
	for _, d := range []time.Duration{30, 60, 90} {
		go sleeper(d*time.Millisecond, done)
	}
	for range 3 {
		fmt.Println(<-done)
	}
}
`)
	traceWorkers = traceProgram(`import (
	"fmt"
	"sync"
)

func work(n int) int {
	s := 0
	for i := range n {
		s += i % 7
	}
	return s
}

func main() {
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			fmt.Println("worker", i, work(30_000_000))
		})
	}
	wg.Wait()
}
`)
	// One worker has nothing to do: it ends before any event records a
	// stack of its own, so it is named after its siblings.
	traceUneven = traceProgram(`import (
	"fmt"
	"sync"
)

func work(n int) int {
	s := 0
	for i := range n {
		s += i % 7
	}
	return s
}

func main() {
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			if i == 0 {
				return
			}
			fmt.Println("worker", i, work(40_000_000))
		})
	}
	wg.Wait()
}
`)
	traceMany = traceProgram(`import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for range 40 {
		wg.Go(func() {
			time.Sleep(5 * time.Millisecond)
			mu.Lock()
			n++
			mu.Unlock()
		})
	}
	wg.Wait()
	fmt.Println(n, "goroutines done")
}
`)
	traceDeadlock = traceProgram(`import "fmt"

func main() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	<-ch
	fmt.Println("waiting forever")
	<-ch
}
`)
	traceExit = traceProgram(`import (
	"fmt"
	"os"
	"time"
)

func main() {
	go func() { time.Sleep(time.Hour) }()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("bye")
	os.Exit(3)
}
`)
	traceFatal = traceProgram(`import (
	"log"
	"time"
)

func main() {
	time.Sleep(10 * time.Millisecond)
	log.SetFlags(log.Lshortfile)
	log.Fatalln("failed:", 42)
}
`)
)

// traceRunner is a Runner with its own cache, for tests that trace.
func traceRunner(t testing.TB) *Runner {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	return &Runner{CacheDir: t.TempDir(), NoMerge: true}
}

// traceRunAll runs p (Trace set) and returns its result and timeline.
func traceRunAll(t testing.TB, p *Program) (*Result, *timeline.Timeline) {
	t.Helper()
	p.Trace = true
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	results, err := traceRunner(t).RunAll(ctx, []*Program{p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := results[0]
	if !res.Build.OK || len(res.Runs) != 1 {
		t.Fatalf("build %+v, %d runs", res.Build, len(res.Runs))
	}
	if res.Trace == nil {
		t.Fatal("no timeline in the result")
	}
	return res, res.Trace
}

func TestTraceSleepers(t *testing.T) {
	res, tl := traceRunAll(t, &Program{Source: traceSleepers})
	t.Logf("timeline:\n%s", tl.Outline())
	if tl.Problem != "" || tl.Stopped || tl.Partial {
		t.Fatalf("problem %q stopped %v partial %v", tl.Problem, tl.Stopped, tl.Partial)
	}
	if tl.Stats.Goroutines != 4 || len(tl.Goroutines) != 4 || tl.Others != nil {
		t.Fatalf("%d goroutines, %d lanes, others %v; want main and 3 sleepers", tl.Stats.Goroutines, len(tl.Goroutines), tl.Others)
	}
	main := tl.Goroutines[0]
	if main.ID != 1 || main.Name != "main.main" {
		t.Errorf("first lane is G%d %s, want G1 main.main", main.ID, main.Name)
	}
	if !slices.Contains(main.States(), "blocked chan receive") {
		t.Errorf("main's states %v, want it blocked in chan receive", main.States())
	}
	for _, g := range tl.Goroutines[1:] {
		if g.Name != "main.sleeper" || g.Created != "lessons/t.md:25" {
			t.Errorf("lane G%d is %s created at %s, want main.sleeper created at lessons/t.md:25", g.ID, g.Name, g.Created)
		}
		if !slices.Contains(g.States(), "blocked sleep") || !slices.Contains(g.States(), "running") {
			t.Errorf("G%d states %v, want it running and blocked in sleep", g.ID, g.States())
		}
	}
	if len(tl.Procs) == 0 || len(tl.Procs) != tl.GOMAXPROCS {
		t.Errorf("%d P lanes for GOMAXPROCS %d", len(tl.Procs), tl.GOMAXPROCS)
	}
	// The traced run's output, not the plain run's, marks the chart.
	if len(tl.Marks) != 3 || !strings.HasPrefix(tl.Marks[0].Text, "slept ") {
		t.Errorf("marks %+v, want the 3 lines", tl.Marks)
	}
	for _, m := range tl.Marks {
		if m.T <= 0 || m.T > tl.Dur {
			t.Errorf("mark %q at %v is outside the trace (0, %v]", m.Text, m.T, tl.Dur)
		}
	}
	if len(res.Runs[0].Output) != 3 {
		t.Errorf("plain run output %v", res.Runs[0].Output)
	}
}

func TestTraceDeadlockStopsAtTimeoutWithATrace(t *testing.T) {
	res, tl := traceRunAll(t, &Program{Source: traceDeadlock, Timeout: 5 * time.Second})
	t.Logf("timeline:\n%s", tl.Outline())
	if res.Runs[0].ExitCode != 2 || res.Runs[0].TimedOut {
		t.Errorf("plain run: exit %d timed out %v; want Go's deadlock error", res.Runs[0].ExitCode, res.Runs[0].TimedOut)
	}
	if tl.Problem != "" || !tl.Stopped {
		t.Fatalf("problem %q stopped %v; want a trace of a run stopped at its timeout", tl.Problem, tl.Stopped)
	}
	if len(tl.Goroutines) != 2 {
		t.Fatalf("%d goroutine lanes, want main and the sender", len(tl.Goroutines))
	}
	main := tl.Goroutines[0]
	last := main.Spans[len(main.Spans)-1]
	if last.State != timeline.StateBlocked || last.Reason != "chan receive" {
		t.Errorf("main's last span is %v %q, want blocked in chan receive", last.State, last.Reason)
	}
	// The traced run's limit after a deadlock is short (traceDeadlockTimeout).
	if tl.Dur > 3*time.Second {
		t.Errorf("trace lasts %v; want it stopped soon after the plain run's deadlock", tl.Dur)
	}
}

func TestTraceBusyLoopStopsAtTimeoutWithATrace(t *testing.T) {
	// A goroutine that never yields on one P: the SIGUSR2 handler still
	// gets to stop the trace (the runtime preempts the loop).
	p := &Program{Source: traceProgram(`import (
	"fmt"
	"runtime"
)

func main() {
	runtime.GOMAXPROCS(1)
	fmt.Println("spinning")
	for {
	}
}
`), Timeout: time.Second}
	res, tl := traceRunAll(t, p)
	if !res.Runs[0].TimedOut {
		t.Fatalf("plain run did not time out: %+v", res.Runs[0])
	}
	if tl.Problem != "" || !tl.Stopped || len(tl.Goroutines) != 1 {
		t.Fatalf("problem %q stopped %v, %d lanes; want main's lane up to the timeout", tl.Problem, tl.Stopped, len(tl.Goroutines))
	}
	if tl.Dur < 800*time.Millisecond || tl.Stats.Busy < tl.Dur/2 {
		t.Errorf("trace of %v with %v busy; want about the second the loop spun", tl.Dur, tl.Stats.Busy)
	}
}

func TestTraceExitAndFatalFlushTheTrace(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
		exit int
		out  string
	}{
		{"exit", traceExit, 3, "bye"},
		{"fatal", traceFatal, 1, "t.md:20: failed: 42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, tl := traceRunAll(t, &Program{Source: tc.src})
			if run := res.Runs[0]; run.ExitCode != tc.exit || len(run.Output) != 1 || run.Output[0].Text != tc.out {
				t.Errorf("plain run: exit %d output %+v; want %d, %q", run.ExitCode, run.Output, tc.exit, tc.out)
			}
			if tl.Problem != "" || tl.Partial || len(tl.Goroutines) == 0 {
				t.Fatalf("problem %q partial %v, %d lanes; want a whole trace", tl.Problem, tl.Partial, len(tl.Goroutines))
			}
			// The traced run printed the same line, with the same position.
			if len(tl.Marks) != 1 || tl.Marks[0].Text != tc.out {
				t.Errorf("marks %+v, want %q", tl.Marks, tc.out)
			}
		})
	}
}

func TestTraceManyGoroutinesShareALane(t *testing.T) {
	_, tl := traceRunAll(t, &Program{Source: traceMany})
	if tl.Stats.Goroutines != 41 || len(tl.Goroutines) != timeline.MaxLanes || tl.Others == nil || tl.Others.Count != 41-timeline.MaxLanes {
		t.Fatalf("%d goroutines in %d lanes and others %+v; want 41, %d lanes and the rest merged", tl.Stats.Goroutines, len(tl.Goroutines), tl.Others, timeline.MaxLanes)
	}
	if len(tl.Others.Spans) == 0 {
		t.Error("the merged lane is empty")
	}
}

func TestTraceNeverFailsTheProgram(t *testing.T) {
	// A goroutine's panic skips main's deferred stop: the trace may be
	// cut, but the result is the plain run's.
	p := &Program{Source: traceProgram(`import "time"

func main() {
	go func() { panic("boom") }()
	time.Sleep(time.Second)
}
`)}
	res, tl := traceRunAll(t, p)
	t.Logf("timeline:\n%s", tl.Outline())
	if res.Runs[0].ExitCode != 2 {
		t.Errorf("plain run exit %d, want 2", res.Runs[0].ExitCode)
	}
	if tl.Problem == "" && !tl.Partial {
		t.Errorf("the trace of a crashed run is neither missing nor partial")
	}
}

func TestTraceOfAProgramUsingRuntimeTrace(t *testing.T) {
	_, tl := traceRunAll(t, &Program{Source: traceProgram(`import (
	"io"
	"runtime/trace"
)

func main() {
	trace.Start(io.Discard)
	trace.Stop()
}
`)})
	if !strings.Contains(tl.Problem, "runtime/trace") {
		t.Errorf("problem %q, want it to say the program traces itself", tl.Problem)
	}
}

func TestInstrumentKeepsEveryLine(t *testing.T) {
	src := []byte(`//line lessons/x.md:5
package main

import (
	"fmt"
	l "log"
	"os"
)

func helper(os int) int { return os }

func main() { fmt.Println(helper(1))
	if len(os.Args) > 5 {
		os.Exit(4)
	}
	defer fmt.Println("deferred")
	func() {
		os := struct{ Exit func(int) }{func(int) {}}
		os.Exit(1)
	}()
	l.Fatalf("bad %d", 1)
}
`)
	got, err := instrument(src)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		11: "func main() {defer workbookTraceStop(); fmt.Println(helper(1))",
		13: "\t\tos.Exit(workbookTraceExit()+4)",
		18: "\t\tos.Exit(1)", // a local named os
		20: "\tworkbookTraceFatalf(\"bad %d\", 1)",
	}
	srcLines := strings.Split(string(src), "\n")
	gotLines := strings.Split(string(got), "\n")
	for i, line := range srcLines {
		w, ok := want[i]
		if !ok {
			w = line
		}
		if i >= len(gotLines) || gotLines[i] != w {
			t.Errorf("line %d: got %q, want %q", i, gotLines[min(i, len(gotLines)-1)], w)
		}
	}
	if !bytes.HasSuffix(got, []byte("\nvar _ = l.Fatal\n")) {
		t.Errorf("the log import is not kept used:\n%s", got)
	}
}
