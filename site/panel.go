package site

import (
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// panelView is what the result panel template shows for one program.
type panelView struct {
	ID     string
	Anchor string // the panel's id (book.Program.ResultAnchor)
	Pos    string // the program's first line in its lesson, "lessons/x.md:41"
	Status string // book.StatusPass, StatusFail, or "" when not run
	// Pending says a program without a result is running now
	// (RenderOptions.Pending).
	Pending bool
	Badge   string // what was verified, in a few words
	Explain string // the badge's longer explanation
	Reason  string
	Failure template.HTML // the failure message, positions linked to code lines
	NoRun   bool
	NoVet   bool // vet=false: go vet did not check it
	// RanAlone says the program ran twice (runner.Result.RanAlone).
	RanAlone bool
	Runs     []runView
	Env      string // where it ran
	When     time.Time
	Frozen   bool          // measured by workbook freeze, not when the site was built
	Chart    template.HTML // the sweep chart (sweep.go), for gomaxprocs

	// Timeline is the goroutine timeline (timeline.go), for trace.
	Timeline *timelineView
	// Bench is the benchmark table (bench.go) of a test program.
	Bench *benchView
	// Wasm is how the reader's browser can run the program (wasm.go).
	Wasm *wasmView
	// Play offers the program to the Go Playground (playground.go).
	Play bool
}

// Multi reports whether there are several runs (gomaxprocs=...).
func (v *panelView) Multi() bool { return len(v.Runs) > 1 }

// WhenISO and WhenText format the time of the first run.
func (v *panelView) WhenISO() string  { return v.When.UTC().Format(time.RFC3339) }
func (v *panelView) WhenText() string { return v.When.UTC().Format("2006-01-02 15:04 UTC") }

type runView struct {
	GOMAXPROCS int
	Lines      []lineView
	Stderr     bool // some line went to stderr
	Exit       string
	ExitOK     bool
	Wall       string
	CPU        string
	User, Sys  string
	Ratio      string // CPU÷wall
	Speedup    string // wall of the first run ÷ this run's, for sweeps
	Spread     string // fastest–slowest wall time of a sweep's repeats
	Mem        string
	Truncated  bool
	Hidden     int    // lines kept by the runner but not shown (see pageLines)
	RunCmd     string // the command that prints them all
}

// A page shows at most pageLines lines and pageBytes bytes of text of
// each run's output. The runner keeps up to runner.LineLimit lines and
// runner.OutputLimit bytes, which verify and run print; on a page, 1,000
// lines is already far past what a reader reads, and the cap keeps a
// page with a few chatty programs at a few hundred KB (without it, 1 MiB
// of bare newlines made a 42 MB page).
const (
	pageLines = 1000
	pageBytes = 256 << 10
)

type lineView struct {
	T      string // seconds since start, "0.012"
	Stderr bool
	Text   string
}

// panel writes a program's result after its last part.
func (r *pages) panel(w io.Writer, p *book.Program) error {
	return r.tmpl.ExecuteTemplate(w, "panel", r.panelView(p))
}

func (r *pages) panelView(p *book.Program) *panelView {
	v := &panelView{ID: p.ID, Anchor: p.ResultAnchor(), NoRun: p.Attrs.NoRun, NoVet: p.Attrs.NoVet, Pos: fmt.Sprintf("%s:%d", p.Lesson.File, p.Parts[0].Line),
		Play: r.playable(p)}
	res := r.results[p]
	if res == nil {
		v.Pending = r.opt.Pending
		return v
	}
	verdict := book.Check(p, res)
	v.Status, v.Reason = verdict.Status, verdict.Reason
	v.Env = res.Env.String()
	v.RanAlone = res.RanAlone
	v.Frozen = res.Frozen
	if verdict.Status == book.StatusFail {
		v.Reason = book.ReasonText(verdict.Reason)
		msg := verdict.Message
		if len(res.Runs) > 0 {
			// The panel shows the whole output; the message's quote of it
			// would repeat it.
			msg, _, _ = strings.Cut(msg, "; output:\n")
		}
		v.Failure = linkPositions(p, msg)
	} else {
		v.Badge, v.Explain = badge(p)
		if res.Frozen {
			// Said where it is said: the output was not captured by this build.
			v.Explain = strings.Replace(v.Explain, "captured when the site was built",
				"recorded by the author with workbook freeze on the machine and at the time shown below (the program has not changed since)", 1)
		}
	}
	for i, run := range res.Runs {
		if i == 0 {
			v.When = run.Start
		}
		v.Runs = append(v.Runs, newRunView(p, &run, res.Runs[0].Wall))
	}
	v.Timeline = newTimelineView(p, res)
	v.Wasm = r.opt.Wasm.view(p, verdict.Status)
	if p.IsTest() && len(res.Runs) > 0 {
		v.Bench = newBenchView(&res.Runs[0])
	}
	if len(res.Runs) > 1 {
		v.Chart = sweepChart(p.ID, res.Runs, res.Env)
	}
	return v
}

// badge says exactly what the check covered.
func badge(p *book.Program) (short, long string) {
	switch {
	case p.Attrs.NoRun:
		return "Verified: builds and vets",
			"Compiled and checked by go vet when the site was built; marked norun, so not run."
	case p.Expect != nil && p.Expect.Unordered:
		return "Verified: output matched (any order)",
			fmt.Sprintf("Output captured when the site was built: its lines matched the lesson's expected output in some order; exit status %d.", p.Attrs.Exit)
	case p.Expect != nil:
		return "Verified: output matched",
			fmt.Sprintf("Output captured when the site was built: it matched the lesson's expected output line by line (... there matches any text); exit status %d.", p.Attrs.Exit)
	default:
		return "Verified: exit status " + strconv.Itoa(p.Attrs.Exit),
			fmt.Sprintf("Output captured when the site was built. The lesson gives no expected output, so only the exit status (%d) and the time limit were checked.", p.Attrs.Exit)
	}
}

func newRunView(p *book.Program, run *runner.Run, firstWall time.Duration) runView {
	cpu := run.User + run.System
	v := runView{
		GOMAXPROCS: run.GOMAXPROCS,
		Wall:       duration(run.Wall),
		CPU:        duration(cpu),
		User:       duration(run.User),
		Sys:        duration(run.System),
		Mem:        memory(run.MaxRSS),
		Truncated:  run.Truncated,
	}
	if lo, hi := run.Spread(); hi > lo {
		v.Spread = duration(lo) + "–" + duration(hi)
	}
	if run.Wall > 0 {
		v.Ratio = fmt.Sprintf("%.2f", cpu.Seconds()/run.Wall.Seconds())
		v.Speedup = fmt.Sprintf("%.2f×", firstWall.Seconds()/run.Wall.Seconds())
	}
	switch {
	case run.Aborted != "":
		v.Exit = "helper killed"
	case run.TimedOut:
		v.Exit = "timed out"
	case run.Signal != "":
		v.Exit = "killed (" + run.Signal + ")"
	default:
		v.Exit = strconv.Itoa(run.ExitCode)
		v.ExitOK = run.ExitCode == p.Attrs.Exit
	}
	shown := 0
	for i, l := range run.Output {
		if i >= pageLines || shown+len(l.Text) > pageBytes {
			v.Hidden = len(run.Output) - i
			v.RunCmd = fmt.Sprintf("workbook run %s#%s", p.Lesson.File, p.ID)
			break
		}
		shown += len(l.Text)
		e := l.Stream == runner.Stderr
		v.Stderr = v.Stderr || e
		v.Lines = append(v.Lines, lineView{
			T:      fmt.Sprintf("%.3f", l.T.Seconds()),
			Stderr: e,
			// Panics name lesson lines; control bytes and broken UTF-8
			// are shown as escapes and U+FFFD, never passed on.
			Text: runner.Printable(p.MapPositions(l.Text)),
		})
	}
	return v
}

// duration formats a measured time with three significant digits or so.
func duration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/1e6)
	case d < time.Second:
		return fmt.Sprintf("%.0fms", float64(d)/1e6)
	case d < time.Minute:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// memory formats a size in KiB.
func memory(kib int64) string {
	switch {
	case kib <= 0:
		return ""
	case kib < 1024:
		return fmt.Sprintf("%d KiB", kib)
	}
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}

// linkPositions escapes a failure message and links each position in the
// program's lesson ("lessons/x.md:41:5") to that line of the code above.
func linkPositions(p *book.Program, msg string) template.HTML {
	re := positionRE(p)
	esc := template.HTMLEscapeString(runner.Printable(msg))
	return template.HTML(re.ReplaceAllStringFunc(esc, func(m string) string {
		n, _ := strconv.Atoi(re.FindStringSubmatch(m)[1])
		if shownLine(p, n) {
			return fmt.Sprintf(`<a href="#%s">%s</a>`, book.LineAnchor(p.ID, n), m)
		}
		return m
	}))
}

// positionRE matches a position in p's lesson, escaped for HTML, with
// its line number as the first group.
func positionRE(p *book.Program) *regexp.Regexp {
	return regexp.MustCompile(regexp.QuoteMeta(template.HTMLEscapeString(p.Lesson.File)) + `:(\d+)(?::\d+)?`)
}

// shownLine reports whether lesson line n is a shown line of p's code.
func shownLine(p *book.Program, n int) bool {
	for _, s := range p.Parts {
		hidden := s.Hidden()
		if i := n - s.CodeLine; i >= 0 && i < len(hidden) && !hidden[i] {
			return true
		}
	}
	return false
}

// linkedLines returns the lines of p's code that its result panel links
// to (the positions in its failure message), whose anchors the page's
// HTML must carry to work without script (see codeLines). It may name a
// line more than the panel links: an anchor too many is harmless.
func (r *pages) linkedLines(p *book.Program) map[int]bool {
	if p == nil || r.results[p] == nil {
		return nil
	}
	v := book.Check(p, r.results[p])
	if v.Status != book.StatusFail {
		return nil
	}
	re := positionRE(p)
	lines := map[int]bool{}
	for _, m := range re.FindAllStringSubmatch(template.HTMLEscapeString(runner.Printable(v.Message)), -1) {
		if n, _ := strconv.Atoi(m[1]); shownLine(p, n) {
			lines[n] = true
		}
	}
	return lines
}
