package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/workbook-dev/workbook/internal/stale"
)

// RunAll builds and runs progs and returns their results in order.
// Cached results are returned without building or running anything;
// the rest are built in one batch, then run: in parallel up to Jobs,
// each as soon as the build is done, while go vet may still be checking
// them (a program vet rejects fails, and nothing of its run is kept),
// except Exclusive programs and GOMAXPROCS sweeps, which run afterwards
// one at a time while nothing else runs, so their timings are honest.
// done, if not nil, is called (from any goroutine, one call at a time)
// as each result becomes known.
func (r *Runner) RunAll(ctx context.Context, progs []*Program, done func(i int, res *Result)) ([]*Result, error) {
	s, err := r.newSession(ctx)
	if err != nil {
		return nil, err
	}
	r = s.r
	results := make([]*Result, len(progs))
	var mu sync.Mutex
	finish := func(i int, res *Result) {
		mu.Lock()
		defer mu.Unlock()
		results[i] = res
		if done != nil {
			done(i, res)
		}
	}

	// Identical programs share one result: each key is looked up, built
	// and run once, and its twins get the same result.
	var todo []int
	twins := map[int][]int{} // first index with a key → later ones
	first := map[string]int{}
	for i, p := range progs {
		key := r.key(p, s.tc)
		if f, ok := first[key]; ok {
			twins[f] = append(twins[f], i)
			continue
		}
		first[key] = i
		if !r.Rerun {
			if res := s.cache.get(key); res != nil {
				finish(i, res)
				continue
			}
		}
		todo = append(todo, i)
	}
	for f, ts := range twins {
		if res := results[f]; res != nil {
			for _, t := range ts {
				finish(t, res)
			}
		}
	}
	if len(todo) == 0 {
		return results, nil
	}

	dir, err := os.MkdirTemp("", "workbook-build-")
	if err != nil {
		return nil, fmt.Errorf("creating build directory: %w", err)
	}
	defer os.RemoveAll(dir)
	batch := make([]*Program, len(todo))
	for j, i := range todo {
		batch[j] = progs[i]
	}
	sb, err := r.startBuild(ctx, dir, batch, !r.NoMerge)
	if err != nil {
		return nil, err
	}
	// go vet works in dir: it must be done before dir is removed.
	defer func() { <-sb.vetDone }()

	// Parallel runs first, then the exclusive ones alone. A parallel run
	// starts as soon as its binary exists, while go vet may still be
	// running; its result waits for vet's verdict (see runEarly).
	var shared, alone []int
	for j, i := range todo {
		if progs[i].alone() && sb.outs[j].Build.OK && !progs[i].NoRun {
			alone = append(alone, j)
		} else {
			shared = append(shared, j)
		}
	}
	var firstErr error
	var errOnce sync.Once
	runOne := func(j int, early []Run) {
		i := todo[j]
		var res *Result
		b, err := sb.final(j)
		if err == nil {
			r.gated(progs[i].alone(), func() { res, err = s.complete(ctx, dir, progs[i], b, early) })
		}
		if err != nil {
			errOnce.Do(func() { firstErr = err })
			return
		}
		finish(i, res)
		for _, t := range twins[i] {
			finish(t, res)
		}
	}
	sem := make(chan struct{}, r.jobs())
	var wg sync.WaitGroup
	for _, j := range shared {
		sem <- struct{}{}
		wg.Go(func() {
			var early []Run
			var err error
			r.gated(false, func() { early, err = s.runEarly(ctx, sb, j, progs[todo[j]]) })
			<-sem
			if err != nil {
				errOnce.Do(func() { firstErr = err })
				return
			}
			// Completing may run again (a trace, a merged program
			// rerun alone): it takes a slot of its own.
			sem <- struct{}{}
			defer func() { <-sem }()
			runOne(j, early)
		})
	}
	wg.Wait()
	for _, j := range alone {
		if ctx.Err() != nil {
			break
		}
		runOne(j, nil)
	}
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	return results, firstErr
}

// Run builds p alone and runs it, calling onLine (if not nil) for each
// line of output as it appears. The result is stored in the cache but
// never taken from it: a reader who asks to run a program wants to see it
// run.
func (r *Runner) Run(ctx context.Context, p *Program, onLine func(Line)) (*Result, error) {
	s, err := r.newSession(ctx)
	if err != nil {
		return nil, err
	}
	r = s.r
	s.onLine = onLine
	dir, err := os.MkdirTemp("", "workbook-build-")
	if err != nil {
		return nil, fmt.Errorf("creating build directory: %w", err)
	}
	defer os.RemoveAll(dir)
	built, err := r.build(ctx, dir, []*Program{p}, false)
	if err != nil {
		return nil, err
	}
	var res *Result
	r.gated(p.alone(), func() { res, err = s.complete(ctx, dir, p, built[0], nil) })
	return res, err
}

// alone reports whether p's timings are the point, so it must run while
// nothing else does.
func (p *Program) alone() bool {
	return p.Exclusive || len(p.GOMAXPROCS) > 0
}

// A session is one RunAll or Run: the toolchain and cache it uses.
type session struct {
	r      *Runner
	tc     toolchain
	cache  cache
	onLine func(Line)
}

// removeStale removes the temporary folders of workbook processes that
// were killed (SIGKILL leaves them), so they do not pile up.
func removeStale() {
	for _, pattern := range []string{"workbook-build-*", "workbook-run-*", "workbook-wasm-*"} {
		stale.Remove(filepath.Join(os.TempDir(), pattern))
	}
}

func (r *Runner) newSession(ctx context.Context) (*session, error) {
	backend, err := r.backend()
	if err != nil {
		return nil, err
	}
	removeStale()
	dir, err := r.cacheDir()
	if err != nil {
		// No cache directory is no reason to refuse to work.
		dir = ""
	} else if err := r.makeCacheDir(dir); err != nil {
		return nil, err // but one that names a file is a mistake to report
	}
	tc, err := r.lookToolchain(ctx, dir)
	if err != nil {
		return nil, err
	}
	// The CPU count is not the toolchain's: CPU pinning or a container
	// limit changes it between runs, so it is read now, never remembered.
	tc.NumCPU = runtime.NumCPU()
	// The local modules the book replaces others with are read once per
	// session: their content is part of every key.
	sr := *r
	if sr.localMods, err = r.localModules(); err != nil {
		return nil, err
	}
	if backend == BackendPortable && r.Memory > 0 {
		// The portable backend starts programs directly: there is no
		// helper to set the limit before the program runs.
		return nil, fmt.Errorf("-memory needs the %s runner backend; the %s backend sets no memory limit: %w", BackendLinux, BackendPortable, ErrBackend)
	}
	tc.Backend = backend
	return &session{r: &sr, tc: tc, cache: cache{dir: dir}}, nil
}

// complete runs a built program and stores its result. early, if not
// nil, holds the program's runs already made from b.Bin (see runEarly).
func (s *session) complete(ctx context.Context, dir string, p *Program, b buildOut, early []Run) (*Result, error) {
	res := &Result{Key: s.r.key(p, s.tc), Build: b.Build, Env: s.tc.env()}
	res.Build.Output = s.r.goGetHint(res.Build.Output)
	if b.Build.OK && !p.NoRun {
		var err error
		runs := early
		if runs == nil {
			if runs, err = s.runs(ctx, p, b.Bin); err != nil {
				return nil, err
			}
		}
		if b.Merged && suspicious(runs) {
			// A merged binary names its frames wbprogN.F instead of
			// main.F; a program that printed what could name them is run
			// again from its own binary so what it shows is exactly what
			// it would show on its own. Its side effects happen twice,
			// so the result says so.
			runs, err = s.runAlone(ctx, dir, p)
			if err != nil {
				return nil, err
			}
			res.RanAlone = true
		}
		res.Runs = runs
		if p.Trace {
			if res.Trace, err = s.traceRun(ctx, dir, p, runs); err != nil {
				return nil, err
			}
			res.Trace = res.Trace.Stored()
		}
	}
	if ctx.Err() != nil {
		// A cancelled run says nothing about the program: don't keep it.
		return res, ctx.Err()
	}
	if !res.Build.OK && environmental(res.Build.Output+res.Build.Vet) {
		// Report it, but never keep it as the program's result: fixing
		// the machine must fix the result without -rerun.
		return res, nil
	}
	if res.aborted() {
		// The program attacked its own helper: what it did says nothing
		// a later run can rely on, so it runs again next time.
		return res, nil
	}
	if s.r.Keep != nil && !s.r.Keep(res) {
		return res, nil
	}
	if err := s.cache.put(res); err != nil {
		return nil, err
	}
	return res, nil
}

func (s *session) runAlone(ctx context.Context, dir string, p *Program) ([]Run, error) {
	sub, err := os.MkdirTemp(dir, "alone-")
	if err != nil {
		return nil, fmt.Errorf("creating build directory: %w", err)
	}
	built, err := s.r.build(ctx, sub, []*Program{p}, false)
	if err != nil {
		return nil, err
	}
	if !built[0].Build.OK {
		return nil, fmt.Errorf("rebuilding a merged program alone failed: %s", built[0].Build.Output)
	}
	return s.runs(ctx, p, built[0].Bin)
}

// runs executes bin once, or sweeps its GOMAXPROCS values (see sweep).
func (s *session) runs(ctx context.Context, p *Program, bin string) ([]Run, error) {
	if len(p.GOMAXPROCS) > 0 {
		return s.sweep(ctx, p, bin)
	}
	spec := p.execSpec(bin)
	spec.OnLine = s.onLine
	run, err := s.r.exec(ctx, spec)
	if err != nil {
		return nil, err
	}
	return []Run{run}, nil
}

// goPosRE finds a position in a Go file ("main.go:3", "x.go:3:5").
var goPosRE = regexp.MustCompile(`\.go:\d+`)

// environmentErrors are what the go command says when the machine, not
// the program, is at fault; it pins some of them on an import line.
var environmentErrors = []string{
	"module lookup disabled", "dial tcp", "no such host", "connection refused",
	"i/o timeout", "TLS handshake", "build cache is required", "GOCACHE",
	"no space left on device", "too many open files", "permission denied",
}

// environmental reports whether a build failure is the environment's: it
// points at no line of the program, or it is one of environmentErrors.
func environmental(out string) bool {
	if !goPosRE.MatchString(out) {
		return true
	}
	for _, e := range environmentErrors {
		if strings.Contains(out, e) {
			return true
		}
	}
	return false
}

// suspicious reports whether any run printed what could name a merged
// binary's renamed functions. An exit status alone is not: the merge
// cannot change it, and running again would repeat the program's side
// effects for nothing.
func suspicious(runs []Run) bool {
	for _, run := range runs {
		for _, l := range run.Output {
			// A merged program's package is wbprogN: any type or function
			// name it prints (a recovered panic, %v of a context, fmt's
			// %!verb(T=...)) says so.
			if strings.Contains(l.Text, mergedPkgPrefix) {
				return true
			}
			if l.Stream == Stderr && (strings.HasPrefix(l.Text, "goroutine ") ||
				strings.HasPrefix(l.Text, "panic:") || strings.HasPrefix(l.Text, "fatal error:")) {
				return true
			}
		}
	}
	return false
}
