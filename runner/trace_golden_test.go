//go:build linux

package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The flags are named apart from other tests' -update: they only concern
// testdata/trace.
var (
	traceRecord = flag.Bool("trace-record", false, "run the programs of TestTraceGolden again and record their traces in testdata/trace")
	traceUpdate = flag.Bool("trace-update", false, "rewrite testdata/trace/*.golden")
)

// traceGolden are the recorded programs: testdata/trace/NAME.trace is
// the runtime trace, NAME.run.json the traced run (its start and
// output), NAME.golden the timeline's structure (timelineText).
var traceGolden = []struct {
	name       string
	src        []byte
	gomaxprocs int
	timeout    time.Duration
}{
	{"sleepers", traceSleepers, 2, 0},
	{"workers", traceWorkers, 2, 0},
	{"uneven", traceUneven, 2, 0},
	{"many", traceMany, 2, 0},
	{"deadlock", traceDeadlock, 2, time.Second},
	{"exit", traceExit, 2, 0},
}

// TestTraceGolden parses recorded traces, so what it checks does not
// depend on this machine's timing: the lanes, their states in order, the
// marks and the counts.
func TestTraceGolden(t *testing.T) {
	for _, tc := range traceGolden {
		t.Run(tc.name, func(t *testing.T) {
			base := filepath.Join("testdata", "trace", tc.name)
			if *traceRecord {
				recordTrace(t, base, tc.src, tc.gomaxprocs, tc.timeout)
			}
			tl := parseRecorded(t, base, timelineSpans)
			got := timelineText(tl)
			if *traceUpdate || *traceRecord {
				if err := os.WriteFile(base+".golden", []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(base + ".golden")
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("timeline of %s.trace differs from %s.golden (-trace-update rewrites it):\ngot:\n%s\nwant:\n%s", base, base, got, want)
			}
		})
	}
}

// TestTraceSpanBudget parses a recorded trace with a small span budget:
// the lanes and their states stay, the spans merge to fit.
func TestTraceSpanBudget(t *testing.T) {
	base := filepath.Join("testdata", "trace", "workers")
	full := parseRecorded(t, base, timelineSpans)
	const budget = 40
	small := parseRecorded(t, base, budget)
	if len(small.Goroutines) != len(full.Goroutines) || len(small.Procs) != len(full.Procs) {
		t.Fatalf("lanes changed with the budget: %d+%d, want %d+%d", len(small.Procs), len(small.Goroutines), len(full.Procs), len(full.Goroutines))
	}
	if small.Stats != full.Stats {
		t.Errorf("stats %+v, want %+v: they are summed before merging", small.Stats, full.Stats)
	}
	count := func(tl *Timeline) int {
		n := 0
		for _, l := range append(tl.Procs, tl.Goroutines...) {
			n += len(l.Spans)
		}
		return n
	}
	if n := count(small); n > budget {
		t.Errorf("%d spans, want at most %d", n, budget)
	}
	if count(full) <= budget {
		t.Fatalf("the recorded trace has only %d spans: it does not test merging", count(full))
	}
	merged := false
	for _, l := range small.Goroutines {
		if len(l.Spans) == 0 {
			t.Errorf("G%d lost every span", l.ID)
		}
		for i, s := range l.Spans {
			merged = merged || s.Percent() < 100
			if s.End <= s.Start || (i > 0 && s.Start < l.Spans[i-1].End) {
				t.Errorf("G%d span %d [%v, %v) is empty or overlaps the one before", l.ID, i, s.Start, s.End)
			}
		}
	}
	if !merged {
		t.Error("no span says it was merged (Share < 100)")
	}
}

func parseRecorded(t testing.TB, base string, maxSpans int) *Timeline {
	t.Helper()
	data, err := os.ReadFile(base + ".trace")
	if err != nil {
		t.Fatal(err)
	}
	var run Run
	b, err := os.ReadFile(base + ".run.json")
	if err == nil {
		err = json.Unmarshal(b, &run)
	}
	if err != nil {
		t.Fatal(err)
	}
	p := newTraceParser(run.Start)
	p.maxSpans = maxSpans
	tl, err := p.parse(bytes.NewReader(data), run.Output)
	if err != nil {
		t.Fatalf("parsing %s.trace: %v", base, err)
	}
	tl.Stopped = run.TimedOut
	// A round trip through JSON, as the site reads it.
	b, err = json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeTimeline(b)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// recordTrace builds src as a traced run would and keeps its trace.
func recordTrace(t testing.TB, base string, src []byte, gomaxprocs int, timeout time.Duration) {
	t.Helper()
	r := traceRunner(t)
	ctx := context.Background()
	s, err := r.newSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	isrc, err := instrument(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin, problem, err := s.buildTraced(ctx, dir, &Program{Source: src}, isrc)
	if err != nil || problem != "" {
		t.Fatalf("building: %v %s", err, problem)
	}
	path := filepath.Join(dir, "trace.out")
	run, err := r.exec(ctx, execSpec{Bin: bin, GOMAXPROCS: gomaxprocs, Timeout: timeout, Env: []string{execTraceEnv + "=" + path}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	run.Output = append([]Line(nil), run.Output...)
	for i := range run.Output {
		// Paths in panics are the lesson's already; nothing else varies.
		run.Output[i].Text = strings.TrimRight(run.Output[i].Text, " ")
	}
	b, err := json.MarshalIndent(run, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base+".trace", data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base+".run.json", append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
