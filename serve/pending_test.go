package serve

import (
	"context"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// pendingText is what a pending program's panel says.
const pendingText = "Pending: this program is being built and run"

// gatedFS is an fs.FS whose files cannot be opened until gate is closed.
type gatedFS struct {
	fs.FS
	gate chan struct{}
}

func (g gatedFS) Open(name string) (fs.File, error) {
	<-g.gate
	return g.FS.Open(name)
}

// gatedRunner runs programs one at a time, as scriptRunner does, but a
// program whose source holds "// wait" waits for release first. cold and
// raceCold are what StdCold says.
type gatedRunner struct {
	*scriptRunner
	release        chan struct{}
	cold, raceCold bool
}

func (g gatedRunner) RunAll(ctx context.Context, progs []*runner.Program, done func(int, *runner.Result)) ([]*runner.Result, error) {
	out := make([]*runner.Result, len(progs))
	for i, p := range progs {
		if strings.Contains(string(p.Source), "// wait") {
			select {
			case <-g.release:
			case <-ctx.Done():
				return out, ctx.Err()
			}
		}
		r, err := g.Run(ctx, p, nil)
		if err != nil {
			return out, err
		}
		out[i] = r
		done(i, r)
	}
	return out, nil
}

func (g gatedRunner) StdCold(_ context.Context, race bool) (bool, error) {
	if race {
		return g.raceCold, nil
	}
	return g.cold, nil
}

// TestServePending: while the first build's programs run, pages are
// served with a pending panel for each program not yet run, the pages
// and the log say how far it is, and a page fills in as its programs
// finish. A program that fails in the first build shows its failure,
// not its pending panel.
func TestServePending(t *testing.T) {
	r := gatedRunner{scriptRunner: newScriptRunner(), release: make(chan struct{}), raceCold: true}
	waiting := "```go race\npackage main\n\nimport \"fmt\"\n\n// wait\nfunc main() { fmt.Println(BROKEN) }\n```\n"
	dir := writeLessons(t, map[string]string{
		"01-a.md": lessonText("First", "Ready.\n\n"+goBlock("", "hello from a")+"\nThen:\n\n"+waiting),
		"02-b.md": lessonText("Second", "Later.\n\n"+goBlock("", "hello from b")),
	})
	ts := startServerNoWait(t, dir, r, nil)
	ev := ts.events()
	ts.waitFor("the first program's result on a pending page", func() bool {
		code, body := ts.get("/01-a.html")
		return code == 200 && strings.Count(body, pendingText) == 1 && strings.Contains(body, `class="result pass"`)
	})
	if code, body := ts.get("/02-b.html"); code != 200 || !strings.Contains(body, pendingText) {
		t.Errorf("a page whose program waits behind another: %d, pending %v", code, strings.Contains(body, pendingText))
	}
	p := nextEvent(t, ev, "hello", "progress").state(t).Progress
	for p == nil || p.Done < 1 || p.Note == "" {
		e := nextEvent(t, ev, "progress")
		p = nil
		if e.data != "null" {
			p = &buildProgress{}
			*p = e.stateProgress(t)
		}
	}
	if p.Total != 3 || !strings.Contains(p.Note, "race detector") {
		t.Errorf("progress = %+v, want 3 programs in all and the race note", p)
	}
	log := ts.log.String()
	for _, want := range []string{`progress="0/3 programs"`, `progress="1/3 programs"`, "compiling the standard library for the race detector"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}

	close(r.release)
	ts.waitFor("the first build", func() bool { return ts.srv.events.current().Progress == nil && ts.srv.events.current().Gen > 0 })
	_, body := ts.get("/01-a.html")
	if strings.Contains(body, pendingText) || !strings.Contains(body, "undefined: BROKEN") {
		t.Errorf("after the first build, the failing program is pending or does not show its failure:\n%s", body)
	}
	if _, body := ts.get("/02-b.html"); strings.Contains(body, pendingText) || !strings.Contains(body, `class="result pass"`) {
		t.Errorf("after the first build, 02-b.html is pending or has no result")
	}
	if e := nextEvent(t, ev, "progress"); e.data != "null" {
		t.Errorf("the last progress event: %s, want null", e.data)
	}
}

// stateProgress decodes a progress event.
func (e sseEvent) stateProgress(t testing.TB) buildProgress {
	t.Helper()
	st := sseEvent{name: e.name, data: `{"progress":` + e.data + `}`}.state(t)
	return *st.Progress
}

// TestPendingLogQuiet: when no program finished for a while, the log
// says how far the build is and names the programs not finished, in
// book order; the next time after twice the silence, unless a program
// finished.
func TestPendingLogQuiet(t *testing.T) {
	logs := &syncBuffer{}
	s := &Server{log: slog.New(slog.NewTextHandler(logs, nil))}
	md := lessonText("First", goBlock("", "a")+"\n"+goBlock("", "b")+"\n"+goBlock("", "c")+"\n"+goBlock("", "d")+"\n"+goBlock("", "e"))
	bk, err := book.Load(fstest.MapFS{"01-a.md": {Data: []byte(md)}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	ps := bk.Programs()
	p := &pendingRun{b: &builder{s: s}, todo: ps, start: time.Now().Add(-time.Minute), last: time.Now().Add(-time.Minute),
		quiet: pendingQuiet, finished: map[*book.Program]bool{ps[0]: true}}
	p.logQuiet()
	log := logs.String()
	if !strings.Contains(log, `progress="1/5 programs"`) || !strings.Contains(log, "lessons/01-a.md:") || !strings.Contains(log, "#"+ps[1].ID+" ") ||
		strings.Contains(log, "#"+ps[0].ID+" ") || !strings.Contains(log, "and 1 more") {
		t.Errorf("log:\n%s", log)
	}
	logs.b.Reset()
	p.last = time.Now().Add(-pendingQuiet - time.Second)
	if p.logQuiet(); logs.String() != "" {
		t.Errorf("logged again after as much silence, not twice as much:\n%s", logs.String())
	}
	p.finish(ps[1], nil)
	p.last = time.Now().Add(-pendingQuiet - time.Second)
	if p.logQuiet(); !strings.Contains(logs.String(), `progress="2/5 programs"`) {
		t.Errorf("after a program finished, the first silence is not logged:\n%s", logs.String())
	}
}

// TestPendingCheckStd: the note says which builds of the standard
// library the first build compiles: the race build only when the book
// has a race program.
func TestPendingCheckStd(t *testing.T) {
	for _, c := range []struct {
		cold, raceCold, race bool
		want                 string
	}{
		{false, false, true, ""},
		{true, false, false, stdNote},
		{true, true, false, stdNote},
		{false, true, false, ""},
		{false, true, true, raceStdNote},
		{true, true, true, bothStdNote},
	} {
		logs := &syncBuffer{}
		s := &Server{log: slog.New(slog.NewTextHandler(logs, nil))}
		p := &pendingRun{b: &builder{s: s}}
		p.checkStd(t.Context(), gatedRunner{cold: c.cold, raceCold: c.raceCold}, c.race)
		if p.note != c.want || (c.want != "" && !strings.Contains(logs.String(), c.want)) {
			t.Errorf("cold %v, race cold %v, race programs %v: note %q, want %q; log:\n%s", c.cold, c.raceCold, c.race, p.note, c.want, logs.String())
		}
	}
}
