package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

func runRun(ctx context.Context, cio cmdIO, args []string) error {
	fs := newFlagSet(cio, "run")
	var lf lessonFlags
	lf.register(fs, false)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch fs.NArg() {
	case 0:
		fs.Usage()
		return usageErrorf(cio, "run: which program? name it as FILE#ID (e.g. lessons/01-goroutines.md#hello) or FILE:LINE")
	case 1:
	default:
		return usageErrorf(cio, "run: one program at a time: unexpected argument %q after %s", fs.Arg(1), fs.Arg(0))
	}
	b, err := lf.load()
	if err != nil {
		return err
	}
	l, p, err := findSelection(b, fs.Arg(0))
	if err != nil {
		return err
	}
	if p == nil {
		return inputError{fmt.Errorf("%s: want FILE#ID or FILE:LINE, naming one program of %s", fs.Arg(0), l.File)}
	}
	color := isTerminal(cio.stdout)
	fmt.Fprintf(cio.stderr, "workbook: building %s#%s\n", p.Lesson.File, p.ID)
	r, err := lf.runner(b.Dir)
	if err != nil {
		return err
	}
	res, err := r.Run(ctx, p.RunnerProgram(), func(l runner.Line) {
		printLine(cio.stdout, p, l, color)
	})
	if err != nil {
		return err
	}
	v := book.Check(p, res)
	if p.Attrs.NoRun && res.Build.OK {
		fmt.Fprintf(cio.stderr, "workbook: %s#%s is norun: built and vetted, not run\n", p.Lesson.File, p.ID)
	}
	printFigures(cio.stderr, res)
	if v.Status != "pass" {
		fmt.Fprintf(cio.stderr, "FAIL %s:%d %s (%s)\n", p.Lesson.File, p.Parts[0].Line, p.ID, v.Reason)
		for _, line := range strings.Split(strings.TrimRight(runner.Printable(v.Message), "\n"), "\n") {
			fmt.Fprintf(cio.stderr, "    %s\n", line)
		}
		return errFailed
	}
	return nil
}

// printLine shows one line of output as it arrives: its time since the
// start, then the text; stderr lines are marked (red on a terminal).
func printLine(w io.Writer, p *book.Program, l runner.Line, color bool) {
	// The program's own escape sequences are shown, not obeyed.
	text := runner.Printable(p.MapPositions(l.Text))
	mark := " "
	if l.Stream == runner.Stderr {
		mark = "!"
		if color {
			text = "\033[31m" + text + "\033[0m"
		}
	}
	fmt.Fprintf(w, "%9.3fs %s %s\n", l.T.Seconds(), mark, text)
}

// printFigures summarises a result's runs on one line each.
func printFigures(w io.Writer, res *runner.Result) {
	if !res.Build.OK {
		return
	}
	for _, r := range res.Runs {
		status := fmt.Sprintf("exit %d", r.ExitCode)
		if r.Signal != "" {
			status = "killed by " + r.Signal
		}
		if r.Aborted != "" {
			status = r.Aborted
		}
		if r.TimedOut {
			status += " (timed out)"
		}
		if r.Truncated {
			status += " (output truncated)"
		}
		cpu := r.User + r.System
		ratio := 0.0
		if r.Wall > 0 {
			ratio = float64(cpu) / float64(r.Wall)
		}
		fmt.Fprintf(w, "%s · wall %s · cpu %s (%.2f× wall) · peak %s · GOMAXPROCS %d · %s\n",
			status, round(r.Wall), round(cpu), ratio, kib(r.MaxRSS), r.GOMAXPROCS, res.Env)
	}
}

func round(d time.Duration) time.Duration {
	switch {
	case d > time.Second:
		return d.Round(time.Millisecond)
	case d > time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

func kib(k int64) string {
	if k >= 1024 {
		return fmt.Sprintf("%.1f MiB", float64(k)/1024)
	}
	return fmt.Sprintf("%d KiB", k)
}
