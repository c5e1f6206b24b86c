package runner

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/runner/timeline"
)

var testToolchain = toolchain{GoVersion: "go1.26.0", GOOS: "linux", GOARCH: "amd64", NumCPU: 2}

func TestKeyCoversWhatChangesAResult(t *testing.T) {
	r := &Runner{}
	base := &Program{Source: []byte("package main\nfunc main() {}\n")}
	k := r.key(base, testToolchain)
	if k != r.key(&Program{Source: []byte("package main\nfunc main() {}\n")}, testToolchain) {
		t.Fatal("identical programs have different keys")
	}
	if k != r.key(&Program{Source: base.Source, Timeout: DefaultTimeout}, testToolchain) {
		t.Error("an explicit default timeout changed the key")
	}
	changes := map[string]func(p *Program, tc *toolchain, r *Runner){
		"one character of source": func(p *Program, _ *toolchain, _ *Runner) { p.Source = []byte("package main\nfunc main() {} \n") },
		"race":                    func(p *Program, _ *toolchain, _ *Runner) { p.Race = true },
		"norun":                   func(p *Program, _ *toolchain, _ *Runner) { p.NoRun = true },
		"timeout":                 func(p *Program, _ *toolchain, _ *Runner) { p.Timeout = time.Second },
		"gomaxprocs":              func(p *Program, _ *toolchain, _ *Runner) { p.GOMAXPROCS = []int{1, 2} },
		"args":                    func(p *Program, _ *toolchain, _ *Runner) { p.Args = []string{"a b"} },
		"args split":              func(p *Program, _ *toolchain, _ *Runner) { p.Args = []string{"a", "b"} },
		"exclusive":               func(p *Program, _ *toolchain, _ *Runner) { p.Exclusive = true },
		"trace":                   func(p *Program, _ *toolchain, _ *Runner) { p.Trace = true },
		"go version":              func(_ *Program, tc *toolchain, _ *Runner) { tc.GoVersion = "go1.26.1" },
		"goarch":                  func(_ *Program, tc *toolchain, _ *Runner) { tc.GOARCH = "arm64" },
		"cpus":                    func(_ *Program, tc *toolchain, _ *Runner) { tc.NumCPU = 4 },
		"backend":                 func(_ *Program, tc *toolchain, _ *Runner) { tc.Backend = BackendPortable },
		"build settings":          func(_ *Program, tc *toolchain, _ *Runner) { tc.Build = "GOEXPERIMENT=nogreenteagc;" },
		"go.mod":                  func(_ *Program, _ *toolchain, r *Runner) { r.GoMod = []byte("module x\n") },
		"go.sum":                  func(_ *Program, _ *toolchain, r *Runner) { r.GoSum = []byte("x v1 h1:\n") },
		"memory":                  func(_ *Program, _ *toolchain, r *Runner) { r.Memory = 2 << 30 },
	}
	seen := map[string]string{k: "base"}
	for name, change := range changes {
		p, tc, r := *base, testToolchain, &Runner{}
		change(&p, &tc, r)
		got := r.key(&p, tc)
		if prev, dup := seen[got]; dup {
			t.Errorf("changing %s gives the same key as %s", name, prev)
		}
		seen[got] = name
	}
}

func TestCacheRoundTripAndDamage(t *testing.T) {
	c := cache{dir: t.TempDir()}
	key := (&Runner{}).key(&Program{Source: []byte("package main")}, testToolchain)
	if c.get(key) != nil {
		t.Fatal("empty cache returned a result")
	}
	want := &Result{Key: key, Build: Build{OK: true}, Runs: []Run{{ExitCode: 3, Output: []Line{{T: time.Millisecond, Stream: Stderr, Text: "x"}}}}}
	if err := c.put(want); err != nil {
		t.Fatal(err)
	}
	got := c.get(key)
	if got == nil || !got.Cached || got.Runs[0].ExitCode != 3 || got.Runs[0].Output[0].Text != "x" || got.Runs[0].Output[0].Stream != Stderr {
		t.Fatalf("round trip: got %+v", got)
	}

	damages := map[string][]byte{
		"truncated":   []byte(`{"key":"` + key[:10]),
		"garbage":     {0, 1, 2, 0xff},
		"empty":       {},
		"another key": []byte(`{"key":"0000","build":{"ok":true}}`),
	}
	for name, data := range damages {
		if err := os.WriteFile(c.path(key), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if res := c.get(key); res != nil {
			t.Errorf("%s entry: got %+v, want a miss", name, res)
		}
	}
	// A damaged entry is replaced by the next put.
	if err := c.put(want); err != nil {
		t.Fatal(err)
	}
	if c.get(key) == nil {
		t.Error("put after damage did not repair the entry")
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(c.path(key)), ".tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestCacheFolderWhereAnEntryBelongs(t *testing.T) {
	c := cache{dir: t.TempDir()}
	key := (&Runner{}).key(&Program{Source: []byte("package main")}, testToolchain)
	// A folder, not empty, where the result file belongs: a miss, then
	// replaced by the next put instead of "rename: file exists".
	if err := os.MkdirAll(filepath.Join(c.path(key), "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if c.get(key) != nil {
		t.Fatal("a folder was read as a result")
	}
	if err := c.put(&Result{Key: key, Build: Build{OK: true}}); err != nil {
		t.Fatalf("put over a folder: %v", err)
	}
	if got := c.get(key); got == nil || !got.Build.OK {
		t.Errorf("after put over a folder: got %+v, want the new result", got)
	}
}

func TestCacheFileWhereAFolderBelongs(t *testing.T) {
	c := cache{dir: t.TempDir()}
	key := (&Runner{}).key(&Program{Source: []byte("package main")}, testToolchain)
	if err := os.MkdirAll(filepath.Join(c.dir, "results"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Dir(c.path(key)), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.put(&Result{Key: key, Build: Build{OK: true}}); err != nil {
		t.Fatalf("put with a file where its folder belongs: %v", err)
	}
	if c.get(key) == nil {
		t.Error("the entry was not stored")
	}
}

func TestCacheDisabled(t *testing.T) {
	c := cache{}
	if err := c.put(&Result{Key: "abcd"}); err != nil {
		t.Fatal(err)
	}
	if c.get("abcd") != nil {
		t.Error("disabled cache returned a result")
	}
}

func TestCacheDirWithoutHome(t *testing.T) {
	t.Setenv("WORKBOOK_CACHE", "")
	t.Setenv("HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir, err := (&Runner{}).cacheDir()
	if err != nil || filepath.Dir(dir) != tmp {
		t.Fatalf("cacheDir without a home: %q, %v; want a folder in %s", dir, err, tmp)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the fallback cache folder is not private: %v %v", fi.Mode(), err)
	}
	// Someone else's folder (here: readable by all) is refused, not used.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Runner{}).cacheDir(); err == nil {
		t.Error("a fallback cache folder open to others was accepted")
	}
	t.Setenv("WORKBOOK_CACHE", "/some/where")
	if dir, _ := (&Runner{}).cacheDir(); dir != "/some/where" {
		t.Errorf("WORKBOOK_CACHE ignored: %q", dir)
	}
	// A relative folder is made absolute: the go command runs elsewhere.
	t.Setenv("WORKBOOK_CACHE", "rel/cache")
	wd, _ := os.Getwd()
	if dir, _ := (&Runner{}).cacheDir(); dir != filepath.Join(wd, "rel/cache") {
		t.Errorf("relative WORKBOOK_CACHE gave %q, want it under %s", dir, wd)
	}
}

// TestCacheTraceFormat: a result's timeline is stored as an object, and
// an entry from before (the timeline as base64 JSON) is a miss, never a
// crash or a result without its timeline.
func TestCacheTraceFormat(t *testing.T) {
	c := cache{dir: t.TempDir()}
	key := (&Runner{}).key(&Program{Source: []byte("package main\nfunc main() {}\n"), Trace: true}, testToolchain)
	res := &Result{Key: key, Build: Build{OK: true}, Trace: &timeline.Timeline{Dur: time.Second, GOMAXPROCS: 2}}
	if err := c.put(res); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"trace":{"gomaxprocs":2,`) {
		t.Errorf("the timeline is not stored as an object:\n%s", data)
	}
	got := c.get(key)
	if got == nil || got.Trace == nil || got.Trace.Dur != time.Second || got.Trace.GOMAXPROCS != 2 {
		t.Fatalf("round trip: %+v, want the timeline back", got)
	}
	old := fmt.Sprintf(`{"key":%q,"build":{"ok":true},"trace":%q}`, key, base64.StdEncoding.EncodeToString([]byte(`{"dur_us":1000000}`)))
	if err := writeFileAtomic(c.path(key), []byte(old)); err != nil {
		t.Fatal(err)
	}
	if got := c.get(key); got != nil {
		t.Errorf("an entry in the old format was read as %+v, want a miss", got)
	}
}
