package timeline

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The flag is named apart from other tests' -update: it only concerns
// testdata/*.golden. The traces themselves are recorded by the runner's
// tests (go test ./runner -run TestTraceRecord -trace-record).
var traceUpdate = flag.Bool("trace-update", false, "rewrite testdata/*.golden")

// recordedRun is what testdata/NAME.run.json keeps of the traced run.
type recordedRun struct {
	Start    time.Time `json:"start"`
	TimedOut bool      `json:"timed_out"`
	Output   []struct {
		T      time.Duration `json:"t_ns"`
		Stream string        `json:"stream"`
		Text   string        `json:"text"`
	} `json:"output"`
}

// TestGolden parses recorded traces, so what it checks does not depend
// on this machine's timing: the lanes, their states in order, the marks
// and the counts (Outline). testdata/NAME.trace is the runtime trace,
// NAME.run.json the traced run (its start and output), NAME.golden the
// outline.
func TestGolden(t *testing.T) {
	traces, _ := filepath.Glob(filepath.Join("testdata", "*.trace"))
	if len(traces) == 0 {
		t.Fatal("no recorded traces in testdata")
	}
	for _, file := range traces {
		base := strings.TrimSuffix(file, ".trace")
		t.Run(filepath.Base(base), func(t *testing.T) {
			got := parseRecorded(t, base, spanBudget).Outline()
			if *traceUpdate {
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

// TestSpanBudget parses a recorded trace with a small span budget: the
// lanes and their states stay, the spans merge to fit.
func TestSpanBudget(t *testing.T) {
	base := filepath.Join("testdata", "workers")
	full := parseRecorded(t, base, spanBudget)
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
	var run recordedRun
	b, err := os.ReadFile(base + ".run.json")
	if err == nil {
		err = json.Unmarshal(b, &run)
	}
	if err != nil {
		t.Fatal(err)
	}
	var marks []Mark
	for _, l := range run.Output {
		marks = append(marks, Mark{T: l.T, Stderr: l.Stream == "stderr", Text: l.Text})
	}
	p := newParser(run.Start)
	p.maxSpans = maxSpans
	tl, err := p.parse(bytes.NewReader(data), marks)
	if err != nil {
		t.Fatalf("parsing %s.trace: %v", base, err)
	}
	tl.Stopped = run.TimedOut
	// A round trip through JSON, as a cached result is read.
	b, err = json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	back := &Timeline{}
	if err := json.Unmarshal(b, back); err != nil {
		t.Fatal(err)
	}
	return back
}
