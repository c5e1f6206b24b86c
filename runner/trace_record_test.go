//go:build linux

package runner

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var traceRecord = flag.Bool("trace-record", false, "run the programs of TestTraceRecord again and record their traces in timeline/testdata")

// traceRecorded are the programs whose traces package timeline's tests
// parse: timeline/testdata/NAME.trace is the runtime trace, NAME.run.json
// the traced run (its start and output). After recording, run
// go test ./runner/timeline -trace-update to rewrite the outlines.
var traceRecorded = []struct {
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

// TestTraceRecord records the traces of traceRecorded, with
// -trace-record only: the recordings are test data, kept so that what
// the timeline tests check does not depend on this machine's timing.
func TestTraceRecord(t *testing.T) {
	if !*traceRecord {
		t.Skip("records traces only with -trace-record")
	}
	for _, tc := range traceRecorded {
		t.Run(tc.name, func(t *testing.T) {
			recordTrace(t, filepath.Join("timeline", "testdata", tc.name), tc.src, tc.gomaxprocs, tc.timeout)
		})
	}
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
