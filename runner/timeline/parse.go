package timeline

import (
	"cmp"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/exp/trace"
)

// Parse reads a runtime trace (as runtime/trace writes it) and reduces
// it to a Timeline. start is when the run started, by the wall clock,
// and output its lines, which become the marks (their text shortened,
// at most MaxMarks of them). A trace cut short yields what was read
// before the cut, marked Partial; the error is only for a trace with
// nothing usable in it.
func Parse(r io.Reader, start time.Time, output []Mark) (*Timeline, error) {
	return newParser(start).parse(r, output)
}

func (p *parser) parse(r io.Reader, output []Mark) (*Timeline, error) {
	tr, err := trace.NewReader(r)
	if err != nil {
		return nil, err
	}
	for {
		ev, err := tr.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			if p.events == 0 {
				return nil, err
			}
			p.tl.Partial = true
			break
		}
		p.event(ev)
	}
	if p.events == 0 {
		return nil, errors.New("the trace is empty")
	}
	p.finish()
	p.marks(output)
	return p.tl, nil
}

// ToolPrefix starts the name of every function that the tracing code
// added to a program declares: their goroutines and stacks are the
// tool's, not the program's, and the timeline leaves them out.
const ToolPrefix = "main.workbookTrace"

// parser follows the state of every goroutine and P through the
// trace and writes lanes as states change.
type parser struct {
	tl      *Timeline
	start   time.Time  // the run's start, wall clock
	zero    trace.Time // trace time of the run's start
	hasZero bool
	last    trace.Time
	events  int

	gs      map[trace.GoID]*goInfo
	procs   map[trace.ProcID]*laneWriter
	lanes   []*laneWriter // the program's goroutines
	others  *laneWriter
	counts  [stateCount]int // Others' goroutines by state
	running int             // the program's goroutines running now

	res      time.Duration // current merge resolution, raised to bound the spans
	nspans   int
	maxSpans int // spanBudget; tests lower it
}

// goInfo is what the parser knows of one goroutine.
type goInfo struct {
	user  bool
	lane  *laneWriter // nil for the runtime's goroutines and Others'
	state State
	proc  *laneWriter // the P it runs on, while it runs
	// naming counts the events still worth searching for a better name
	// (see name).
	naming int
}

func newParser(start time.Time) *parser {
	return &parser{
		tl:       &Timeline{},
		start:    start,
		gs:       map[trace.GoID]*goInfo{},
		procs:    map[trace.ProcID]*laneWriter{},
		maxSpans: spanBudget,
	}
}

func (p *parser) event(ev trace.Event) {
	p.events++
	if !p.hasZero {
		p.setZero(ev)
	}
	p.last = max(p.last, ev.Time())
	switch ev.Kind() {
	case trace.EventStateTransition:
		st := ev.StateTransition()
		switch st.Resource.Kind {
		case trace.ResourceGoroutine:
			p.goTransition(ev, st)
		case trace.ResourceProc:
			p.proc(st.Resource.Proc())
		}
	case trace.EventMetric:
		if m := ev.Metric(); m.Name == "/sched/gomaxprocs:threads" && m.Value.Kind() == trace.ValueUint64 {
			p.tl.GOMAXPROCS = int(m.Value.Uint64())
		}
	}
	if g := p.gs[ev.Goroutine()]; g != nil && g.naming > 0 {
		p.name(g, ev.Stack())
	}
}

// setZero finds the trace time of the run's start from the first clock
// snapshot (Go 1.25 and later): the run's start is a wall clock reading,
// like the snapshot's. Without one, the trace's own start stands in.
func (p *parser) setZero(ev trace.Event) {
	if ev.Kind() == trace.EventSync {
		if c := ev.Sync().ClockSnapshot; c != nil && !p.start.IsZero() {
			p.zero = c.Trace - trace.Time(c.Wall.Sub(p.start))
			p.hasZero = true
			return
		}
		return
	}
	p.zero, p.hasZero = ev.Time(), true
}

// at converts a trace time to time since the run's start.
func (p *parser) at(t trace.Time) time.Duration {
	return max(0, time.Duration(t-p.zero))
}

func (p *parser) proc(id trace.ProcID) *laneWriter {
	if id == trace.NoProc {
		return nil
	}
	l := p.procs[id]
	if l == nil {
		l = &laneWriter{p: p, lane: &Lane{ID: int64(id)}, proc: true}
		p.procs[id] = l
	}
	return l
}

func (p *parser) goTransition(ev trace.Event, st trace.StateTransition) {
	id := st.Resource.Goroutine()
	from, to := st.Goroutine()
	g := p.gs[id]
	if g == nil {
		g = p.newGoroutine(ev, st, id, from)
	} else if goState(to) == g.state && (from == trace.GoUndetermined || from == to) {
		// Each part of a trace restates every goroutine's state, with
		// no reason: nothing changed.
		return
	}
	t := p.at(ev.Time())
	if from == trace.GoRunning && g.proc != nil {
		g.proc.set(t, StateNone, 0, "")
		g.proc = nil
	}
	if to == trace.GoRunning {
		if g.proc = p.proc(ev.Proc()); g.proc != nil {
			s := StateRuntime
			if g.user {
				s = StateRunning
			}
			g.proc.set(t, s, int64(id), "")
		}
	}
	state := goState(to)
	if g.user {
		if g.state == StateRunning {
			p.running--
		}
		if state == StateRunning {
			p.running++
			p.tl.Stats.MaxRunning = max(p.tl.Stats.MaxRunning, p.running)
		}
	}
	reason := ""
	if state == StateBlocked || state == StateRunnable {
		reason = st.Reason
	}
	old := g.state
	g.state = state
	switch {
	case g.lane != nil:
		g.lane.set(t, state, 0, reason)
	case g.user:
		p.counts[old]--
		p.counts[state]++
		p.others.set(t, p.othersState(), 0, "")
	}
}

func goState(s trace.GoState) State {
	switch s {
	case trace.GoRunning:
		return StateRunning
	case trace.GoRunnable:
		return StateRunnable
	case trace.GoWaiting:
		return StateBlocked
	case trace.GoSyscall:
		return StateSyscall
	}
	return StateNone
}

// othersState is the busiest state any of Others' goroutines is in.
func (p *parser) othersState() State {
	for _, s := range []State{StateRunning, StateSyscall, StateRunnable, StateBlocked} {
		if p.counts[s] > 0 {
			return s
		}
	}
	return StateNone
}

// newGoroutine decides whether a goroutine is the program's and gives it
// a lane. A goroutine created during the trace is the program's unless
// it starts in the runtime or was started by the tracing code; of those
// that existed when the trace started, only main's (goroutine 1; the
// others are the runtime's) is.
func (p *parser) newGoroutine(ev trace.Event, st trace.StateTransition, id trace.GoID, from trace.GoState) *goInfo {
	g := &goInfo{}
	p.gs[id] = g
	var name, created string
	if from == trace.GoNotExist {
		startFn := firstFrame(st.Stack).Func
		g.user = !runtimeFunc(startFn) && !strings.HasPrefix(startFn, ToolPrefix) && !tracingStack(ev.Stack())
		name, created = startFn, creationSite(ev.Stack())
		if !strings.HasPrefix(name, "main.") {
			// sync.(*WaitGroup).Go.func1 and the like: the program's
			// function shows up in the goroutine's later stacks.
			g.naming = 16
		}
	} else {
		g.user = id == 1
		name = "main.main"
	}
	if !g.user {
		return g
	}
	p.tl.Stats.Goroutines++
	if len(p.lanes) < MaxLanes {
		g.lane = &laneWriter{p: p, lane: &Lane{ID: int64(id), Name: name, Created: created}}
		p.lanes = append(p.lanes, g.lane)
		return g
	}
	g.naming = 0
	if p.others == nil {
		p.others = &laneWriter{p: p, lane: &Lane{}}
	}
	p.others.lane.Count++
	return g
}

// name renames g's lane after the outermost function of package main in
// one of its stacks, for goroutines started through a wrapper.
func (p *parser) name(g *goInfo, st trace.Stack) {
	if st == trace.NoStack {
		return
	}
	g.naming--
	outer := ""
	for f := range st.Frames() {
		if strings.HasPrefix(f.Func, "main.") && !strings.HasPrefix(f.Func, ToolPrefix) {
			outer = f.Func
		}
	}
	if outer != "" && g.lane != nil {
		g.lane.lane.Name = outer
		g.naming = 0
	}
}

// nameFromSiblings names the goroutines no stack named (one that ends
// before anything stops it leaves no stack but its start function's)
// after a goroutine started at the same line that got a name.
func (p *parser) nameFromSiblings() {
	ids := slices.Sorted(maps.Keys(p.gs))
	named := map[string]string{}
	for _, id := range ids {
		g := p.gs[id]
		if g.lane == nil || g.naming > 0 || g.lane.lane.Created == "" {
			continue
		}
		if _, seen := named[g.lane.lane.Created]; !seen {
			named[g.lane.lane.Created] = g.lane.lane.Name
		}
	}
	for _, id := range ids {
		if g := p.gs[id]; g.lane != nil && g.naming > 0 {
			if name, ok := named[g.lane.lane.Created]; ok {
				g.lane.lane.Name = name
			}
		}
	}
}

func firstFrame(st trace.Stack) trace.StackFrame {
	for f := range st.Frames() {
		return f
	}
	return trace.StackFrame{}
}

// runtimeFunc reports whether fn belongs to the runtime (its own
// goroutines: GC workers, the trace reader, signal handling).
func runtimeFunc(fn string) bool {
	return fn == "" || strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "runtime/") ||
		strings.HasPrefix(fn, "internal/") || fn == "os/signal.loop"
}

// tracingStack reports whether the tracing code is on st (the goroutine
// it starts to catch SIGUSR2, and signal.Notify's).
func tracingStack(st trace.Stack) bool {
	for f := range st.Frames() {
		if strings.HasPrefix(f.Func, ToolPrefix) {
			return true
		}
	}
	return false
}

// creationSite is the innermost line of package main on the creating
// goroutine's stack: with //line directives, a lesson position.
func creationSite(st trace.Stack) string {
	for f := range st.Frames() {
		if strings.HasPrefix(f.Func, "main.") && f.File != "" {
			return f.File + ":" + strconv.FormatUint(f.Line, 10)
		}
	}
	return ""
}

// finish ends every open span where the trace ends and orders the lanes.
func (p *parser) finish() {
	end := p.at(p.last)
	p.tl.Dur = end
	for _, id := range slices.Sorted(maps.Keys(p.procs)) {
		l := p.procs[id]
		l.set(end, StateNone, 0, "")
		p.tl.Procs = append(p.tl.Procs, *l.lane)
	}
	p.nameFromSiblings()
	for _, l := range p.lanes {
		l.set(end, StateNone, 0, "")
		p.tl.Goroutines = append(p.tl.Goroutines, *l.lane)
	}
	if p.others != nil {
		p.others.set(end, StateNone, 0, "")
		p.tl.Others = p.others.lane
	}
	p.res = max(p.res, end/resolution)
	p.each(func(l *Lane) { l.Spans = Downsample(l.Spans, p.res) })
}

// each calls f for every lane of the timeline being finished.
func (p *parser) each(f func(*Lane)) {
	for i := range p.tl.Procs {
		f(&p.tl.Procs[i])
	}
	for i := range p.tl.Goroutines {
		f(&p.tl.Goroutines[i])
	}
	if p.tl.Others != nil {
		f(p.tl.Others)
	}
}

// marks keeps the run's output lines as marks, their text shortened.
func (p *parser) marks(output []Mark) {
	for i, l := range output {
		if i == MaxMarks {
			p.tl.MarksDropped = len(output) - i
			break
		}
		text := l.Text
		if len(text) > markText {
			cut := markText
			for cut > 0 && !utf8.RuneStart(text[cut]) {
				cut--
			}
			text = text[:cut] + "…"
		}
		t := l.T
		if p.tl.Dur > 0 && t > p.tl.Dur {
			// A line read from a pipe (the portable backend) is stamped
			// when read, which can be a moment after the trace ends: it
			// is drawn at the end, not outside the chart.
			t = p.tl.Dur
		}
		p.tl.Marks = append(p.tl.Marks, Mark{T: t, Stderr: l.Stderr, Text: text})
	}
}

// A laneWriter turns state changes into a lane's spans.
type laneWriter struct {
	p      *parser
	lane   *Lane
	proc   bool // a P's lane: its spans add up to Stats.Busy
	cur    State
	g      int64
	reason string
	since  time.Duration
}

// set changes the lane's state at t, ending the current span.
func (l *laneWriter) set(t time.Duration, s State, g int64, reason string) {
	if s == l.cur && g == l.g && reason == l.reason {
		return
	}
	if l.cur != StateNone && t > l.since {
		l.lane.Spans = append(l.lane.Spans, Span{Start: l.since, End: t, State: l.cur, G: l.g, Reason: l.reason})
		if l.proc {
			// Summed here, before merging blurs the lengths.
			l.p.tl.Stats.Busy += t - l.since
			if l.cur == StateRunning {
				l.p.tl.Stats.UserBusy += t - l.since
			}
		}
		l.p.added()
	}
	l.cur, l.g, l.reason, l.since = s, g, reason, t
}

// added counts a new span and, past maxSpans, merges every lane's short
// spans at a coarser resolution until half the budget is left.
func (p *parser) added() {
	p.nspans++
	if p.nspans <= p.maxSpans {
		return
	}
	p.res = max(p.res, time.Microsecond)
	// Past the trace's length every lane is down to a span or two.
	for p.nspans > p.maxSpans/2 && p.res <= p.at(p.last) {
		p.res *= 2
		p.nspans = 0
		for _, l := range p.writers() {
			l.lane.Spans = Downsample(l.lane.Spans, p.res)
			p.nspans += len(l.lane.Spans)
		}
	}
}

func (p *parser) writers() []*laneWriter {
	ws := slices.Collect(maps.Values(p.procs))
	slices.SortFunc(ws, func(a, b *laneWriter) int { return cmp.Compare(a.lane.ID, b.lane.ID) })
	ws = append(ws, p.lanes...)
	if p.others != nil {
		ws = append(ws, p.others)
	}
	return ws
}
