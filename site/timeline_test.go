package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
	"github.com/workbook-dev/workbook/runner/timeline"
)

// timelineModels are the timelines in testdata/timeline/NAME.json: each
// is the Result.Trace of a real traced run of a lesson program (primes
// from lessons/02-parallelism.md; two-counters, sleepers and
// busy-neighbour from lessons/05-asyncio.md, with trace added).
var timelineModels = []string{"primes", "two-counters", "sleepers", "busy-neighbour"}

// timelineLessonMD has one traced program per model, named after it.
func timelineLessonMD() string {
	var b strings.Builder
	b.WriteString("---\ntitle: Timelines\n---\n\nEvery program here was traced.\n")
	for _, name := range timelineModels {
		fmt.Fprintf(&b, "\n## %s\n\n```go name=%s trace\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(%q)\n}\n```\n", name, name, name)
	}
	return b.String()
}

// timelineResult is a passing result whose trace is testdata's model
// and whose output is the model's marks.
func timelineResult(t testing.TB, name string) *runner.Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "timeline", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	tl := &timeline.Timeline{}
	if err := json.Unmarshal(data, tl); err != nil {
		t.Fatal(err)
	}
	return timelineResultOf(t, tl)
}

func timelineResultOf(t testing.TB, tl *timeline.Timeline) *runner.Result {
	t.Helper()
	run := runner.Run{GOMAXPROCS: tl.GOMAXPROCS, Wall: tl.Dur, User: tl.Stats.Busy, Start: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	for _, m := range tl.Marks {
		s := runner.Stdout
		if m.Stderr {
			s = runner.Stderr
		}
		run.Output = append(run.Output, runner.Line{T: m.T, Stream: s, Text: m.Text})
	}
	return &runner.Result{Build: runner.Build{OK: true}, Runs: []runner.Run{run}, Trace: tl,
		Env: runner.Env{GoVersion: "go1.26.0", GOOS: "linux", GOARCH: "amd64", NumCPU: 2}}
}

// timelineProgram is the lesson's program id.
func timelineProgram(t testing.TB, id string) *book.Program {
	t.Helper()
	l, err := book.ParseLesson("lessons/timelines.md", []byte(timelineLessonMD()))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range l.Programs {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no program %s", id)
	return nil
}

// TestTimelineGolden draws each recorded timeline and compares what the
// chart holds (lanes, their labels and bars by kind, marks, summary) with
// testdata/timeline/NAME.golden; -update rewrites them.
func TestTimelineGolden(t *testing.T) {
	t.Parallel()
	for _, name := range timelineModels {
		t.Run(name, func(t *testing.T) {
			res := timelineResult(t, name)
			v := newTimelineView(timelineProgram(t, name), res)
			if v == nil || v.Problem != "" {
				t.Fatalf("no chart: %+v", v)
			}
			html := renderTimeline(t, v)
			if len(html) >= tlMaxBytes {
				t.Errorf("the timeline is %d bytes, want under %d", len(html), tlMaxBytes)
			}
			got := describeChart(t, string(v.SVG))
			got = "summary: " + v.Summary + "\n" + strings.Join(v.Notes, "\n") + "\n" + got
			tl := res.Trace
			if lanes := strings.Count(got, "\nlane "); lanes != len(tl.Procs)+len(tl.Goroutines)+btoi(tl.Others != nil) {
				t.Errorf("%d lanes drawn for %d Ps, %d goroutines and others %v", lanes, len(tl.Procs), len(tl.Goroutines), tl.Others != nil)
			}
			file := filepath.Join("testdata", "timeline", name+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("chart differs from %s (-update rewrites it):\ngot:\n%s\nwant:\n%s", file, got, want)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// renderTimeline executes the "timeline" template.
func renderTimeline(t testing.TB, v *timelineView) string {
	t.Helper()
	var buf bytes.Buffer
	if err := newPages(&book.Book{Dir: "lessons"}, nil, RenderOptions{}).tmpl.ExecuteTemplate(&buf, "timeline", v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// describeChart parses an SVG chart (failing on malformed XML) and
// describes its structure: each lane's label and its bars counted by
// class, the marks, the axis labels.
func describeChart(t testing.TB, svg string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var out []string
	var lane string
	var inGroup, inTitle bool
	var text strings.Builder
	counts := map[string]int{}
	var ticks []string
	marks, markLines := 0, 0
	flush := func() {
		if lane == "" {
			return
		}
		var keys []string
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s×%d", k, counts[k]))
		}
		out = append(out, fmt.Sprintf("lane %q: %s", lane, strings.Join(parts, " ")))
		lane, counts = "", map[string]int{}
	}
	var elemClass, parentClass string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the chart is not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			class := attr(tok, "class")
			switch tok.Name.Local {
			case "g":
				inGroup, parentClass = class != "tl-ax", class
			case "text":
				text.Reset()
				elemClass = class
			case "title":
				inTitle = true
				text.Reset()
			case "rect":
				elemClass = class
				switch {
				case class == "tl-m" || class == "tl-m e":
					marks++
				case inGroup:
					if class == "" {
						class = "running(" + parentClass + ")"
					}
					counts[class]++
				}
			}
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			switch tok.Name.Local {
			case "g":
				if inGroup {
					flush()
				}
				inGroup = false
			case "title":
				inTitle = false
				if strings.HasPrefix(elemClass, "tl-m") {
					markLines += strings.Count(text.String(), " ms: ")
				}
				text.Reset()
			case "text":
				if inTitle {
					break
				}
				switch {
				case elemClass == "tl-lbl" && text.String() != "output":
					lane = text.String()
				case elemClass == "":
					ticks = append(ticks, text.String())
				}
			}
		}
	}
	out = append(out, fmt.Sprintf("marks: %d drawn for %d lines", marks, markLines))
	out = append(out, "axis: "+strings.Join(ticks, " "))
	return strings.Join(out, "\n") + "\n"
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// busyTimeline is a synthetic worst case: 10 s of 4 Ps and 16 goroutines
// (plus a merged lane) switching state 300 times each, about as many
// spans as runner stores at most, and 500 output lines.
func busyTimeline() *timeline.Timeline {
	const dur = 10 * time.Second
	const step = dur / 300
	tl := &timeline.Timeline{Dur: dur, GOMAXPROCS: 4, Stats: timeline.Stats{Goroutines: 40, MaxRunning: 4, Busy: 4 * dur, UserBusy: 4 * dur}}
	lane := func(id int64, p bool) timeline.Lane {
		l := timeline.Lane{ID: id, Name: fmt.Sprintf("main.worker%d", id)}
		for at, i := time.Duration(0), 0; at < dur; at, i = at+step, i+1 {
			s := timeline.Span{Start: at, End: at + step, State: timeline.StateRunning}
			switch {
			case p:
				s.G = 100 + int64(i%16)
			case i%2 == 1:
				s.State, s.Reason = timeline.StateRunnable, "preempted"
			}
			l.Spans = append(l.Spans, s)
		}
		return l
	}
	for i := range 4 {
		tl.Procs = append(tl.Procs, lane(int64(i), true))
	}
	for i := range 16 {
		tl.Goroutines = append(tl.Goroutines, lane(int64(100+i), false))
	}
	others := lane(0, false)
	others.Count = 24
	tl.Others = &others
	for i := range 500 {
		tl.Marks = append(tl.Marks, timeline.Mark{T: time.Duration(i) * dur / 500, Text: fmt.Sprintf("line %d", i)})
	}
	return tl
}

// TestTimelineDownsamples draws the synthetic worst case: drawn span by
// span it would be about 0.5 MB; downsampled it stays under the size
// limit, with every lane still drawn and none with more bars than the
// plot has pixels.
func TestTimelineDownsamples(t *testing.T) {
	t.Parallel()
	tl := busyTimeline()
	v := newTimelineView(timelineProgram(t, "primes"), timelineResultOf(t, tl))
	html := renderTimeline(t, v)
	if len(html) >= tlMaxBytes {
		t.Errorf("the timeline is %d bytes, want under %d", len(html), tlMaxBytes)
	}
	desc := describeChart(t, string(v.SVG))
	t.Logf("%d bytes:\n%s", len(html), desc)
	lanes := strings.Split(strings.TrimSpace(desc), "\n")
	n := 0
	for _, l := range lanes {
		if !strings.HasPrefix(l, "lane ") {
			continue
		}
		n++
		bars := 0
		for _, f := range strings.Fields(l[strings.Index(l, ":")+1:]) {
			var k int
			fmt.Sscanf(f[strings.LastIndex(f, "×")+len("×"):], "%d", &k)
			bars += k
		}
		if bars == 0 || bars > tlPlotX1-tlPlotX0 {
			t.Errorf("%s: %d bars, want 1 to %d", l, bars, tlPlotX1-tlPlotX0)
		}
	}
	if n != 4+16+1 {
		t.Errorf("%d lanes drawn, want 21", n)
	}
	// Half running, half runnable: the merged bars say so.
	if !strings.Contains(string(v.SVG), "mostly running: 50% of the time") {
		t.Error("no merged bar says how much of it its state filled")
	}
	// Marks closer than a few pixels share one.
	if !strings.Contains(desc, "marks: ") || strings.Contains(desc, "marks: 500 drawn") {
		t.Errorf("marks were not grouped: %s", desc)
	}
}

func TestTimelineProblemIsShown(t *testing.T) {
	t.Parallel()
	res := timelineResultOf(t, &timeline.Timeline{Problem: "the traced run wrote no trace"})
	v := newTimelineView(timelineProgram(t, "primes"), res)
	html := renderTimeline(t, v)
	if !strings.Contains(html, "No timeline: the traced run wrote no trace.") || strings.Contains(html, "<svg") {
		t.Errorf("a timeline with a problem renders as:\n%s", html)
	}
	if v := newTimelineView(timelineProgram(t, "primes"), &runner.Result{}); v != nil {
		t.Errorf("a program without a trace has a timeline: %+v", v)
	}
}

func TestTimelineTicks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		dur    time.Duration
		step   time.Duration
		digits int
	}{
		{time.Second, 200 * time.Millisecond, 0},
		{353 * time.Millisecond, 50 * time.Millisecond, 0},
		{10 * time.Second, 2 * time.Second, 0},
		{3 * time.Millisecond, 500 * time.Microsecond, 1},
		{120 * time.Microsecond, 20 * time.Microsecond, 2},
	} {
		step, digits := tlTickStep(tc.dur)
		if step != tc.step || digits != tc.digits {
			t.Errorf("tlTickStep(%v) = %v, %d; want %v, %d", tc.dur, step, digits, tc.step, tc.digits)
		}
		if n := int(tc.dur / step); n < 4 || n > 8 {
			t.Errorf("%v in steps of %v makes %d ticks", tc.dur, step, n)
		}
	}
}

// TestTimelineColours checks that the chart's colours stand out from the
// chart's background (WCAG's 3:1 for graphics) in both schemes. The
// runtime's bars are exempt: they are meant to recede, and their half
// height tells them apart.
func TestTimelineColours(t *testing.T) {
	t.Parallel()
	css := string(mustAsset("assets/timeline.css"))
	re := regexp.MustCompile(`\.tl\{(--c0:[^}]*)\}`)
	m := re.FindAllStringSubmatch(css, -1)
	if len(m) != 3 {
		t.Fatalf("found %d sets of timeline colours in timeline.css, want light, dark and dark again", len(m))
	}
	bg := map[string]string{}
	for _, c := range palette() {
		if c.name == "code-bg" {
			bg["light"], bg["dark"] = c.light, c.dark
		}
	}
	for i, set := range m {
		scheme := "light"
		if i > 0 {
			scheme = "dark"
		}
		n := 0
		for _, decl := range strings.Split(set[1], ";") {
			name, value, ok := strings.Cut(decl, ":")
			if !ok || !strings.HasPrefix(name, "--") || name == "--rt" {
				continue
			}
			n++
			if r := contrast(t, value, bg[scheme]); r < 3 {
				t.Errorf("%s: %s %s has contrast %.2f on %s, want ≥ 3", scheme, name, value, r, bg[scheme])
			}
		}
		if n < tlColours+2 {
			t.Errorf("%s: only %d colours checked", scheme, n)
		}
	}
}

func TestTimelineOfASweepSaysWhichValue(t *testing.T) {
	t.Parallel()
	l, err := book.ParseLesson("lessons/s.md", []byte("---\ntitle: S\n---\n\n```go name=s gomaxprocs=1,4 trace\npackage main\n\nfunc main() {}\n```\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := newTimelineView(l.Programs[0], timelineResult(t, "primes"))
	if !strings.Contains(strings.Join(v.Notes, "\n"), "GOMAXPROCS=4, the last value of the sweep") {
		t.Errorf("notes %q do not say the trace ran with GOMAXPROCS=4", v.Notes)
	}
}
