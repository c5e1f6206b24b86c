package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
	"github.com/workbook-dev/workbook/site"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// A command is one of workbook's subcommands.
type command struct {
	name  string
	args  string // synopsis of flags and arguments
	short string
	run   func(ctx context.Context, io cmdIO, args []string) error
}

// cmdIO is where a command writes.
type cmdIO struct {
	stdout, stderr io.Writer
}

func commands() []command {
	return []command{
		{"init", "[-shards N] [DIR]", "start a new book: a first lesson, CI and GitHub Pages workflows", runInit},
		{"build", "[-lessons DIR | -demo] [-out DIR] [-rerun] [-jobs N] [-memory SIZE] [-allow-failures]", "build the static site", runBuild},
		{"serve", "[-lessons DIR | -demo] [-addr HOST:PORT] [-rerun] [-memory SIZE] [-poll] [-open]", "preview the site, rebuild on change, edit and run in the browser", runServe},
		{"verify", "[-lessons DIR | -demo] [-rerun] [-memory SIZE] [-format text|github|json] [-shard I/N] [-update] [FILE[#ID|:LINE] ...]", "check that every program builds, runs and prints what the lesson says", runVerify},
		{"freeze", "[-lessons DIR] [-jobs N] [-memory SIZE] [FILE[#ID] ...]", "run every program and record its result beside the lessons, for builds to publish", runFreeze},
		{"run", "[-lessons DIR | -demo] [-rerun] [-memory SIZE] FILE#ID|FILE:LINE", "build and run one program, streaming its output", runRun},
		{"version", "", "print workbook's version and the Go toolchain it uses", runVersion},
	}
}

// Errors that map to exit statuses (see "Exit status" in doc.go).
var (
	// errFailed means a program failed; the details were already printed.
	errFailed = errors.New("a program failed")
	// errUsage means the command line was wrong; the details were already printed.
	errUsage = errors.New("usage")
)

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cio := cmdIO{stdout, stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return exitCode(stderr, c.run(ctx, cio, args[1:]))
		}
	}
	fmt.Fprintf(stderr, "workbook: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func exitCode(stderr io.Writer, err error) int {
	var list book.ErrorList
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errFailed):
		return 1
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		return 2
	case errors.As(err, &list):
		for _, e := range list {
			fmt.Fprintln(stderr, e)
		}
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "workbook: interrupted")
		return 1
	default:
		fmt.Fprintf(stderr, "workbook: %v\n", err)
		var ie inputError
		var oe *site.OutError
		var se *runner.SetupError
		if errors.As(err, &ie) || errors.As(err, &oe) || errors.As(err, &se) || errors.Is(err, runner.ErrBackend) {
			return 2
		}
		return 1
	}
}

// inputError marks a problem with what the user gave us (a lesson, a
// selector), as opposed to a failure of the tool: exit status 2.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

func usage(w io.Writer) {
	fmt.Fprintln(w, "workbook builds, checks and serves a book of runnable Go lessons.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  workbook %-7s %s\n", c.name, c.args)
	}
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w, "\nRun 'workbook COMMAND -h' for a command's flags.")
}

// newFlagSet returns a flag set that reports errors as errUsage after
// printing the command's synopsis.
func newFlagSet(cio cmdIO, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(cio.stderr)
	fs.Usage = func() {
		for _, c := range commands() {
			if c.name == name {
				fmt.Fprintf(cio.stderr, "usage: workbook %s %s\n\n%s.\n", name, c.args, c.short)
			}
		}
		if hasFlags(fs) {
			fmt.Fprintln(cio.stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseFlags parses args, turning every failure into errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// usageErrorf prints a usage problem and returns errUsage.
func usageErrorf(cio cmdIO, format string, args ...any) error {
	fmt.Fprintf(cio.stderr, "workbook: "+format+"\n", args...)
	return errUsage
}

// isTerminal reports whether w is a terminal, for progress and colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
}
