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
	// Memory, when above zero, limits each process of a run to that many
	// bytes of address space (RLIMIT_AS, Linux only). Address space
	// includes what Go reserves without using: a Go program needs about
	// 1.2 GiB on linux/amd64 before it allocates anything, and -race
	// programs far more. Past the limit allocations fail, which a Go
	// program reports as a fatal out of memory error. Zero, the default,
	// sets no limit. See ParseMemory.
	Memory int64
	// Keep, when set, says whether a result may be stored in the cache;
	// one it refuses is returned all the same. serve refuses results that
	// show its live secrets. Default: every result is stored.
	Keep func(*Result) bool
	// GoMod and GoSum, when set, are the module programs are built in
	// (the book's go.mod; see UseModule). Otherwise programs may use the
	// standard library only.
	GoMod, GoSum []byte
	// Backend is how programs are run: BackendLinux or BackendPortable.
	// Default: $WORKBOOK_RUNNER, else BackendLinux on Linux and
	// BackendPortable elsewhere.
	Backend string
	// ModDir is the folder GoMod comes from. Relative replace
	// directories in GoMod are relative to it.
	ModDir string

	// localMods is the content hash of the local modules GoMod replaces
	// others with, set in a session's copy of the Runner.
	localMods string
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

// cacheDir returns the cache folder as an absolute path: the go command
// runs in folders of its own, where a relative path would name another
// place.
func (r *Runner) cacheDir() (string, error) {
	d := r.CacheDir
	if d == "" {
		d = os.Getenv("WORKBOOK_CACHE")
	}
	if d != "" {
		return filepath.Abs(d)
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
//
// When dir is set (a folder workbook owns and removes), the go command's
// own temporary folders (go-build*) go into dir/.gotmp, so they are
// removed with dir even when the go command is killed. Cancelling ctx
// interrupts the go command first, so it can remove them itself, and
// kills it waitDelay later.
func (r *Runner) goCmd(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, r.goCommand(), args...)
	cmd.Dir = dir
	// Programs run here, so they are built for here whatever GOOS and
	// GOARCH the user's environment names.
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS=-buildvcs=false",
		"GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	if dir != "" {
		tmp, _ := filepath.Abs(filepath.Join(dir, goTmpDir))
		// If this fails, so does the go command, saying why.
		_ = os.MkdirAll(tmp, 0o700)
		cmd.Env = append(cmd.Env, "GOTMPDIR="+tmp)
	}
	cmd.Cancel = func() error { return interrupt(cmd.Process) }
	cmd.WaitDelay = waitDelay
	return cmd
}

// goTmpDir is the folder, inside the folder a go command runs in, that
// holds its temporary files. A dot name keeps it out of ./... patterns.
const goTmpDir = ".gotmp"

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
	if !fi.IsDir() || !ownedByUs(fi) {
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

// interrupt asks p to stop (SIGINT, as a ^C would), so the go command
// removes its temporary files; where that signal does not exist, p is
// killed.
func interrupt(p *os.Process) error {
	if err := p.Signal(os.Interrupt); err != nil {
		return p.Kill()
	}
	return nil
}
