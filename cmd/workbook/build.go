package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/workbook-dev/workbook/internal/plural"

	"github.com/workbook-dev/workbook/site"
)

// buildMemoryLimit is build's soft memory limit unless GOMEMLIMIT is set.
const buildMemoryLimit = 120 << 20

func runBuild(ctx context.Context, cio cmdIO, args []string) error {
	fs := newFlagSet(cio, "build")
	var lf lessonFlags
	lf.register(fs, true)
	out := fs.String("out", "public", "folder to write the site to (replaced as a whole)")
	allow := fs.Bool("allow-failures", false, "write the site even when programs fail, showing the failures on their pages")
	play := fs.Bool("playground", true, `link each program to the Go Playground ("Open in the Go Playground": the code is shared only when a reader clicks)`)
	wasm := fs.Bool("wasm", true, "compile the programs a browser can run to WebAssembly, so readers can run them on the published site")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(cio, "build: unexpected argument %q", fs.Arg(0))
	}
	if lf.jobs < 0 {
		return usageErrorf(cio, "build: -jobs %d: want a number of builds and runs at once, at least 1 (0 for the CPU count)", lf.jobs)
	}
	fsys, dir, err := lf.source()
	if err != nil {
		return err
	}
	if !lf.demo {
		if err := checkOut(*out, dir); err != nil {
			return err
		}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A build holds every lesson's syntax tree and result at once;
		// without a limit the heap doubles before each collection. At
		// this soft limit a generated 1000-lesson book peaks near 130 MB
		// instead of 180 MB, for a few percent more time (BENCHMARKS.md).
		debug.SetMemoryLimit(buildMemoryLimit)
	}
	r, err := lf.runner(dir)
	if err != nil {
		return err
	}
	start := time.Now()
	stale := 0
	hl, _ := r.Folder("highlight") // without a cache folder, code is highlighted every build
	locks, _ := r.Folder("locks")
	cfg := site.Config{
		Lessons:       fsys,
		Dir:           dir,
		Out:           *out,
		Runner:        r,
		AllowFailures: *allow,
		Frozen:        frozenResults(r, fsys, &stale),
		Cache:         hl,
		Locks:         locks,
		NoPlayground:  !*play,
	}
	if *wasm {
		// The browser binary is compiled while programs run; the gate
		// keeps it from overlapping an exclusive run.
		r.Gate = new(sync.RWMutex)
		cfg.Wasm = r
	}
	if isTerminal(cio.stderr) {
		cfg.Progress = cio.stderr
	}
	rep, err := site.Build(ctx, cfg)
	if rep != nil {
		for _, pr := range rep.Programs {
			if pr.Verdict.Status == "fail" {
				e := &entry{lesson: pr.Program.Lesson, prog: pr.Program, line: pr.Program.Parts[0].Line,
					name: pr.Program.ID, result: pr.Result, verdict: pr.Verdict}
				reportText(cio.stderr, e)
			}
		}
	}
	if err != nil {
		if errors.Is(err, site.ErrFailed) {
			fmt.Fprintf(cio.stderr, "workbook: %v (use -allow-failures to publish them)\n", err)
			return errFailed
		}
		return err
	}
	if rep.Unchanged {
		fmt.Fprintf(cio.stderr, "workbook: %s is up to date: nothing changed since it was built (%d passed, %d failed); -rerun builds it again\n",
			*out, rep.Passed, rep.Failed)
		return nil
	}
	// An incremental build reads only the pages an edit changed: the
	// programs of the others are counted, as the site shows them.
	var kept string
	if n := rep.Passed + rep.Failed - rep.Ran - rep.Cached - rep.Frozen; n > 0 {
		kept = fmt.Sprintf(", %d on pages left as they were", n)
	}
	fmt.Fprintf(cio.stderr, "workbook: wrote %s: %d passed, %d failed; %d ran, %d from the cache, %d frozen%s (%.2fs)\n",
		*out, rep.Passed, rep.Failed, rep.Ran, rep.Cached, rep.Frozen, kept, time.Since(start).Seconds())
	if stale > 0 {
		whose := "their programs"
		if stale == 1 {
			whose = "its program"
		}
		fmt.Fprintf(cio.stderr, "workbook: %s no longer matched %s and ran instead; 'workbook verify' says which, and how to freeze them again\n",
			plural.Of(stale, "frozen result"), whose)
	}
	return nil
}
