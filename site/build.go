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
}

// A Report says what happened to every program of a build.
type Report struct {
	Programs []ProgramReport // in book order
	Passed   int
	Failed   int
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
// The site is written atomically: a failed build never leaves a
// half-written or missing site behind.
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
	fp := fingerprint(ctx, cfg)
	if rep := upToDate(cfg.Out, fp); rep != nil {
		return rep, nil
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
	rep, results, err := runBook(ctx, cfg, b)
	if err != nil {
		return rep, err
	}
	if rep.Failed > 0 && !cfg.AllowFailures {
		return rep, fmt.Errorf("%d of %d %w; the site in %s was not changed", rep.Failed, len(rep.Programs), ErrFailed, cfg.Out)
	}
	w, err := newSiteWriter(cfg.Out)
	if err != nil {
		return rep, err
	}
	err = new(Renderer).each(b, results, RenderOptions{}, true, w.add)
	if err == nil {
		m := manifest{Fingerprint: fp, Passed: rep.Passed, Failed: rep.Failed, Files: w.written()}
		err = w.add(manifestName, m.encode())
	}
	if err != nil {
		w.abort()
		return rep, err
	}
	return rep, w.commit()
}

// programs is b.Programs, for the live preview's builder until it calls
// that itself.
func programs(b *book.Book) []*book.Program { return b.Programs() }

// runBook runs every program in one batch, so the runner can schedule
// and share builds, and checks each result.
func runBook(ctx context.Context, cfg Config, b *book.Book) (*Report, map[*book.Program]*runner.Result, error) {
	ps := b.Programs()
	progs := make([]*runner.Program, len(ps))
	for i, p := range ps {
		progs[i] = p.RunnerProgram()
	}
	var mu sync.Mutex
	finished := 0
	res, err := cfg.Runner.RunAll(ctx, progs, func(i int, r *runner.Result) {
		if cfg.Progress == nil || r == nil {
			return
		}
		v := book.Check(ps[i], r)
		mu.Lock()
		defer mu.Unlock()
		finished++
		fmt.Fprintf(cfg.Progress, "%-4s %s:%d %s (%d/%d)\n", statusWord(v.Status), ps[i].Lesson.File, ps[i].Parts[0].Line, ps[i].ID, finished, len(ps))
	})
	if err != nil {
		return nil, nil, fmt.Errorf("running programs: %w", err)
	}
	if len(res) != len(ps) {
		return nil, nil, fmt.Errorf("running programs: runner returned %d results for %d programs", len(res), len(ps))
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
	}
	return rep, results, nil
}

func statusWord(s string) string {
	if s == book.StatusPass {
		return "ok"
	}
	return "FAIL"
}
