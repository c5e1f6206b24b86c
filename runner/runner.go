package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// waitDelay bounds how long Wait may block on a child's pipes after it
// exits or is killed (a grandchild may still hold them).
const waitDelay = 2 * time.Second

// A Runner builds and runs programs, caching results by content.
// The zero value is ready to use.
type Runner struct {
	// Go is the go command. Default: $WORKBOOK_GO, else "go" from PATH.
	Go string
	// CacheDir holds results. Default: $WORKBOOK_CACHE, else
	// os.UserCacheDir()/workbook, else a per-user folder in os.TempDir().
	CacheDir string
	// Jobs bounds builds and runs at once. Default: the CPU count.
	Jobs int
	// Rerun ignores cached results (and refreshes them).
	Rerun bool
	// NoMerge builds every program as its own binary, never linking
	// several programs into one.
	NoMerge bool
	// Gate, when set, is shared by every Runner whose runs must not
	// disturb each other's timings (serve's rebuilds and its editor runs):
	// Exclusive and GOMAXPROCS programs hold it for writing while they
	// run, every other run for reading. Without it, RunAll still runs
	// such programs alone within its own batch.
	Gate *sync.RWMutex
	// Keep, when set, says whether a result may be stored in the cache;
	// one it refuses is returned all the same. serve refuses results that
	// show its live secrets. Default: every result is stored.
	Keep func(*Result) bool
	// GoMod and GoSum, when set, are the module programs are built in
	// (a lessons folder with its own go.mod). Otherwise programs may use
	// the standard library only.
	GoMod, GoSum []byte
}

func (r *Runner) goCommand() string {
	if r.Go != "" {
		return r.Go
	}
	if g := os.Getenv("WORKBOOK_GO"); g != "" {
		return g
	}
	return "go"
}

func (r *Runner) cacheDir() (string, error) {
	if r.CacheDir != "" {
		return r.CacheDir, nil
	}
	if d := os.Getenv("WORKBOOK_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		// No $HOME or $XDG_CACHE_HOME (a bare CI container): keep results
		// in a per-user folder of the temporary directory rather than fail.
		return privateTempDir(fmt.Sprintf("workbook-cache-%d", os.Getuid()))
	}
	return filepath.Join(d, "workbook"), nil
}

func (r *Runner) jobs() int {
	if r.Jobs > 0 {
		return r.Jobs
	}
	return runtime.NumCPU()
}

// goCmd returns a go command to run in dir. The environment is the
// user's (so Go's build cache is shared) with the toolchain pinned: a
// snippet never downloads a toolchain or joins a workspace.
func (r *Runner) goCmd(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, r.goCommand(), args...)
	cmd.Dir = dir
	// Programs run here, so they are built for here whatever GOOS and
	// GOARCH the user's environment names.
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS=-buildvcs=false",
		"GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	cmd.WaitDelay = waitDelay
	return cmd
}

// privateTempDir returns a folder of the temporary directory that only
// we can write. Its name is predictable, and the cache holds a helper we
// execute and results we publish, so a folder someone else made there
// (or a link) is refused rather than trusted.
func privateTempDir(name string) (string, error) {
	dir := filepath.Join(os.TempDir(), name)
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || fi.Mode().Perm()&0o077 != 0 || (ok && int(st.Uid) != os.Getuid()) {
		return "", fmt.Errorf("%s is not a private folder of ours; set WORKBOOK_CACHE", dir)
	}
	return dir, nil
}

// gated runs f holding r.Gate for writing when alone, else for reading.
func (r *Runner) gated(alone bool, f func()) {
	switch {
	case r.Gate == nil:
	case alone:
		r.Gate.Lock()
		defer r.Gate.Unlock()
	default:
		r.Gate.RLock()
		defer r.Gate.RUnlock()
	}
	f()
}
