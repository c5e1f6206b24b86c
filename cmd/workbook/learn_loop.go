package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
)

// A session is learn's interactive state: which exercise is current,
// which are solved, how many hints the reader has seen.
type session struct {
	*learner
	solved []bool
	cur    int
	hints  int // of the current exercise, shown
}

// loop checks the exercises in order until it finds one to do, then
// re-checks it on every save in the workspace and on request, shows its
// hints one at a time and moves on to the next unsolved one when it is
// solved. It returns when every exercise is solved, or when the reader
// quits (or closes the input).
func (l *learner) loop(ctx context.Context, in io.Reader, poll bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &session{learner: l, solved: make([]bool, len(l.exercises))}
	changes := l.watchWorkspace(ctx, poll)
	lines := readLines(in)
	fmt.Fprintf(l.out, "Edit the files in %s; each save is checked. Type hint, check, next or quit (and Enter).\n", l.dir)
	if done, err := s.advance(ctx, 0); done || err != nil {
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changes:
			if done, err := s.recheck(ctx); done || err != nil {
				return err
			}
		case line, ok := <-lines:
			if !ok {
				return nil
			}
			if done, err := s.command(ctx, line); done || err != nil {
				return err
			}
		}
	}
}

// command carries out a line the reader typed.
func (s *session) command(ctx context.Context, line string) (done bool, err error) {
	switch matchCommand(line) {
	case "hint":
		fmt.Fprintln(s.out, hintFor(s.exercises[s.cur], s.hints))
		if s.hints < len(s.exercises[s.cur].Hints) {
			s.hints++
		}
	case "check":
		return s.recheck(ctx)
	case "next":
		return s.advance(ctx, s.cur+1)
	case "quit":
		fmt.Fprintf(s.out, "%d of %d solved; your work stays in %s\n", solvedCount(s.solved), len(s.solved), s.dir)
		return true, nil
	default:
		fmt.Fprintf(s.out, "unknown command %q: type hint, check, next or quit\n", line)
	}
	return false, nil
}

// recheck checks the current exercise and moves on when it is solved.
func (s *session) recheck(ctx context.Context) (bool, error) {
	ex := s.exercises[s.cur]
	v, err := s.check(ctx, ex)
	if err != nil {
		return true, err
	}
	s.printVerdict(ex, v)
	if v.Status != "pass" {
		return false, nil
	}
	s.solved[s.cur] = true
	return s.advance(ctx, s.cur+1)
}

// advance checks exercises from i on, in order, wrapping around, and
// stops at the first one not solved, which becomes current. It reports
// done when all are solved.
func (s *session) advance(ctx context.Context, i int) (bool, error) {
	for {
		j := next(s.solved, i%len(s.solved))
		if j < 0 {
			fmt.Fprintf(s.out, "All %d exercises solved.\n", len(s.solved))
			return true, nil
		}
		ex := s.exercises[j]
		v, err := s.check(ctx, ex)
		if err != nil {
			return true, err
		}
		if v.Status == "pass" {
			s.solved[j] = true
			i = j + 1
			continue
		}
		s.cur, s.hints = j, 0
		fmt.Fprintf(s.out, "\nExercise %d of %d (%d solved): %s\n  edit %s\n", j+1, len(s.solved), solvedCount(s.solved),
			ex.Ref(), filepath.ToSlash(filepath.Join(s.exerciseDir(ex), "main.go")))
		s.printVerdict(ex, v)
		return false, nil
	}
}
