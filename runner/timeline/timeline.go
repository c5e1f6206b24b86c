// Package timeline is the model of a goroutine timeline: what a
// runtime trace of one run showed of the scheduler, reduced to lanes of
// spans that a chart can draw. Parse reads a trace into a Timeline;
// runner.Result.Trace holds one, and the site draws it. Only this
// package reads traces (golang.org/x/exp/trace).
package timeline

import (
	"encoding/json"
	"fmt"
	"time"
)

// Timeline is what a traced run showed of the scheduler: which goroutine
// ran on each processor (P) when, and what each of the program's own
// goroutines was doing. It is already reduced to what a chart can draw
// (see Downsample), so a busy program's millions of trace events become
// at most a few thousand spans. runner.Result.Trace holds one.
//
// Times are measured from the start of the traced run, like the
// runner's output lines, so
// Marks (that run's own output) fall where they happened. The traced run
// is a separate run from the one whose output and figures the page shows:
// tracing costs a little time, and much more for programs that switch
// goroutines a lot.
type Timeline struct {
	// Dur is when the trace ended.
	Dur time.Duration `json:"dur_us"`
	// GOMAXPROCS is the run's setting, 0 if the trace did not say.
	GOMAXPROCS int `json:"gomaxprocs,omitempty"`
	// Procs has one lane per P, by ID. Spans say which goroutine ran.
	Procs []Lane `json:"procs,omitempty"`
	// Goroutines has one lane per goroutine of the program (not the
	// runtime's own), in order of creation, at most MaxLanes.
	Goroutines []Lane `json:"goroutines,omitempty"`
	// Others merges the program's goroutines beyond MaxLanes, if
	// any: it shows the busiest state any of them was in.
	Others *Lane `json:"others,omitempty"`
	// Marks are the traced run's output lines.
	Marks []Mark `json:"marks,omitempty"`
	// MarksDropped counts output lines past MaxMarks.
	MarksDropped int `json:"marks_dropped,omitempty"`

	Stats Stats `json:"stats"`

	// Stopped reports that the traced run reached its timeout: the
	// trace ends where the program was stopped.
	Stopped bool `json:"stopped,omitempty"`
	// Partial reports that the trace was cut short (the program crashed
	// before it could be written in full, or it grew past the size
	// limit): it ends before the program did.
	Partial bool `json:"partial,omitempty"`
	// Problem says why there is no timeline (every lane is empty).
	Problem string `json:"problem,omitempty"`
}

// Stats sums up the whole trace, before any downsampling.
type Stats struct {
	// Goroutines counts the program's goroutines, main included.
	Goroutines int `json:"goroutines"`
	// MaxRunning is the most of them that ran at the same moment.
	MaxRunning int `json:"max_running"`
	// Busy is the time goroutines ran on Ps, summed over the Ps (the
	// runtime's own goroutines included): close to the CPU time the Go
	// code used.
	Busy time.Duration `json:"busy_us"`
	// UserBusy is the part of Busy spent in the program's goroutines.
	UserBusy time.Duration `json:"user_busy_us"`
}

// Limits on a Timeline's size. A chart is at most ~800 pixels wide, so
// spans much finer than a thousandth of the run are never drawn; these
// keep a Result (and the cache entry) small whatever the program did.
const (
	MaxLanes   = 16   // goroutine lanes before Others; a taller chart stops being readable
	MaxMarks   = 500  // output lines marked; more than a chart can show apart
	spanBudget = 6000 // spans in all lanes, about 150 KB of JSON
	// resolution is how many slices of the run the stored
	// spans resolve: several times any chart's width.
	resolution = 4000
	markText   = 160 // bytes of a mark's text kept for its hover title
)

// A Lane is one row of the chart.
type Lane struct {
	// ID is the P's or the goroutine's ID (0 for Others).
	ID int64 `json:"id"`
	// Name is a goroutine's function, "main.worker" ("" for Ps).
	Name string `json:"name,omitempty"`
	// Created is where the goroutine was started ("lessons/x.md:12").
	Created string `json:"created,omitempty"`
	// Count is how many goroutines Others merges.
	Count int    `json:"count,omitempty"`
	Spans []Span `json:"spans"`
}

// State is what a lane was doing during a span.
type State uint8

const (
	StateNone     State = iota // not drawn (a P is idle, a goroutine does not exist)
	StateRunning               // the goroutine ran (on a P lane: a goroutine of the program ran)
	StateRunnable              // ready to run, waiting for a P
	StateBlocked               // waiting for something (a channel, a lock, a timer)
	StateSyscall               // in a system call
	StateRuntime               // on a P lane: one of the runtime's own goroutines ran (GC...)
	stateCount
)

var stateNames = [stateCount]string{"none", "running", "runnable", "blocked", "syscall", "runtime"}

func (s State) String() string {
	if s < stateCount {
		return stateNames[s]
	}
	return fmt.Sprintf("state%d", s)
}

// SeveralGoroutines is a merged P span's G when many goroutines took
// turns in it.
const SeveralGoroutines = -1

// A Span is one state of a lane over [Start, End).
type Span struct {
	Start, End time.Duration
	State      State
	// G is the goroutine that ran, on a P lane, or SeveralGoroutines
	// for a span merged from several that no goroutine filled half of.
	G int64
	// Share is the percentage of [Start, End) spent in State: 100 (or 0,
	// the same) for a span as traced, less for one merged from shorter
	// spans (the rest was other states or, on a P lane, idle).
	Share uint8
	// Reason says why a goroutine was blocked or runnable
	// ("chan receive", "sleep", "preempted"), when the trace says.
	Reason string
}

// Mark is an output line on the chart's time axis.
type Mark struct {
	T      time.Duration `json:"t_us"`
	Stderr bool          `json:"stderr,omitempty"`
	Text   string        `json:"text"`
}

// weight is the time the span spent in its state.
func (s Span) weight() time.Duration {
	return time.Duration(float64(s.End-s.Start) * float64(s.Percent()) / 100)
}

// Percent is Share with 0 read as 100.
func (s Span) Percent() int {
	if s.Share == 0 || s.Share > 100 {
		return 100
	}
	return int(s.Share)
}

// MarshalJSON writes a span as [start_us, end_us, state, g, share, reason],
// leaving out trailing defaults: spans are most of a timeline's size.
func (s Span) MarshalJSON() ([]byte, error) {
	a := []any{s.Start.Microseconds(), s.End.Microseconds(), s.State, s.G, s.Percent(), s.Reason}
	n := len(a)
	switch {
	case s.Reason != "":
	case s.Percent() != 100:
		n = 5
	case s.G != 0:
		n = 4
	default:
		n = 3
	}
	return json.Marshal(a[:n])
}

func (s *Span) UnmarshalJSON(b []byte) error {
	var a []json.RawMessage
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	if len(a) < 3 || len(a) > 6 {
		return fmt.Errorf("span has %d fields, want 3 to 6", len(a))
	}
	var start, end int64
	*s = Span{Share: 100}
	dst := []any{&start, &end, &s.State, &s.G, &s.Share, &s.Reason}
	for i, raw := range a {
		if err := json.Unmarshal(raw, dst[i]); err != nil {
			return fmt.Errorf("span field %d: %w", i, err)
		}
	}
	s.Start, s.End = time.Duration(start)*time.Microsecond, time.Duration(end)*time.Microsecond
	return nil
}

// The durations in a Timeline's JSON are whole microseconds: trace
// clocks are finer, but no chart needs more.

func (t Timeline) MarshalJSON() ([]byte, error) {
	type plain Timeline
	return json.Marshal(struct {
		plain
		Dur int64 `json:"dur_us"`
	}{plain(t), t.Dur.Microseconds()})
}

func (t *Timeline) UnmarshalJSON(b []byte) error {
	type plain Timeline
	v := struct {
		*plain
		Dur int64 `json:"dur_us"`
	}{plain: (*plain)(t)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	t.Dur = time.Duration(v.Dur) * time.Microsecond
	return nil
}

func (s Stats) MarshalJSON() ([]byte, error) {
	type plain Stats
	return json.Marshal(struct {
		plain
		Busy     int64 `json:"busy_us"`
		UserBusy int64 `json:"user_busy_us"`
	}{plain(s), s.Busy.Microseconds(), s.UserBusy.Microseconds()})
}

func (s *Stats) UnmarshalJSON(b []byte) error {
	type plain Stats
	v := struct {
		*plain
		Busy     int64 `json:"busy_us"`
		UserBusy int64 `json:"user_busy_us"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	s.Busy, s.UserBusy = time.Duration(v.Busy)*time.Microsecond, time.Duration(v.UserBusy)*time.Microsecond
	return nil
}

func (m Mark) MarshalJSON() ([]byte, error) {
	type plain Mark
	return json.Marshal(struct {
		plain
		T int64 `json:"t_us"`
	}{plain(m), m.T.Microseconds()})
}

func (m *Mark) UnmarshalJSON(b []byte) error {
	type plain Mark
	v := struct {
		*plain
		T int64 `json:"t_us"`
	}{plain: (*plain)(m)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	m.T = time.Duration(v.T) * time.Microsecond
	return nil
}

// Stored returns t as it reads back from its JSON, with every duration
// in whole microseconds, so what is drawn from a fresh run is what is
// drawn from the same run's cached result.
func (t *Timeline) Stored() *Timeline {
	if t == nil {
		return nil
	}
	data, err := json.Marshal(t)
	if err != nil {
		return t
	}
	var out Timeline
	if json.Unmarshal(data, &out) != nil {
		return t
	}
	return &out
}
