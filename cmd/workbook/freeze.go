package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"

	"github.com/workbook-dev/workbook/internal/plural"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/frozen"
	"github.com/workbook-dev/workbook/runner"
)

func runFreeze(ctx context.Context, cio cmdIO, args []string) error {
	fs := newFlagSet(cio, "freeze")
	lf := lessonFlags{cmd: "freeze", rerun: true}
	fs.StringVar(&lf.dir, "lessons", "", "lessons folder (default ./lessons, else the current folder if it holds lessons)")
	fs.IntVar(&lf.jobs, "jobs", 0, "builds and runs at once (default the CPU count)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fsys, dir, err := lf.source()
	if err != nil {
		return err
	}
	b, err := book.Load(fsys, dir)
	if err != nil {
		return err
	}
	entries, err := selectEntries(b, fs.Args())
	if err != nil {
		return err
	}
	r, err := lf.runner(dir)
	if err != nil {
		return err
	}
	// Freezing measures: every program runs now, never from the cache.
	if err := runEntries(ctx, r, entries, cio.stderr); err != nil {
		return err
	}
	froze, failed, err := freezeEntries(ctx, cio.stdout, r, dir, b, entries)
	if err != nil {
		return err
	}
	if len(fs.Args()) == 0 {
		removed, err := frozen.Prune(dir, b)
		if err != nil {
			return err
		}
		for _, f := range removed {
			fmt.Fprintf(cio.stdout, "removed %s (no such program any more)\n", path.Join(dir, f))
		}
	}
	fmt.Fprintf(cio.stdout, "froze %s in %s, %d failed\n", plural.Of(froze, "program"), path.Join(dir, frozen.Dir), failed)
	if failed > 0 {
		return errFailed
	}
	return nil
}

// freezeEntries records the result of every entry that passed.
func freezeEntries(ctx context.Context, w io.Writer, r *runner.Runner, dir string, b *book.Book, entries []*entry) (froze, failed int, err error) {
	var progs []*runner.Program
	var es []*entry
	for _, e := range entries {
		if e.prog != nil {
			progs = append(progs, e.prog.RunnerProgram())
			es = append(es, e)
		}
	}
	keys, err := r.FrozenKeys(ctx, progs)
	if err != nil {
		return 0, 0, err
	}
	for i, e := range es {
		if e.verdict.Status != book.StatusPass {
			reportText(w, e)
			fmt.Fprintf(w, "    not frozen: it must pass first\n")
			failed++
			continue
		}
		res := *e.result
		res.Key = "" // the cache key names this machine; the frozen key is what counts
		if err := frozen.Write(dir, b, e.prog, &frozen.Entry{Key: keys[i], Result: &res}); err != nil {
			return froze, failed, err
		}
		fmt.Fprintf(w, "froze %s:%d %s in %s\n", e.lesson.File, e.line, e.name, path.Join(dir, frozen.Path(b, e.prog)))
		froze++
	}
	return froze, failed, nil
}

// frozenResults gives site.Build the frozen results of a book whose
// lessons are fsys: those whose key still matches. It counts the stale
// ones in *stale.
func frozenResults(r *runner.Runner, fsys fs.FS, stale *int) func(context.Context, *book.Book, []*book.Program) ([]*runner.Result, error) {
	return func(ctx context.Context, b *book.Book, ps []*book.Program) ([]*runner.Result, error) {
		fresh, old, err := matchFrozen(ctx, r, fsys, b, ps)
		*stale = len(old)
		return fresh, err
	}
}

func matchFrozen(ctx context.Context, r *runner.Runner, fsys fs.FS, b *book.Book, ps []*book.Program) ([]*runner.Result, []*book.Program, error) {
	progs := make([]*runner.Program, len(ps))
	for i, p := range ps {
		progs[i] = p.RunnerProgram()
	}
	keys, err := r.FrozenKeys(ctx, progs)
	if err != nil {
		return nil, nil, err
	}
	return frozen.Match(fsys, b, ps, keys)
}

// reportStale says which frozen results no longer match their program,
// and the command that records them again.
func reportStale(w io.Writer, format string, b *book.Book, stale []*book.Program) {
	for _, p := range stale {
		cmd := "workbook freeze "
		if b.Dir != "lessons" {
			cmd += "-lessons " + b.Dir + " "
		}
		cmd += p.Lesson.File + "#" + p.ID
		msg := fmt.Sprintf("the frozen result of %s is stale: the program, its attributes, its module or the Go version changed since it was frozen, so builds run it instead of publishing it; to record it again, run: %s", p.ID, cmd)
		if format == "github" {
			fmt.Fprintf(w, "::warning file=%s,line=%d,title=stale frozen result::%s\n", escapeProperty(p.Lesson.File), p.Parts[0].Line, escapeData(msg))
			continue
		}
		fmt.Fprintf(w, "stale %s:%d %s\n    %s\n", p.Lesson.File, p.Parts[0].Line, p.ID, msg)
	}
}
