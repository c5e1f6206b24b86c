package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/runner"
)

// realRunner returns a runner that really builds and runs, with a cache
// kept between test runs so the sandbox helper is built once.
func realRunner(t testing.TB) *runner.Runner {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	return &runner.Runner{CacheDir: filepath.Join(os.TempDir(), "workbook-serve-test-cache")}
}

// tickerLesson prints its PID, then "tick N" every 100 ms, n times.
func tickerLesson(n int) string {
	return lessonText("Ticks", "Counting.\n\n```go name=ticker\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)\n\n"+
		"func main() {\n\tfmt.Println(\"pid\", os.Getpid())\n\tfor i := range "+strconv.Itoa(n)+" {\n\t\tfmt.Println(\"tick\", i)\n\t\ttime.Sleep(100 * time.Millisecond)\n\t}\n}\n```\n")
}

// TestServeRealBrokenProgram breaks a program for the real compiler: the
// overlay names the lesson position of the error, the last good page
// stays, and fixing it recovers.
func TestServeRealBrokenProgram(t *testing.T) {
	r := realRunner(t)
	dir := writeLessons(t, map[string]string{"01-a.md": tickerLesson(2)})
	ts := startServer(t, dir, r, nil)
	ev := ts.events()
	nextEvent(t, ev, "hello")
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "tick 1") {
		t.Fatalf("the first build does not show the program's output")
	}
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), strings.Replace(tickerLesson(2), "fmt.Println(\"tick\", i)", "fmt.Println(\"tick\", j)", 1))
	e := nextEvent(t, ev, "error", "reload")
	// The block's fence is at line 7; the broken call is on line 19, column 23.
	if e.name != "error" || !strings.Contains(e.data, "lessons/01-a.md:19:23:") || !strings.Contains(e.data, "undefined: j") {
		t.Fatalf("after breaking the program: %s %s; want the compiler's error at lessons/01-a.md:19:23", e.name, e.data)
	}
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "tick 1") {
		t.Errorf("the last good page is not served while the program is broken")
	}
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), tickerLesson(3))
	nextEvent(t, ev, "clear")
	if _, body := ts.get("/01-a.html"); !strings.Contains(body, "tick 2") {
		t.Errorf("the fixed program's output is not served")
	}
}

// TestServeRealRun runs an edited program from the page with the real
// runner: output streams as it happens, Stop kills the program, and
// stopping serve kills what runs and leaves no temporary folder behind.
func TestServeRealRun(t *testing.T) {
	r := realRunner(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := writeLessons(t, map[string]string{"01-a.md": tickerLesson(2)})
	ts := startServer(t, dir, r, nil)
	src := ts.srv.lookupProgram("01-a.html", "ticker").Source()
	long := strings.Replace(string(src), "range 2", "range 300", 1)

	// Stop: the page aborts its request.
	ctx, cancel := context.WithCancel(context.Background())
	lines, pid := startRun(t, ts, ctx, long)
	var last float64 = -1
	for i := range 3 {
		select {
		case l := <-lines:
			if l.Text != "tick "+strconv.Itoa(i) || l.TMS <= last {
				t.Errorf("line %d: %+v", i, l)
			}
			last = l.TMS
		case <-time.After(20 * time.Second):
			t.Fatal("no streamed output")
		}
	}
	cancel()
	waitGone(t, pid)

	// Ctrl-C while a program runs.
	lines, pid = startRun(t, ts, context.Background(), long)
	<-lines
	if err := ts.shutdown(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	waitGone(t, pid)
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "workbook-") {
			t.Errorf("left behind in TMPDIR: %s", e.Name())
		}
	}
}

// startRun posts src and returns its output lines as they arrive, and
// the PID the program printed first.
func startRun(t *testing.T, ts *testServer, ctx context.Context, src string) (<-chan runner.ReportLine, int) {
	t.Helper()
	resp := ts.postRunCtx(ctx, "page=01-a.html&prog=ticker", src)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-ndjson; charset=utf-8" {
		t.Fatalf("run: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	ch := make(chan runner.ReportLine, 1000)
	pidc := make(chan int, 1)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			var l runner.ReportLine
			if json.Unmarshal(sc.Bytes(), &l) != nil || l.Stream == "" {
				continue // the final figures
			}
			if p, ok := strings.CutPrefix(l.Text, "pid "); ok {
				n, _ := strconv.Atoi(p)
				pidc <- n
				continue
			}
			ch <- l
		}
	}()
	select {
	case pid := <-pidc:
		return ch, pid
	case <-time.After(60 * time.Second):
		t.Fatal("the program did not start")
	}
	return nil, 0
}

// waitGone waits for a process to be gone (or a zombie: dead).
func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return
		}
		if f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:])); len(f) > 0 && f[0] == "Z" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("process %d still runs 10 s after it was stopped", pid)
}
