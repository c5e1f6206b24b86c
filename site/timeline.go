package site

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/workbook-dev/workbook/internal/plural"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
	"github.com/workbook-dev/workbook/runner/timeline"
)

// The timeline chart's geometry, in SVG user units (the chart scales to
// the column's width; at full width a unit is a CSS pixel).
const (
	tlWidth   = 760 // the result column is about this wide on a desktop
	tlLabelX  = 102 // right edge of the lane labels
	tlPlotX0  = 108 // where time 0 is drawn
	tlPlotX1  = 750
	tlRow     = 16 // one lane
	tlBar     = 12 // a bar's height within its lane
	tlGap     = 8  // between the groups of lanes
	tlAxis    = 20 // the time axis under the lanes
	tlLabelCh = 15 // characters of a lane label
	// tlMaxBytes is the size a chart must stay under (with its caption
	// and key): downsampling coarsens until it fits. A raw SVG of a busy
	// program reached 105 MB; drawn at a pixel's resolution, 26 KB.
	tlMaxBytes = 40 << 10
	// tlColours is how many goroutine colours style.css defines (.c0...).
	tlColours = 6
)

// timelineView is a program's goroutine timeline: the chart and its
// summary, for the "timeline" template.
type timelineView struct {
	ID      string // the element's id (book.Program.TimelineAnchor)
	Summary string
	Notes   []string
	SVG     template.HTML
	Label   string // the chart's accessible description
	Problem string // why there is no chart
}

// newTimelineView returns res's timeline for p, or nil when the program
// was not traced.
func newTimelineView(p *book.Program, res *runner.Result) *timelineView {
	tl := res.Trace
	if tl == nil {
		return nil
	}
	v := &timelineView{ID: p.TimelineAnchor()}
	switch {
	case tl.Problem != "":
		v.Problem = "No timeline: " + tl.Problem + "."
	default:
		v.Summary, v.Notes = timelineSummary(tl)
		if n := len(p.Attrs.GOMAXPROCS); n > 1 {
			v.Notes = append(v.Notes, fmt.Sprintf("The traced run used GOMAXPROCS=%d, the last value of the sweep.", p.Attrs.GOMAXPROCS[n-1]))
		}
		v.Label = "Goroutine timeline: " + v.Summary
		v.SVG = drawTimeline(p, tl)
	}
	return v
}

// timelineSummary says in words what the chart shows, from the whole
// trace (not the downsampled lanes).
func timelineSummary(tl *timeline.Timeline) (string, []string) {
	s := tl.Stats
	sum := plural.Of(s.Goroutines, "goroutine") + ", at most " + strconv.Itoa(s.MaxRunning) + " running at once, " +
		duration(s.Busy) + " of CPU in " + duration(tl.Dur)
	if len(tl.Procs) > 0 {
		sum += " on " + plural.Of(len(tl.Procs), "P")
	}
	switch {
	case tl.GOMAXPROCS > 0 && tl.GOMAXPROCS == len(tl.Procs):
		sum += " (GOMAXPROCS=" + strconv.Itoa(tl.GOMAXPROCS) + ")"
	case tl.GOMAXPROCS > 0:
		// The program changed it (runtime.GOMAXPROCS).
		sum += " (GOMAXPROCS was " + strconv.Itoa(tl.GOMAXPROCS) + " at the end)"
	}
	sum += "."
	notes := []string{"From a separate run with runtime tracing on; the output and figures above come from the run without it, and the marks on the top row are this run's own output."}
	if tl.Stopped {
		notes = append(notes, "The traced run reached its time limit and was stopped: the chart ends there. (Tracing turns off Go's deadlock detection, so a program that deadlocks hangs instead.)")
	}
	if tl.Partial {
		notes = append(notes, "The trace is incomplete: the program ended (or wrote too much trace) before it could be written in full, so the chart stops early.")
	}
	if tl.Others != nil {
		notes = append(notes, fmt.Sprintf("The last lane merges %s after the first %d.", plural.Of(tl.Others.Count, "goroutine"), len(tl.Goroutines)))
	}
	if tl.MarksDropped > 0 {
		notes = append(notes, fmt.Sprintf("Only the first %d output lines are marked.", len(tl.Marks)))
	}
	return sum, notes
}

// drawTimeline draws the chart, coarsening the resolution until it fits
// in tlMaxBytes (with room for the caption and key).
func drawTimeline(p *book.Program, tl *timeline.Timeline) template.HTML {
	var svg string
	for px := 1.0; px <= 64; px *= 2 {
		svg = newTLChart(p, tl, px, true).draw()
		if len(svg) < tlMaxBytes-4<<10 {
			return template.HTML(svg)
		}
	}
	// Still too big: drop the per-span hover titles.
	return template.HTML(newTLChart(p, tl, 8, false).draw())
}

// tlChart draws one timeline at a resolution of px pixels per time slice.
type tlChart struct {
	p      *book.Program
	tl     *timeline.Timeline
	res    time.Duration // time per slice
	px     float64       // pixels per slice
	titles bool
	digits int              // decimals of the times in titles
	colour map[int64]string // goroutine → colour class
	names  map[int64]string // goroutine → short name
	b      strings.Builder
}

func newTLChart(p *book.Program, tl *timeline.Timeline, px float64, titles bool) *tlChart {
	c := &tlChart{p: p, tl: tl, px: px, titles: titles, colour: map[int64]string{}, names: map[int64]string{}}
	dur := max(tl.Dur, time.Microsecond)
	c.res = time.Duration(float64(dur) * px / (tlPlotX1 - tlPlotX0))
	_, tick := tlTickStep(tl.Dur)
	c.digits = tick + 1
	for i, g := range tl.Goroutines {
		c.colour[g.ID] = "c" + strconv.Itoa(i%tlColours)
		c.names[g.ID] = tlGoName(g)
	}
	return c
}

// tlGoName is a goroutine's short name: "G7 worker".
func tlGoName(g timeline.Lane) string {
	name := strings.TrimPrefix(g.Name, "main.")
	return "G" + strconv.FormatInt(g.ID, 10) + " " + name
}

// x is where time t is drawn.
func (c *tlChart) x(t time.Duration) float64 {
	dur := max(c.tl.Dur, time.Microsecond)
	return tlPlotX0 + float64(t)/float64(dur)*(tlPlotX1-tlPlotX0)
}

func (c *tlChart) draw() string {
	procs, gs := c.tl.Procs, c.tl.Goroutines
	lanes := len(gs)
	if c.tl.Others != nil {
		lanes++
	}
	top := 4
	yProcs := top + tlRow + tlGap/2
	yGs := yProcs + len(procs)*tlRow + tlGap
	yAxis := yGs + lanes*tlRow
	height := yAxis + tlAxis
	fmt.Fprintf(&c.b, `<svg class="tl-svg" viewBox="0 0 %d %d" data-x0="%d" data-x1="%d" data-ms="%s" aria-hidden="true">`,
		tlWidth, height, tlPlotX0, tlPlotX1, tlMS(max(c.tl.Dur, time.Microsecond), 3))
	c.grid(top, yAxis)
	// The part a replay has played, hidden until one moves it (timeline.js).
	fmt.Fprintf(&c.b, `<rect class="tl-played" x="%d" y="%d" width="0" height="%d" display="none"/>`, tlPlotX0, top, yAxis-top)
	c.marks(top)
	for i, l := range procs {
		c.lane(yProcs+i*tlRow, "P"+strconv.FormatInt(l.ID, 10), "processor P"+strconv.FormatInt(l.ID, 10)+": which goroutine ran on it", l, true, "")
	}
	for i, g := range gs {
		created := ""
		if g.Created != "" {
			created = ", started at " + c.p.MapPositions(g.Created)
		}
		c.lane(yGs+i*tlRow, c.names[g.ID], "goroutine "+strconv.FormatInt(g.ID, 10)+" running "+g.Name+created, g, false, c.colour[g.ID])
	}
	if o := c.tl.Others; o != nil {
		c.lane(yGs+len(gs)*tlRow, "+"+strconv.Itoa(o.Count)+" more", plural.Of(o.Count, "more goroutine")+": the busiest state any of them was in", *o, false, "cx")
	}
	fmt.Fprintf(&c.b, `<line class="tl-cur" x1="%d" x2="%d" y1="%d" y2="%d" display="none"/>`, tlPlotX0, tlPlotX0, top, yAxis)
	c.b.WriteString(`</svg>`)
	return c.b.String()
}

// grid draws the time axis: a line per tick across the lanes, and its
// label in ms under them.
func (c *tlChart) grid(top, yAxis int) {
	step, digits := tlTickStep(c.tl.Dur)
	var path, labels strings.Builder
	for i := 0; ; i++ {
		t := time.Duration(i) * step
		if t > c.tl.Dur {
			break
		}
		x := c.x(t)
		fmt.Fprintf(&path, "M%s %dV%d", tlNum(x), top, yAxis+3)
		anchor := "middle"
		if i == 0 {
			anchor = "start"
		}
		fmt.Fprintf(&labels, `<text x="%s" y="%d" text-anchor="%s">%s</text>`, tlNum(x), yAxis+14, anchor, tlMS(t, digits))
	}
	fmt.Fprintf(&c.b, `<path class="tl-grid" d="%s"/>`, path.String())
	fmt.Fprintf(&c.b, `<g class="tl-ax">%s<text x="%d" y="%d" text-anchor="end">ms</text></g>`, labels.String(), tlLabelX, yAxis+14)
}

// tlTickStep is a round step (1, 2 or 5 × 10ⁿ ms) giving 4 to 8 ticks, and
// the decimals its labels need.
func tlTickStep(dur time.Duration) (time.Duration, int) {
	durMS := max(float64(dur)/1e6, 0.001)
	raw := durMS / 8
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	digits := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	return time.Duration(step * 1e6), digits
}

// marks draws the output lines on the top row. Lines closer than three
// pixels share a mark, whose title lists them.
func (c *tlChart) marks(top int) {
	fmt.Fprintf(&c.b, `<text class="tl-lbl" x="%d" y="%d" text-anchor="end">output</text>`, tlLabelX, top+10)
	marks := c.tl.Marks
	gap := 3 * c.px
	for i := 0; i < len(marks); {
		j := i + 1
		for j < len(marks) && c.x(marks[j].T)-c.x(marks[i].T) < gap {
			j++
		}
		group := marks[i:j]
		stderr := false
		var title strings.Builder
		for k, m := range group {
			stderr = stderr || m.Stderr
			if k == 4 {
				fmt.Fprintf(&title, "\n… %d more", len(group)-k)
				break
			}
			if k > 0 {
				title.WriteByte('\n')
			}
			fmt.Fprintf(&title, "%s ms: %s", tlMS(m.T, c.digits), c.p.MapPositions(m.Text))
		}
		class := "tl-m"
		if stderr {
			class += " e"
		}
		// Marks keep their titles: there are few, and they are the output.
		fmt.Fprintf(&c.b, `<rect class="%s" x="%s" y="%d" width="2" height="%d"><title>%s</title></rect>`,
			class, tlNum(c.x(group[0].T)-1), top+1, tlBar, template.HTMLEscapeString(title.String()))
		i = j
	}
}

// lane draws one row: its label, then its spans downsampled to the
// chart's resolution.
func (c *tlChart) lane(y int, label, long string, l timeline.Lane, proc bool, colour string) {
	short := label
	if r := []rune(label); len(r) > tlLabelCh {
		short = string(r[:tlLabelCh-1]) + "…"
	}
	chip := ""
	if colour != "" {
		chip = fmt.Sprintf(`<rect class="%s" x="2" y="%d" width="4" height="%d"/>`, colour, y+2, tlBar-4)
	}
	fmt.Fprintf(&c.b, `%s<text class="tl-lbl" x="%d" y="%d" text-anchor="end"><title>%s</title>%s</text>`,
		chip, tlLabelX, y+10, template.HTMLEscapeString(long), template.HTMLEscapeString(short))
	if colour != "" {
		fmt.Fprintf(&c.b, `<g class="%s">`, colour)
	} else {
		c.b.WriteString(`<g>`)
	}
	lastEnd := -1.0
	for _, s := range timeline.Downsample(l.Spans, c.res) {
		x0, x1 := math.Round(c.x(s.Start)), math.Round(c.x(s.End))
		x0 = max(x0, lastEnd)
		// Two pixels at least, so the shortest bar can be seen and hovered.
		x1 = max(x1, x0+2)
		lastEnd = x1
		c.span(y, x0, x1, s, proc, label)
	}
	c.b.WriteString(`</g>`)
}

// span draws one span. Running is a solid bar in the goroutine's colour,
// runnable an outline, blocked a thin line, a system call an amber bar;
// on a P lane the bar takes the colour of the goroutine that ran (slate
// for several, or the merged lane's), and the runtime's own work is a
// half-height grey bar. A span merged from shorter ones is fainter when
// its state filled less than 60% of it.
func (c *tlChart) span(y int, x0, x1 float64, s timeline.Span, proc bool, label string) {
	class, by, h := "", y+1, tlBar
	what := s.State.String()
	switch {
	case proc && s.State == timeline.StateRunning:
		class = c.colour[s.G]
		if class == "" {
			class = "cx" // a goroutine of the merged lane, or several
		}
		switch n := c.names[s.G]; {
		case s.G == timeline.SeveralGoroutines:
			what = "goroutines took turns"
		case n != "":
			what = n + " ran"
		default:
			what = "G" + strconv.FormatInt(s.G, 10) + " ran"
		}
	case proc && s.State == timeline.StateRuntime:
		class, what = "rt", "the runtime ran (G"+strconv.FormatInt(s.G, 10)+": GC, scheduler…)"
		by, h = y+1+tlBar/2, tlBar/2
	case s.State == timeline.StateRunnable:
		class, what = "q", "runnable, waiting for a P"
		by, h = y+2, tlBar-2
	case s.State == timeline.StateBlocked:
		class, what = "b", "blocked"
		by, h = y+1+tlBar/2-1, 2
	case s.State == timeline.StateSyscall:
		class, what = "sc", "in a system call"
	}
	if s.Reason != "" {
		what += " (" + s.Reason + ")"
	}
	if p := s.Percent(); p < 100 {
		what = fmt.Sprintf("mostly %s: %d%% of the time", what, p)
		if p < 60 {
			class += " f"
		}
	}
	fmt.Fprintf(&c.b, `<rect x="%s" y="%d" width="%s" height="%d"`, tlNum(x0), by, tlNum(x1-x0), h)
	if class = strings.TrimSpace(class); class != "" {
		fmt.Fprintf(&c.b, ` class="%s"`, class)
	}
	if !c.titles {
		c.b.WriteString(`/>`)
		return
	}
	fmt.Fprintf(&c.b, `><title>%s: %s, %s–%s ms</title></rect>`, template.HTMLEscapeString(label), template.HTMLEscapeString(what),
		tlMS(s.Start, c.digits), tlMS(s.End, c.digits))
}

// tlMS formats a time in milliseconds with the given decimals.
func tlMS(d time.Duration, digits int) string {
	return strconv.FormatFloat(float64(d)/1e6, 'f', digits, 64)
}

// tlNum formats a coordinate with at most one decimal.
func tlNum(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}
