//go:build unix

package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// execTestRunner returns a Runner whose sandbox helper lives in a cache
// shared by test runs: the helper is content-addressed and written
// atomically, so sharing is safe, and tests do not rebuild it each time.
// TestSandboxBuild covers building from scratch.
func execTestRunner(t testing.TB) *Runner {
	t.Helper()
	return &Runner{CacheDir: filepath.Join(os.TempDir(), "workbook-exec-test-cache")}
}

// execTestBuild builds a program with plain go build and returns the
// binary's path.
func execTestBuild(t testing.TB, src string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"go.mod": "module prog\n\ngo 1.26\n", "main.go": src}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := (&Runner{}).goCmd(context.Background(), dir, "build", "-o", "prog", ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building test program: %v\n%s", err, out)
	}
	return filepath.Join(dir, "prog")
}

// execTest builds src and runs it with spec.
func execTest(t testing.TB, src string, spec execSpec) Run {
	t.Helper()
	spec.Bin = execTestBuild(t, src)
	run, err := execTestRunner(t).exec(context.Background(), spec)
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	return run
}

// testPortable reports whether the exec tests run on BackendPortable
// ($WORKBOOK_RUNNER, or the system). The runner's tests run against
// both backends on Linux: once as they are, once with
// WORKBOOK_RUNNER=portable.
func testPortable(t testing.TB) bool {
	t.Helper()
	b, err := (&Runner{}).backend()
	if err != nil {
		t.Fatal(err)
	}
	return b == BackendPortable
}

// processGone reports whether pid no longer runs. On BackendPortable a
// killed orphan waits as a zombie until init reaps it (the linux backend
// reaps its own), which can take seconds where init is slow: dead, but
// still there for kill.
func processGone(t testing.TB, pid int) bool {
	t.Helper()
	if syscall.Kill(pid, 0) == syscall.ESRCH {
		return true
	}
	if !testPortable(t) || runtime.GOOS != "linux" {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	// pid (comm) STATE ...: comm may hold spaces, so look after the last ')'.
	s := string(stat)
	_, after, _ := strings.Cut(s[strings.LastIndexByte(s, ')'):], " ")
	return strings.HasPrefix(after, "Z")
}

// execText is one stream's output, lines joined by newlines.
func execText(run Run, s Stream) string {
	var b strings.Builder
	for _, l := range run.Output {
		if l.Stream == s {
			b.WriteString(l.Text)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestExecExitCode(t *testing.T) {
	before := time.Now()
	run := execTest(t, `package main

import "os"

func main() { os.Exit(3) }
`, execSpec{})
	if run.ExitCode != 3 || run.Signal != "" || run.TimedOut {
		t.Errorf("exit %d signal %q timed out %v, want exit 3", run.ExitCode, run.Signal, run.TimedOut)
	}
	if run.Start.Before(before.Add(-time.Second)) || run.Start.After(time.Now()) || run.Start.Location() != time.UTC {
		t.Errorf("Start = %v, want a UTC time during the test (began %v)", run.Start, before)
	}
	if run.Wall <= 0 || run.Wall > time.Since(before) {
		t.Errorf("Wall = %v, want positive and within the test's %v", run.Wall, time.Since(before))
	}
}

func TestExecPanic(t *testing.T) {
	run := execTest(t, `package main

func main() { panic("boom") }
`, execSpec{})
	if run.ExitCode != 2 {
		t.Errorf("exit %d, want 2", run.ExitCode)
	}
	stderr := execText(run, Stderr)
	if !strings.Contains(stderr, "panic: boom\n") || !strings.Contains(stderr, "goroutine 1 [running]:") {
		t.Errorf("stderr lacks the panic and its trace:\n%s", stderr)
	}
	if out := execText(run, Stdout); out != "" {
		t.Errorf("stdout = %q, want nothing", out)
	}
}

func TestExecDeadlock(t *testing.T) {
	run := execTest(t, `package main

func main() {
	ch := make(chan int)
	<-ch
}
`, execSpec{})
	if run.ExitCode != 2 || !strings.Contains(execText(run, Stderr), "all goroutines are asleep") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and the deadlock message", run.ExitCode, execText(run, Stderr))
	}
}

func TestExecSignal(t *testing.T) {
	run := execTest(t, `package main

import (
	"os"
	"syscall"
)

func main() { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
`, execSpec{})
	if run.ExitCode != -1 || run.Signal != "SIGKILL" || run.TimedOut {
		t.Errorf("exit %d signal %q timed out %v, want -1 SIGKILL", run.ExitCode, run.Signal, run.TimedOut)
	}
}

const execSleeper = `package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR2)
	fmt.Println("before")
	<-c
	fmt.Println("flushed")
	time.Sleep(time.Hour)
}
`

func TestExecTimeout(t *testing.T) {
	bin := execTestBuild(t, execSleeper)
	for _, traced := range []bool{false, true} {
		t.Run(fmt.Sprintf("traced=%v", traced), func(t *testing.T) {
			spec := execSpec{Bin: bin, Timeout: 500 * time.Millisecond}
			if traced {
				spec.Env = []string{execTraceEnv + "=" + filepath.Join(t.TempDir(), "trace")}
			}
			start := time.Now()
			run, err := execTestRunner(t).exec(context.Background(), spec)
			elapsed := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if limit := spec.Timeout + time.Second; elapsed > limit {
				t.Errorf("exec returned after %v, past timeout + 1 s", elapsed)
			}
			if !run.TimedOut || run.ExitCode != -1 || run.Signal != "SIGKILL" {
				t.Errorf("timed out %v exit %d signal %q, want a timeout killed by SIGKILL", run.TimedOut, run.ExitCode, run.Signal)
			}
			if run.Wall < spec.Timeout {
				t.Errorf("Wall = %v, shorter than the timeout", run.Wall)
			}
			// The partial output is kept; only a traced run gets SIGUSR2
			// (and time to act on it) before the kill.
			want := "before\n"
			if traced {
				want += "flushed\n"
			}
			if got := execText(run, Stdout); got != want {
				t.Errorf("stdout = %q, want %q", got, want)
			}
		})
	}
}

func TestExecCancel(t *testing.T) {
	bin := execTestBuild(t, execSleeper)
	ctx, cancel := context.WithCancel(context.Background())
	var cancelled time.Time
	spec := execSpec{Bin: bin, OnLine: func(l Line) {
		if l.Text == "before" {
			cancelled = time.Now()
			cancel()
		}
	}}
	run, err := execTestRunner(t).exec(ctx, spec)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(cancelled); d > time.Second {
		t.Errorf("exec returned %v after cancel", d)
	}
	if execText(run, Stdout) != "before\n" || run.ExitCode != -1 || run.TimedOut {
		t.Errorf("output %q exit %d timed out %v, want the partial output of a killed, not timed-out run",
			execText(run, Stdout), run.ExitCode, run.TimedOut)
	}
}

// execSpawner starts itself as a child that sleeps for an hour, prints
// the child's pid, then exits or hangs as its arguments say.
const execSpawner = `package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if os.Args[1] == "child" {
		time.Sleep(time.Hour)
	}
	cmd := exec.Command(os.Args[0], "child")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: os.Args[2] == "setsid"}
	if err := cmd.Start(); err != nil {
		panic(err)
	}
	fmt.Println(cmd.Process.Pid)
	if os.Args[1] == "hang" {
		time.Sleep(time.Hour)
	}
}
`

func TestExecKillsDescendants(t *testing.T) {
	bin := execTestBuild(t, execSpawner)
	tests := []struct {
		args   []string
		cancel bool // cancel the run once the child's pid is printed
	}{
		{args: []string{"exit", "group"}},
		{args: []string{"hang", "group"}},
		{args: []string{"exit", "setsid"}},
		{args: []string{"hang", "setsid"}},
		{args: []string{"hang", "group"}, cancel: true},
		{args: []string{"hang", "setsid"}, cancel: true},
	}
	for _, tt := range tests {
		name := strings.Join(tt.args, "-")
		if tt.cancel {
			name += "-cancel"
		}
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			spec := execSpec{Bin: bin, Args: tt.args, Timeout: 500 * time.Millisecond}
			if tt.cancel {
				spec.Timeout = time.Minute
				spec.OnLine = func(Line) { cancel() }
			}
			run, err := execTestRunner(t).exec(ctx, spec)
			if err != nil && !(tt.cancel && errors.Is(err, context.Canceled)) {
				t.Fatal(err)
			}
			pid, err := strconv.Atoi(strings.TrimSpace(execText(run, Stdout)))
			if err != nil {
				t.Fatalf("no child pid in output %q (stderr %q)", execText(run, Stdout), execText(run, Stderr))
			}
			if tt.args[0] == "exit" && tt.args[1] == "setsid" && testPortable(t) {
				// Documented: only a subreaper (BackendLinux) can reach
				// an orphan that left the program's process group.
				syscall.Kill(pid, syscall.SIGKILL)
				t.Skip("the portable backend cannot reach an orphan that called setsid")
			}
			if !processGone(t, pid) {
				err := syscall.Kill(pid, 0)
				cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
				t.Errorf("child %d still exists after exec returned (kill: %v, cmdline %q)", pid, err, cmdline)
				syscall.Kill(pid, syscall.SIGKILL)
			}
		})
	}
}

func TestExecBigOutput(t *testing.T) {
	bin := execTestBuild(t, `package main

import (
	"bufio"
	"os"
	"strings"
)

func main() {
	w := bufio.NewWriterSize(os.Stdout, 64<<10)
	line := strings.Repeat("x", 199) + "\n" // long enough that the byte cap comes before the line cap
	for range 500_000 { // 100 MB
		if _, err := w.WriteString(line); err != nil {
			os.Exit(1)
		}
	}
	if w.Flush() != nil {
		os.Exit(1)
	}
}
`)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	run, err := execTestRunner(t).exec(context.Background(), execSpec{Bin: bin, Timeout: 30 * time.Second})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	kept := len(run.Output) - 1 // newlines: the last line was cut before its own
	for _, l := range run.Output {
		kept += len(l.Text)
	}
	if run.ExitCode != 0 || run.TimedOut || !run.Truncated || kept > OutputLimit || kept < OutputLimit-100 {
		t.Errorf("exit %d timed out %v truncated %v kept %d bytes; want exit 0, truncated at %d",
			run.ExitCode, run.TimedOut, run.Truncated, kept, OutputLimit)
	}
	// Everything past the cap is read and dropped, never accumulated.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("capturing 100 MB allocated %d MB", alloc>>20)
	}
	t.Logf("100 MB of output in %v; allocated %d KB", elapsed.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>10)
}

func TestExecStdinIsEmpty(t *testing.T) {
	run := execTest(t, `package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	b, err := io.ReadAll(os.Stdin)
	fmt.Println(len(b), err)
}
`, execSpec{Timeout: 5 * time.Second})
	if got := execText(run, Stdout); got != "0 <nil>\n" || run.TimedOut {
		t.Errorf("stdout %q timed out %v, want %q", got, run.TimedOut, "0 <nil>\n")
	}
}

const execEnvPrinter = `package main

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
)

func main() {
	wd, _ := os.Getwd()
	fmt.Println("wd", wd)
	fmt.Println("gomaxprocs", runtime.GOMAXPROCS(0))
	for _, r := range []struct {
		name string
		res  int
	}{{"core", syscall.RLIMIT_CORE}, {"fsize", syscall.RLIMIT_FSIZE}} {
		var l syscall.Rlimit
		syscall.Getrlimit(r.res, &l)
		fmt.Println(r.name, l.Cur, l.Max)
	}
	for _, kv := range os.Environ() {
		fmt.Println("env", kv)
	}
}
`

func TestExecEnvironment(t *testing.T) {
	t.Setenv("WORKBOOK_TEST_SECRET", "leaked")
	run := execTest(t, execEnvPrinter, execSpec{GOMAXPROCS: 3, Env: []string{"EXTRA=1", "LANG=C"}})
	lines := strings.Split(strings.TrimSpace(execText(run, Stdout)), "\n")
	wd := strings.TrimPrefix(lines[0], "wd ")
	if !strings.HasPrefix(lines[0], "wd ") || !strings.HasPrefix(filepath.Base(wd), "workbook-run-") {
		t.Fatalf("working directory line %q, want a fresh run directory", lines[0])
	}
	if _, err := os.Stat(wd); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("run directory %s still exists after the run (%v)", wd, err)
	}
	want := []string{
		"gomaxprocs 3",
		"core 0 0",
		fmt.Sprintf("fsize %d %d", 256<<20, 256<<20),
	}
	if testPortable(t) {
		// The portable backend sets no limits (see README): the
		// program has ours.
		var core, fsize syscall.Rlimit
		syscall.Getrlimit(syscall.RLIMIT_CORE, &core)
		syscall.Getrlimit(syscall.RLIMIT_FSIZE, &fsize)
		want = []string{"gomaxprocs 3",
			fmt.Sprintf("core %d %d", core.Cur, core.Max),
			fmt.Sprintf("fsize %d %d", fsize.Cur, fsize.Max)}
	}
	want = append(want,
		"env PATH=/usr/local/bin:/usr/bin:/bin",
		"env HOME="+wd,
		"env TMPDIR="+wd,
		"env GORACE=atexit_sleep_ms=100",
		"env GOMAXPROCS=3",
		"env EXTRA=1",
		"env LANG=C", // spec.Env replaces a default
	)
	if !slices.Equal(lines[1:], want) {
		t.Errorf("program saw:\n%s\nwant:\n%s", strings.Join(lines[1:], "\n"), strings.Join(want, "\n"))
	}
	if run.GOMAXPROCS != 3 {
		t.Errorf("Run.GOMAXPROCS = %d, want 3", run.GOMAXPROCS)
	}
}

func TestExecGOMAXPROCSDefault(t *testing.T) {
	run := execTest(t, execEnvPrinter, execSpec{})
	out := execText(run, Stdout)
	if want := fmt.Sprintf("gomaxprocs %d\n", run.GOMAXPROCS); run.GOMAXPROCS < 1 || !strings.Contains(out, want) {
		t.Errorf("Run.GOMAXPROCS = %d, but the program printed:\n%s", run.GOMAXPROCS, out)
	}
	if strings.Contains(out, "env GOMAXPROCS=") || !strings.Contains(out, "env LANG=C.UTF-8\n") {
		t.Errorf("want LANG=C.UTF-8 and no GOMAXPROCS when the spec leaves it unset:\n%s", out)
	}
}

// TestExecRunDirBehindLink runs with a temporary folder reached through
// a link, as on macOS (/var → /private/var): the program's working
// folder, HOME and TMPDIR still name the same place.
func TestExecRunDirBehindLink(t *testing.T) {
	link := filepath.Join(t.TempDir(), "tmp")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", link)
	run := execTest(t, execEnvPrinter, execSpec{})
	out := execText(run, Stdout)
	wd, _, _ := strings.Cut(strings.TrimPrefix(out, "wd "), "\n")
	if !strings.Contains(out, "env HOME="+wd+"\n") || !strings.Contains(out, "env TMPDIR="+wd+"\n") {
		t.Errorf("HOME and TMPDIR are not the working folder %s:\n%s", wd, out)
	}
}
