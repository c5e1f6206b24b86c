package site

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"
)

// fpRunner is a fakeRunner that can say what its results depend on.
type fpRunner struct {
	*fakeRunner
	fp string
}

func (f *fpRunner) Fingerprint(context.Context) (string, error) { return f.fp, nil }

func TestBuildSkipsWhenNothingChanged(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	r := &fpRunner{fakeRunner: fake, fp: "go1.26 linux/amd64 2 CPUs"}
	out := filepath.Join(t.TempDir(), "public")
	build := func(cfg Config) *Report {
		t.Helper()
		cfg.Out, cfg.Runner = out, r
		if cfg.Lessons == nil {
			cfg.Lessons = lessons
		}
		rep, err := Build(context.Background(), cfg)
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		return rep
	}
	first := build(Config{})
	if first.Unchanged {
		t.Fatal("the first build reported the site unchanged")
	}
	before, err := os.Stat(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}

	again := build(Config{})
	if !again.Unchanged || again.Passed != first.Passed || again.Failed != first.Failed {
		t.Fatalf("second build: %+v, want unchanged with the first build's counts (%d passed)", again, first.Passed)
	}
	if fake.calls != 1 {
		t.Errorf("an unchanged build ran programs: RunAll called %d times", fake.calls)
	}
	after, err := os.Stat(filepath.Join(out, "index.html"))
	if err != nil || !os.SameFile(before, after) {
		t.Error("an unchanged build rewrote the site")
	}

	edited := fstest.MapFS{}
	for name, f := range lessons {
		c := *f
		edited[name] = &c
	}
	for name, f := range edited {
		if filepath.Ext(name) == ".md" && name != "index.md" {
			f.Data = append(append([]byte{}, f.Data...), "\nOne more sentence.\n"...)
			break
		}
	}
	changes := []struct {
		name   string
		cfg    Config
		runner string
	}{
		{"a lesson", Config{Lessons: edited}, r.fp},
		{"the toolchain", Config{}, "go1.27 linux/amd64 2 CPUs"},
		{"-allow-failures", Config{AllowFailures: true}, "go1.27 linux/amd64 2 CPUs"},
		{"-rerun (no fingerprint)", Config{}, ""},
		{"-rerun again", Config{}, ""},
	}
	for _, c := range changes {
		r.fp = c.runner
		calls := fake.calls
		if rep := build(c.cfg); rep.Unchanged || fake.calls != calls+1 {
			t.Errorf("after changing %s: unchanged=%v, RunAll calls %d→%d; want a full build", c.name, rep.Unchanged, calls, fake.calls)
		}
	}
}

func TestBuildWithoutFingerprintAlwaysBuilds(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	dir := t.TempDir()
	for range 2 {
		if _, rep, err := buildFixture(t, dir, fake, lessons); err != nil || rep.Unchanged {
			t.Fatalf("Build: %v, unchanged=%v", err, rep != nil && rep.Unchanged)
		}
	}
	if fake.calls != 2 {
		t.Errorf("RunAll called %d times, want 2", fake.calls)
	}
}

func TestGoBuildIDOfThisTest(t *testing.T) {
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id := goBuildID(exe)
	if runtime.GOOS == "linux" && id == "" {
		t.Error("no Go build ID in this test binary")
	}
	if goBuildID(os.DevNull) != "" {
		t.Error("a build ID for something that is not an executable")
	}
}
