package runner

import (
	"fmt"
	"time"

	"github.com/workbook-dev/workbook/runner/timeline"
)

// Program is one Go program to build and run. It knows nothing of where
// it came from: callers map positions back to their own files (usually
// with //line directives in Source).
type Program struct {
	// Source is the complete main.go (package main).
	Source []byte
	// GoFiles are the program's other Go files by slash-separated path
	// in its folder: "shapes.go" belongs to package main, "shapes/x.go"
	// to a package that main imports as "example/shapes" (or, when the
	// lessons have a go.mod, as their module path + "/shapes").
	GoFiles map[string][]byte

	// NoRun builds and vets the program without running it.
	NoRun bool
	// Race builds with -race.
	Race bool
	// Timeout bounds each run's wall time; zero means DefaultTimeout.
	Timeout time.Duration
	// GOMAXPROCS lists one run per value; empty means one run with the
	// runtime's default.
	GOMAXPROCS []int
	// Args are the program's command-line arguments.
	Args []string
	// Exclusive runs the program while nothing else runs or builds.
	Exclusive bool
	// Trace asks for a separate traced run (see Result.Trace).
	Trace bool
	// Files are data files by slash-separated path: written into the
	// package's folder before the build (for //go:embed) and into each
	// run's working folder before the run (for os.Open).
	Files map[string][]byte
	// Stdin is the program's standard input; nil means an empty one.
	Stdin []byte
	// NoVet skips go vet (for a lesson about what vet catches).
	NoVet bool
	// Test builds the program's package with its _test.go files into a
	// test binary (go test -c) and runs that, with Args as its flags
	// (-test.v, -test.run=X, -test.bench=., ...).
	Test bool
}

// Limits that apply to every run, as documented for lesson authors in
// package book.
const (
	DefaultTimeout = 10 * time.Second // the timeout= default
	OutputLimit    = 1 << 20          // output is capped at 1 MiB
	// LineLimit caps the lines kept per run: a page shows each line with
	// its time (about 50 bytes of HTML for an empty one), so 1 MiB of bare
	// newlines would make a 50 MB page; 10,000 lines is more than any
	// lesson's output meant for reading and keeps a run's lines under
	// about 0.5 MB of HTML plus the text itself.
	LineLimit = 10000
)

// Result is what happened when a program was built and run.
// A program that fails to compile, panics or times out is a Result,
// not an error.
type Result struct {
	// Key is the content hash the result is cached under.
	Key string `json:"key,omitempty"`
	// Cached reports that the result came from the cache (not stored).
	Cached bool `json:"-"`
	// Frozen reports that the result was recorded by workbook freeze and
	// is published as it was measured then (not stored).
	Frozen bool `json:"-"`

	Build Build `json:"build"`
	// Runs holds one run, or one per GOMAXPROCS value, in order (the
	// median of that value's repeats; see Run.Samples).
	// It is empty when the build failed or the program is NoRun.
	Runs []Run `json:"runs,omitempty"`
	// RanAlone reports that the program first ran in a binary shared
	// with other programs, printed what that sharing could have changed
	// (a panic's trace, a type's name), and was run again from a binary
	// of its own: Runs are from that second run, and whatever the program
	// does outside its output (files, network) happened twice.
	RanAlone bool `json:"ran_alone,omitempty"`
	// Trace is the goroutine timeline of a separate traced run, when asked.
	Trace *timeline.Timeline `json:"trace,omitempty"`

	Env Env `json:"env"`
}

// Build describes compiling and vetting a program.
type Build struct {
	OK bool `json:"ok"`
	// Output is the compiler's diagnostics when the build failed.
	Output string `json:"output,omitempty"`
	// Vet holds go vet's findings, one per line; a finding fails the build.
	Vet string `json:"vet,omitempty"`
}

// Env records where a program ran.
type Env struct {
	GoVersion string `json:"go_version"`
	GOOS      string `json:"goos"`
	GOARCH    string `json:"goarch"`
	NumCPU    int    `json:"num_cpu"`
	// Backend is the runner backend that ran the program: BackendLinux
	// or BackendPortable ("" in results older than the field: linux).
	Backend string `json:"backend,omitempty"`
}

// Run is one execution of a built program.
type Run struct {
	// GOMAXPROCS is the value the run had (the runtime default when not set).
	GOMAXPROCS int `json:"gomaxprocs"`
	// Start is when the run began (UTC, for "when it ran").
	Start time.Time `json:"start"`

	Output []Line `json:"output"`

	// ExitCode is the exit status, or -1 when the program was killed by a signal.
	ExitCode int `json:"exit_code"`
	// Signal names the signal that killed the program, if any.
	Signal string `json:"signal,omitempty"`
	// TimedOut reports that the run reached its timeout and was killed.
	TimedOut bool `json:"timed_out,omitempty"`
	// Truncated reports that output past OutputLimit bytes or LineLimit
	// lines was dropped.
	Truncated bool `json:"truncated,omitempty"`
	// Aborted says why the run ended with no account of the program, as
	// when the program kills or stops the sandbox helper watching it:
	// the run failed, its output is what arrived until then and its
	// exit status (-1) and times are unknown. Such a result is never
	// cached. Empty for every ordinary run.
	Aborted string `json:"aborted,omitempty"`

	Wall   time.Duration `json:"wall_ns"`
	User   time.Duration `json:"user_ns"`
	System time.Duration `json:"sys_ns"`
	// MaxRSS is the program's peak resident set size in KiB.
	MaxRSS int64 `json:"max_rss_kb"`
	// MemoryLimit is the address-space limit of each of the run's
	// processes in bytes (Runner.Memory), 0 for none.
	MemoryLimit int64 `json:"memory_limit,omitempty"`

	// MachineCPU is the CPU time the whole machine spent while the run
	// lasted, this program's included (Linux, GOMAXPROCS sweeps only; zero
	// when unknown). What exceeds User+System was other work competing
	// for the cores.
	MachineCPU time.Duration `json:"machine_cpu_ns,omitempty"`

	// Samples holds every repeat of a GOMAXPROCS sweep's value, in the
	// order they ran; this run is the one with the median wall time (see
	// sweepRepeats). It is empty for a program run once.
	Samples []Sample `json:"samples,omitempty"`
}

// Cap names the output cap a truncated run hit, for messages: "the
// 10000-line limit" when it kept LineLimit lines, else "the
// 1048576-byte (1 MiB) limit". A run's lines are only ever dropped at
// LineLimit, so holding that many means the line cap was the one hit.
func (r *Run) Cap() string {
	if len(r.Output) >= LineLimit {
		return fmt.Sprintf("the %d-line limit", LineLimit)
	}
	return fmt.Sprintf("the %d-byte (1 MiB) limit", OutputLimit)
}

// Sample is the timing of one repeat of a run.
type Sample struct {
	Wall     time.Duration `json:"wall_ns"`
	User     time.Duration `json:"user_ns"`
	System   time.Duration `json:"sys_ns"`
	ExitCode int           `json:"exit_code"`
}

// Spread returns the fastest and slowest wall time of r's samples, or
// r's own wall time twice when it has none.
func (r *Run) Spread() (lo, hi time.Duration) {
	lo, hi = r.Wall, r.Wall
	for _, s := range r.Samples {
		lo, hi = min(lo, s.Wall), max(hi, s.Wall)
	}
	return lo, hi
}

// Stream says which file descriptor a line was written to.
type Stream string

const (
	Stdout Stream = "stdout"
	Stderr Stream = "stderr"
)

// Line is one line of output and the time it appeared, measured from the
// start of the run. A final line without a newline is kept as it is.
type Line struct {
	T      time.Duration `json:"t_ns"`
	Stream Stream        `json:"stream"`
	Text   string        `json:"text"`
}

// OK reports whether the build succeeded and every run, and every repeat
// of a sweep, exited with want within its time limit and output cap.
func (r *Result) OK(want int) bool {
	if !r.Build.OK {
		return false
	}
	for _, run := range r.Runs {
		if run.TimedOut || run.Truncated || run.Aborted != "" || run.ExitCode != want {
			return false
		}
		for _, s := range run.Samples {
			if s.ExitCode != want {
				return false
			}
		}
	}
	return true
}

// aborted reports whether any run of r ended without an account of the
// program (see Run.Aborted).
func (r *Result) aborted() bool {
	for _, run := range r.Runs {
		if run.Aborted != "" {
			return true
		}
	}
	return false
}
