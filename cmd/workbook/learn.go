package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
	"github.com/workbook-dev/workbook/watch"
)

// defaultWorkspace is where learn writes the exercises without -dir.
const defaultWorkspace = "learn"

func runLearn(ctx context.Context, cio cmdIO, args []string) error {
	fs := newFlagSet(cio, "learn")
	var lf lessonFlags
	lf.register(fs, false)
	dir := fs.String("dir", defaultWorkspace, "workspace folder: one folder per exercise, LESSON/ID/main.go")
	once := fs.Bool("once", false, "check every exercise once, print a table and exit (0 only when all are solved)")
	poll := fs.Bool("poll", false, "poll the workspace for changes instead of waiting for file system events")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(cio, "learn: unexpected argument %q", fs.Arg(0))
	}
	b, err := lf.load()
	if err != nil {
		return err
	}
	exs := b.Exercises()
	if len(exs) == 0 {
		return inputError{fmt.Errorf("%s has no exercises (```go exercise name=ID blocks; see 'go doc github.com/workbook-dev/workbook/book')", b.Dir)}
	}
	r, err := lf.runner(b.Dir)
	if err != nil {
		return err
	}
	l := &learner{out: cio.stdout, runner: r, dir: *dir, exercises: exs}
	created, err := l.writeWorkspace()
	if err != nil {
		return err
	}
	fmt.Fprintf(cio.stdout, "workspace %s: %d exercises (%d new)\n", l.dir, len(exs), created)
	if *once {
		return l.checkAll(ctx)
	}
	return l.loop(ctx, os.Stdin, *poll)
}

// A learner checks a reader's workspace against a book's exercises.
type learner struct {
	out       io.Writer
	runner    *runner.Runner
	dir       string // the workspace
	exercises []*book.Exercise
}

// exerciseDir is where an exercise's files are in the workspace.
func (l *learner) exerciseDir(ex *book.Exercise) string {
	return filepath.Join(l.dir, filepath.FromSlash(ex.Dir()))
}

// writeWorkspace writes each exercise's starter files that are not
// there yet and returns how many exercises it wrote: a file that exists
// is the reader's, and is never overwritten.
func (l *learner) writeWorkspace() (int, error) {
	created := 0
	for _, ex := range l.exercises {
		dir := l.exerciseDir(ex)
		wrote := false
		for name, data := range ex.StarterFiles() {
			path := filepath.Join(dir, filepath.FromSlash(name))
			if _, err := os.Lstat(path); err == nil || !errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return created, fmt.Errorf("writing the workspace: %w", err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				return created, fmt.Errorf("writing the workspace: %w", err)
			}
			wrote = true
		}
		if wrote {
			created++
		}
	}
	return created, nil
}

// readAttempt reads the Go files of an exercise's folder, by
// slash-separated path.
func (l *learner) readAttempt(ex *book.Exercise) (map[string][]byte, error) {
	dir := l.exerciseDir(ex)
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && strings.HasSuffix(d.Name(), ".go") {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files[filepath.ToSlash(rel)] = data
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	return files, nil
}

// check builds and runs the reader's attempt at ex and checks it as the
// lesson checks its solution. A deleted main.go is written again.
func (l *learner) check(ctx context.Context, ex *book.Exercise) (book.Verdict, error) {
	if _, err := l.writeWorkspace(); err != nil {
		return book.Verdict{}, err
	}
	files, err := l.readAttempt(ex)
	if err != nil {
		return book.Verdict{}, err
	}
	res, err := l.runner.Run(ctx, ex.Attempt(files), nil)
	if err != nil {
		return book.Verdict{}, err
	}
	v := book.CheckAttempt(ex.Starter, res)
	v.Message = l.workspacePositions(ex, v.Message)
	return v, nil
}

// workspacePositions makes the positions in a message ("./main.go:5:3",
// "main.go:5") name the reader's file in the workspace.
func (l *learner) workspacePositions(ex *book.Exercise, msg string) string {
	dir := filepath.ToSlash(l.exerciseDir(ex)) + "/"
	var b strings.Builder
	for line := range strings.Lines(msg) {
		trimmed := strings.TrimLeft(line, " \t")
		lead := line[:len(line)-len(trimmed)]
		if rest, ok := strings.CutPrefix(trimmed, "./"); ok {
			trimmed = rest
		}
		if name, _, ok := strings.Cut(trimmed, ":"); ok && strings.HasSuffix(name, ".go") && !strings.ContainsAny(name, " /\\") {
			trimmed = dir + trimmed
		}
		b.WriteString(lead + trimmed)
	}
	return b.String()
}

// checkAll checks every exercise once and prints a table: learn -once.
func (l *learner) checkAll(ctx context.Context) error {
	solved := 0
	for _, ex := range l.exercises {
		v, err := l.check(ctx, ex)
		if err != nil {
			return err
		}
		state := "todo  "
		if v.Status == book.StatusPass {
			state = "solved"
			solved++
		}
		fmt.Fprintf(l.out, "%s  %-40s  %s\n", state, ex.Ref(), filepath.ToSlash(l.exerciseDir(ex)))
	}
	fmt.Fprintf(l.out, "%d of %d solved\n", solved, len(l.exercises))
	if solved < len(l.exercises) {
		return errFailed
	}
	return nil
}

// next returns the index of the first exercise from i on (wrapping
// around) that is not solved, or -1.
func next(solved []bool, i int) int {
	for k := range solved {
		j := (i + k) % len(solved)
		if !solved[j] {
			return j
		}
	}
	return -1
}

// printVerdict says how the reader's attempt went.
func (l *learner) printVerdict(ex *book.Exercise, v book.Verdict) {
	if v.Status == book.StatusPass {
		fmt.Fprintf(l.out, "✓ %s solved\n", ex.Ref())
		return
	}
	what := map[string]string{
		book.ReasonBuild: "does not compile yet", book.ReasonVet: "go vet reports a problem",
		book.ReasonMismatch: "prints something else", book.ReasonTimeout: "times out",
	}[v.Reason]
	if what == "" {
		what = "is not solved yet"
	}
	fmt.Fprintf(l.out, "✗ %s %s:\n", ex.Ref(), what)
	for line := range strings.Lines(strings.TrimRight(runner.Printable(v.Message), "\n")) {
		fmt.Fprintf(l.out, "    %s", strings.TrimRight(line, "\n")+"\n")
	}
}

// solvedCount counts the exercises marked solved.
func solvedCount(solved []bool) int {
	n := 0
	for _, s := range solved {
		if s {
			n++
		}
	}
	return n
}

// hintFor returns hint k of ex, or a message when there are no more.
func hintFor(ex *book.Exercise, k int) string {
	if k >= len(ex.Hints) {
		if len(ex.Hints) == 0 {
			return "this exercise has no hints"
		}
		return fmt.Sprintf("no more hints (%d shown)", len(ex.Hints))
	}
	return fmt.Sprintf("hint %d of %d: %s", k+1, len(ex.Hints), ex.Hints[k].String())
}

// commands a reader can type while learn watches.
var learnCommands = []string{"hint", "check", "next", "quit"}

// matchCommand returns the command a typed line means ("h" is hint, ""
// is check), or "" when none.
func matchCommand(line string) string {
	line = strings.ToLower(strings.TrimSpace(line))
	if line == "" {
		return "check"
	}
	i := slices.IndexFunc(learnCommands, func(c string) bool { return strings.HasPrefix(c, line) })
	if i < 0 {
		return ""
	}
	return learnCommands[i]
}

// readLines sends each line of r on a channel, closed at the end.
func readLines(r io.Reader) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			ch <- sc.Text()
		}
	}()
	return ch
}

// watchWorkspace reports each change under the workspace.
func (l *learner) watchWorkspace(ctx context.Context, poll bool) <-chan struct{} {
	ch := make(chan struct{}, 1)
	w := &watch.Watcher{Root: l.dir, Poll: poll, Notify: func([]string, bool) {
		select {
		case ch <- struct{}{}:
		default: // a check is pending already
		}
	}}
	go w.Run(ctx)
	return ch
}
