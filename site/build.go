package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// A Runner builds and runs programs. *runner.Runner is one; tests use
// fixed results.
type Runner interface {
	RunAll(ctx context.Context, progs []*runner.Program, done func(i int, res *runner.Result)) ([]*runner.Result, error)
}

// Config says what to build and where.
type Config struct {
	// Lessons is the folder of lessons.
	Lessons fs.FS
	// Dir names the folder in diagnostics. Default: "lessons".
	Dir string
	// Out is the folder the site is written to. Default: "public".
	// It is replaced as a whole, so it must be empty, missing, or an
	// earlier build's output.
	Out string
	// Runner runs the programs.
	Runner Runner
	// AllowFailures writes the site even when programs fail; their pages
	// show the failures.
	AllowFailures bool
	// Progress, if set, receives one line per program as it finishes.
	Progress io.Writer
	// Frozen, if set, returns the results to publish without running
	// the programs (workbook freeze's, whose key still matches): entry i
	// for ps[i], nil for a program to run.
	Frozen func(ctx context.Context, b *book.Book, ps []*book.Program) ([]*runner.Result, error)
	// Cache, when set, is a folder where rendering work (highlighted
	// code) is kept between builds.
	Cache string
	// Locks, when set, is a folder for the lock that makes two builds of
	// one site take turns (see lockOut).
	Locks string
	// Wasm, when set, compiles the programs that can run in a browser
	// into WebAssembly, and their pages offer to run them there (see
	// WasmPrograms).
	Wasm WasmBuilder
	// NoPlayground leaves out the "Open in the Go Playground" links.
	NoPlayground bool
}

// A Report says what happened to every program of a build.
type Report struct {
	Programs []ProgramReport // in book order
	Passed   int
	Failed   int
	// Ran counts the programs that were built and run; the others came
	// from the cache or were frozen.
	Ran    int
	Cached int
	Frozen int
	// Unchanged reports that nothing the site depends on had changed, so
	// nothing was run, rendered or written; Programs is empty and the
	// counts are those of the build that wrote the site.
	Unchanged bool
}

// ProgramReport is one program's outcome.
type ProgramReport struct {
	Program *book.Program
	Result  *runner.Result
	Verdict book.Verdict
}

// ErrFailed is returned (wrapped) by Build when programs failed and
// AllowFailures was not set. The report lists them.
var ErrFailed = errors.New("programs failed")

// Build loads the book, runs every program, checks each against its
// lesson, renders the site and writes it to cfg.Out. Draft lessons
// (draft: true) are left out: neither run nor published.
//
// A lesson that cannot be parsed, or that links to a page, anchor or
// image the site would not have, is an error (a book.ErrorList). When
// programs fail, Build returns the report and an error wrapping
// ErrFailed, and leaves cfg.Out as it was, unless cfg.AllowFailures.
// A failed build never leaves a half-written or missing site behind: a
// full build writes a new folder and swaps it in; a build that renders
// only the pages an edit changed moves each into the site with a
// rename, the manifest last, and a site without a manifest (an update
// cut short) is built whole next time.
func Build(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Dir == "" {
		cfg.Dir = "lessons"
	}
	if cfg.Out == "" {
		cfg.Out = "public"
	}
	if cfg.Lessons == nil || cfg.Runner == nil {
		return nil, errors.New("site.Build: Config needs Lessons and Runner")
	}
	unlock, err := lockOut(cfg.Locks, cfg.Out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	in := readInputs(ctx, cfg)
	fp := in.fingerprint()
	if rep := upToDate(cfg.Out, fp); rep != nil {
		return rep, nil
	}
	if rep, done, err := buildChanged(ctx, cfg, in); done {
		return rep, err
	}
	full, err := book.Load(cfg.Lessons, cfg.Dir)
	if err != nil {
		return nil, err
	}
	// Drafts are for the live preview: a published site leaves them out.
	b := full.WithoutDrafts()
	if errs := b.CheckLinks(); len(errs) > 0 {
		return nil, errs
	}
	recs := records(b, cfg.Dir)
	// A book's settings can switch either feature off for every build.
	var wasm *wasmAside
	if cfg.Wasm != nil && b.Settings.RunInBrowser {
		wasm = startWasm(ctx, cfg.Wasm, b.Programs())
	}
	defer wasm.stop()
	rep, results, err := runBook(ctx, cfg, b)
	if err != nil {
		return rep, err
	}
	tally(recs, b, rep)
	if rep.Failed > 0 && !cfg.AllowFailures {
		return rep, fmt.Errorf("%d of %d %w; the site in %s was not changed", rep.Failed, len(rep.Programs), ErrFailed, cfg.Out)
	}
	opt := RenderOptions{NoPlayground: cfg.NoPlayground || !b.Settings.Playground, GoMod: GoModuleOf(cfg.Runner)}
	if wasm != nil {
		if opt.Wasm, err = wasm.wait(); err != nil {
			return rep, fmt.Errorf("compiling for browsers: %w", err)
		}
		for i, l := range b.Lessons {
			recs[i].Wasm = opt.Wasm.ids(l)
		}
	}
	return rep, writeSite(cfg, b, results, opt, renderScope{release: true, records: byLesson(b, recs)}, in, recs, *rep, nil)
}

// runBook runs every program in one batch, so the runner can schedule
// and share builds, and checks each result.
func runBook(ctx context.Context, cfg Config, b *book.Book) (*Report, map[*book.Program]*runner.Result, error) {
	ps := b.Programs()
	res, err := runPrograms(ctx, cfg, b, ps)
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{}
	results := make(map[*book.Program]*runner.Result, len(ps))
	for i, p := range ps {
		results[p] = res[i]
		v := book.Check(p, res[i])
		rep.Programs = append(rep.Programs, ProgramReport{Program: p, Result: res[i], Verdict: v})
		if v.Status == book.StatusPass {
			rep.Passed++
		} else {
			rep.Failed++
		}
		switch {
		case res[i].Frozen:
			rep.Frozen++
		case res[i].Cached:
			rep.Cached++
		default:
			rep.Ran++
		}
	}
	return rep, results, nil
}

// runPrograms returns every program's result: its frozen one when
// cfg.Frozen has it, else what the runner says (cached or run).
func runPrograms(ctx context.Context, cfg Config, b *book.Book, ps []*book.Program) ([]*runner.Result, error) {
	res := make([]*runner.Result, len(ps))
	if cfg.Frozen != nil {
		frozen, err := cfg.Frozen(ctx, b, ps)
		if err != nil {
			return nil, err
		}
		copy(res, frozen)
	}
	var todo []int
	var progs []*runner.Program
	for i, p := range ps {
		if res[i] == nil {
			todo = append(todo, i)
			progs = append(progs, p.RunnerProgram())
		}
	}
	var mu sync.Mutex
	finished := len(ps) - len(todo)
	ran, err := cfg.Runner.RunAll(ctx, progs, func(j int, r *runner.Result) {
		if cfg.Progress == nil || r == nil {
			return
		}
		p := ps[todo[j]]
		v := book.Check(p, r)
		mu.Lock()
		defer mu.Unlock()
		finished++
		fmt.Fprintf(cfg.Progress, "%-4s %s:%d %s (%d/%d)\n", statusWord(v.Status), p.Lesson.File, p.Parts[0].Line, p.ID, finished, len(ps))
	})
	if err != nil {
		return nil, fmt.Errorf("running programs: %w", err)
	}
	if len(ran) != len(progs) {
		return nil, fmt.Errorf("running programs: runner returned %d results for %d programs", len(ran), len(progs))
	}
	for j, i := range todo {
		res[i] = ran[j]
	}
	return res, nil
}

func statusWord(s string) string {
	if s == book.StatusPass {
		return "ok"
	}
	return "FAIL"
}
