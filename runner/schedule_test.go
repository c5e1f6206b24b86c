package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/internal/stale"
)

// nanoProgram prints the time it ran, so two results with the same text
// came from one run.
const nanoProgram = `package main

import (
	"fmt"
	"time"
)

func main() { fmt.Println("ran at", time.Now().UnixNano()) }
`

func runAll(t *testing.T, r *Runner, progs ...*Program) []*Result {
	t.Helper()
	res, err := r.RunAll(context.Background(), progs, nil)
	if err != nil {
		t.Fatalf("RunAll: %v", err)
	}
	for i, x := range res {
		if x == nil {
			t.Fatalf("no result for program %d", i)
		}
	}
	return res
}

func firstLine(t *testing.T, res *Result) string {
	t.Helper()
	if !res.Build.OK || len(res.Runs) != 1 || len(res.Runs[0].Output) == 0 {
		t.Fatalf("unexpected result: %+v", res)
	}
	return res.Runs[0].Output[0].Text
}

func TestRunAllRunsIdenticalProgramsOnce(t *testing.T) {
	r := &Runner{CacheDir: t.TempDir()}
	other := strings.Replace(nanoProgram, "ran at", "also ran at", 1)
	res := runAll(t, r,
		&Program{Source: []byte(nanoProgram)},
		&Program{Source: []byte(other)},
		&Program{Source: []byte(nanoProgram)},
		&Program{Source: []byte(nanoProgram)})
	a, b, c, d := firstLine(t, res[0]), firstLine(t, res[1]), firstLine(t, res[2]), firstLine(t, res[3])
	if a != c || a != d {
		t.Errorf("identical programs ran separately: %q, %q, %q", a, c, d)
	}
	if !strings.HasPrefix(b, "also ran at") {
		t.Errorf("the distinct program got %q", b)
	}
}

func TestRunAllCache(t *testing.T) {
	dir := t.TempDir()
	r := &Runner{CacheDir: dir}
	p := &Program{Source: []byte(nanoProgram)}

	first := runAll(t, r, p)[0]
	if first.Cached {
		t.Fatal("first run came from an empty cache")
	}
	hit := runAll(t, r, p)[0]
	if !hit.Cached || firstLine(t, hit) != firstLine(t, first) {
		t.Errorf("nothing changed, want the cached result; got cached=%v %q (first %q)", hit.Cached, firstLine(t, hit), firstLine(t, first))
	}

	changed := &Program{Source: []byte(strings.Replace(nanoProgram, "ran at", "ran at:", 1))}
	if miss := runAll(t, r, changed)[0]; miss.Cached || !strings.HasPrefix(firstLine(t, miss), "ran at:") {
		t.Errorf("one character changed, want a new run; got cached=%v %q", miss.Cached, firstLine(t, miss))
	}

	// Damage the entry: the program simply runs again, and the entry heals.
	entries, _ := filepath.Glob(filepath.Join(dir, "results", "*", first.Key+".json"))
	if len(entries) != 1 {
		t.Fatalf("cache entry for %s: found %v", first.Key, entries)
	}
	if err := os.WriteFile(entries[0], []byte(`{"key":"`+first.Key+`","runs":[{`), 0o644); err != nil {
		t.Fatal(err)
	}
	rerun := runAll(t, r, p)[0]
	if rerun.Cached || firstLine(t, rerun) == firstLine(t, first) {
		t.Errorf("after damage, want a fresh run; got cached=%v %q", rerun.Cached, firstLine(t, rerun))
	}
	if healed := runAll(t, r, p)[0]; !healed.Cached || firstLine(t, healed) != firstLine(t, rerun) {
		t.Errorf("the damaged entry was not replaced: cached=%v", healed.Cached)
	}

	// Rerun ignores the cache and refreshes it.
	fresh := runAll(t, &Runner{CacheDir: dir, Rerun: true}, p)[0]
	if fresh.Cached || firstLine(t, fresh) == firstLine(t, rerun) {
		t.Errorf("-rerun used the cache")
	}
	if after := runAll(t, r, p)[0]; firstLine(t, after) != firstLine(t, fresh) {
		t.Errorf("-rerun did not refresh the cache")
	}
}

// A build that fails for a reason outside the program (here: modules
// can't be fetched) is reported but not cached, so fixing the
// environment fixes the result.
func TestRunAllDoesNotCacheEnvironmentFailures(t *testing.T) {
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOMODCACHE", t.TempDir())
	r := &Runner{CacheDir: t.TempDir(),
		GoMod: []byte("module lessons\n\ngo 1.26\n\nrequire golang.org/x/sys v0.49.0\n"),
		GoSum: []byte("golang.org/x/sys v0.49.0 h1:XbzkgYJHdqh/8m2Uu0W/dQv8nktxx4BFHp1M0gROTXA=\n" +
			"golang.org/x/sys v0.49.0/go.mod h1:hNLxWAXmnKAxqDtdwIYC4bM9oQPEecfsnNMuSxOs3og=\n")}
	p := &Program{Source: []byte("package main\n\nimport _ \"golang.org/x/sys/unix\"\n\nfunc main() {}\n")}
	for i := range 2 {
		res := runAll(t, r, p)[0]
		if res.Build.OK {
			t.Fatalf("the build passed without its module: %+v", res)
		}
		if res.Cached {
			t.Fatalf("run %d: an environment failure came from the cache:\n%s", i+1, res.Build.Output)
		}
		t.Logf("run %d: %s", i+1, res.Build.Output)
	}
}

// The toolchain memo outlives CPU pinning and container limits, so the
// CPU count in keys and results is read afresh for every session.
func TestSessionReadsTheCPUCountNow(t *testing.T) {
	dir := t.TempDir()
	r := &Runner{CacheDir: dir}
	if _, err := r.newSession(context.Background()); err != nil {
		t.Fatal(err)
	}
	memos, _ := filepath.Glob(filepath.Join(dir, "toolchain", "*.json"))
	if len(memos) != 1 {
		t.Fatalf("toolchain memos: %v", memos)
	}
	data, err := os.ReadFile(memos[0])
	if err != nil {
		t.Fatal(err)
	}
	stale := strings.Replace(string(data), fmt.Sprintf(`"num_cpu":%d`, runtime.NumCPU()), `"num_cpu":99`, 1)
	if stale == string(data) {
		t.Fatalf("the memo holds no CPU count to make stale: %s", data)
	}
	if err := os.WriteFile(memos[0], []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := r.newSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.tc.NumCPU != runtime.NumCPU() {
		t.Errorf("session CPU count %d, want %d (the memo said 99)", s.tc.NumCPU, runtime.NumCPU())
	}
}

// An exclusive program does not run while another run holds the shared
// gate for reading (serve's editor runs share it with rebuilds).
func TestGateKeepsExclusiveRunsAlone(t *testing.T) {
	p := &Program{Source: []byte(nanoProgram), Exclusive: true}
	// Warm Go's build cache, so the gated build takes far less than the
	// time the gate is held below, and only the gate can delay the run.
	runAll(t, &Runner{CacheDir: t.TempDir()}, p)
	gate := new(sync.RWMutex)
	r := &Runner{CacheDir: t.TempDir(), Gate: gate}
	var mu sync.Mutex
	released := false
	gate.RLock() // someone else's run is in progress
	go func() {
		time.Sleep(1500 * time.Millisecond)
		mu.Lock()
		released = true
		mu.Unlock()
		gate.RUnlock()
	}()
	runAll(t, r, p)
	mu.Lock()
	defer mu.Unlock()
	if !released {
		t.Error("the exclusive program ran while another run held the gate")
	}
}

// Folders left by a killed workbook are removed once old; recent ones
// may belong to a workbook running now.
func TestSessionRemovesStaleFolders(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	left, fresh := filepath.Join(tmp, "workbook-run-111"), filepath.Join(tmp, "workbook-build-222")
	for _, d := range []string{left, fresh} {
		if err := os.MkdirAll(filepath.Join(d, "p1"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * stale.After)
	if err := os.Chtimes(left, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Runner{CacheDir: t.TempDir()}).newSession(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); err == nil {
		t.Error("a stale run folder was left")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a recent build folder was removed: %v", err)
	}
}

// A result that Keep refuses is returned but never cached.
func TestRunAllKeep(t *testing.T) {
	r := &Runner{CacheDir: t.TempDir(), Keep: func(res *Result) bool { return false }}
	p := &Program{Source: []byte(nanoProgram)}
	if first := runAll(t, r, p)[0]; first.Cached || firstLine(t, first) == "" {
		t.Fatalf("first run: cached=%v", first.Cached)
	}
	if again := runAll(t, r, p)[0]; again.Cached {
		t.Errorf("a result Keep refused came from the cache")
	}
}
