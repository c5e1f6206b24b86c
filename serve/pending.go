package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
	"github.com/workbook-dev/workbook/site"
)

// How the first build shows its pages while its programs run. Until a
// build has succeeded, serve has no page to show but a placeholder, and
// on a cold results cache running the whole book takes minutes. So the
// first build renders the pages at once, each program without a result
// shown as pending, and renders them again as programs finish: a page
// whose content changed reloads, as after an edit (its scroll position
// and the editor's unsaved edits survive), so its panels fill in as they
// run. Reloading through the event stream every page already follows is
// the simplest robust way: no second protocol, and a page opened late
// gets what has run so far.
//
// A pending site is served, never kept: it is not the builder's last
// good build, so a program failing in the first build shows its failure
// on its page, as before, and nothing pending ever stands in for it.

const (
	// pendingEvery spaces renders of the pending site: programs that
	// finish together reload their pages once.
	pendingEvery = 500 * time.Millisecond
	// pendingQuiet is how long without a program finishing before the
	// log says what is still running.
	pendingQuiet = 15 * time.Second
	// pendingNames is how many unfinished programs the log names.
	pendingNames = 3
)

// buildProgress is how far the first build is, for open pages.
type buildProgress struct {
	Done  int    `json:"done"`  // programs finished
	Total int    `json:"total"` // programs to run
	Note  string `json:"note,omitempty"`
}

// A stdChecker can say whether Go's build cache lacks the standard
// library built as programs are built. *runner.Runner is one.
type stdChecker interface {
	StdCold(ctx context.Context, race bool) (bool, error)
}

// A pendingRun shows the pages of a first build while its programs run.
// Its goroutine renders and publishes while the builder waits for the
// runner, and is stopped before the builder goes on, so the builder's
// state is never used by both at once.
type pendingRun struct {
	b     *builder
	bk    *book.Book
	keys  map[*book.Program]string
	todo  []*book.Program
	start time.Time

	mu       sync.Mutex
	results  map[*book.Program]*runner.Result // every result so far
	finished map[*book.Program]bool
	note     string
	last     time.Time     // when a program last finished
	quiet    time.Duration // the silence logQuiet waits for: doubles at each log

	changed chan struct{} // capacity 1
	stopc   chan struct{}
	wg      sync.WaitGroup
}

// startPending starts showing the pages of bk's first build, which runs
// todo and has results for the rest. It returns nil when there is a good
// build already, or nothing to run.
func (b *builder) startPending(ctx context.Context, bk *book.Book, results map[*book.Program]*runner.Result, keys map[*book.Program]string, todo []*book.Program) *pendingRun {
	if b.good != nil || len(todo) == 0 {
		return nil
	}
	p := &pendingRun{b: b, bk: bk, keys: keys, todo: todo, start: time.Now(), last: time.Now(), quiet: pendingQuiet,
		results: maps.Clone(results), finished: map[*book.Program]bool{},
		changed: make(chan struct{}, 1), stopc: make(chan struct{})}
	b.s.log.Info("running the book's programs: pages are served now, and each program's panel fills in when it has run",
		"progress", fmt.Sprintf("0/%d programs", len(todo)))
	p.wg.Go(func() { p.loop(ctx) })
	if sc, ok := b.s.cfg.Runner.(stdChecker); ok {
		race := slices.ContainsFunc(todo, func(p *book.Program) bool { return p.Attrs.Race })
		p.wg.Go(func() { p.checkStd(ctx, sc, race) })
	}
	return p
}

// finished records a program's result; the runner calls it as each
// program finishes.
func (p *pendingRun) finish(prog *book.Program, r *runner.Result) {
	if p == nil {
		return
	}
	if r != nil {
		r = p.b.s.redact(r)
	}
	p.mu.Lock()
	p.finished[prog] = true
	if r != nil {
		p.results[prog] = r
	}
	p.last, p.quiet = time.Now(), pendingQuiet
	p.mu.Unlock()
	p.wake()
}

func (p *pendingRun) wake() {
	select {
	case p.changed <- struct{}{}:
	default:
	}
}

// stop stops showing pending pages, once the last one is published.
func (p *pendingRun) stop() {
	if p == nil {
		return
	}
	close(p.stopc)
	p.wg.Wait()
}

// loop publishes the pending site at once, then again as programs
// finish, at most every pendingEvery; and logs what is still running
// when nothing finished for pendingQuiet.
func (p *pendingRun) loop(ctx context.Context) {
	tick := time.NewTicker(pendingQuiet)
	defer tick.Stop()
	for {
		p.publish()
		select {
		case <-p.stopc:
			return
		case <-ctx.Done():
			return
		case <-time.After(pendingEvery):
		}
	wait:
		for {
			select {
			case <-p.stopc:
				return
			case <-ctx.Done():
				return
			case <-p.changed:
				break wait
			case <-tick.C:
				p.logQuiet()
			}
		}
	}
}

// publish renders the site with the results so far and serves it.
func (p *pendingRun) publish() {
	s := p.b.s
	p.mu.Lock()
	results := maps.Clone(p.results)
	prog := &buildProgress{Done: len(p.finished), Total: len(p.todo), Note: p.note}
	p.mu.Unlock()
	files, err := s.render.Render(p.bk, results, site.RenderOptions{Head: s.head(p.b.gen + 1), Pending: true, NoPlayground: !p.bk.Settings.Playground, GoMod: site.GoModuleOf(s.cfg.Runner)})
	if err != nil {
		s.log.Debug("rendering the pending pages failed; the build reports it", "error", err)
		return
	}
	p.b.publishPending(p.bk, files, p.keys, prog)
}

// publishPending serves files, a pending site: pages that changed since
// the last one reload. It is not a good build: see pendingRun.
func (b *builder) publishPending(bk *book.Book, files map[string][]byte, keys map[*book.Program]string, prog *buildProgress) {
	s := b.s
	hash := b.hashes(files, nil)
	if changed := changedFiles(b.hash, hash); len(changed) > 0 || s.site.Load() == nil {
		b.gen++
		shared := false
		for _, name := range changed {
			if strings.HasSuffix(name, ".html") {
				b.pages[name] = b.gen
			} else {
				shared = true
			}
		}
		for name := range hash {
			if shared && strings.HasSuffix(name, ".html") {
				b.pages[name] = b.gen
			}
		}
		b.hash = hash
		s.site.Store(&generation{gen: b.gen, files: files, book: bk, keys: slices.Collect(maps.Values(keys))})
	}
	s.events.publish(&siteState{Instance: s.instance, Gen: b.gen, Pages: maps.Clone(b.pages), Progress: prog})
}

// logQuiet says, when no program finished for a while, how far the
// build is and which programs have not finished; after 15 s of silence,
// then 30 s, 1 min and so on. The runner reports a
// program only when it finishes, so which of them runs now is unknown;
// it works through them in book order, so the first is the likeliest.
func (p *pendingRun) logQuiet() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < p.quiet {
		return
	}
	p.quiet *= 2
	var names []string
	for _, prog := range p.todo {
		if !p.finished[prog] {
			names = append(names, fmt.Sprintf("%s:%d#%s", prog.Lesson.File, prog.Parts[0].Line, prog.ID))
		}
	}
	more := ""
	if len(names) > pendingNames {
		more = fmt.Sprintf(" and %d more", len(names)-pendingNames)
		names = names[:pendingNames]
	}
	attrs := []any{"progress", fmt.Sprintf("%d/%d programs", len(p.finished), len(p.todo)),
		"not_finished", strings.Join(names, " ") + more, "elapsed", time.Since(p.start).Round(time.Second)}
	if p.note != "" {
		attrs = append(attrs, "note", p.note)
	}
	p.b.s.log.Info("still running the book's programs", attrs...)
}

// Why the first programs are slow to build, when Go's build cache lacks
// the standard library: of the plain build, the race build, or both.
const (
	stdNote     = "compiling the standard library: Go's build cache has none yet (a fresh machine or a new Go version), so the first programs take a few minutes to build; later builds reuse it"
	raceStdNote = "compiling the standard library for the race detector: Go's build cache has no -race build of it yet, so the first race program takes a minute or more to build (once per machine and Go version)"
	bothStdNote = "compiling the standard library, and again for the race detector: Go's build cache has neither yet (a fresh machine or a new Go version), so the first programs take minutes to build; later builds reuse it"
)

// checkStd tells the log and the pages when the first build compiles
// the standard library, plain or for race (when the book has race
// programs), and so takes long.
func (p *pendingRun) checkStd(ctx context.Context, sc stdChecker, race bool) {
	cold, err := sc.StdCold(ctx, false)
	raceCold := false
	if err == nil && race {
		raceCold, err = sc.StdCold(ctx, true)
	}
	if err != nil {
		p.b.s.log.Debug("could not tell whether the standard library is in Go's build cache", "error", err)
	}
	note := ""
	switch {
	case cold && raceCold:
		note = bothStdNote
	case cold:
		note = stdNote
	case raceCold:
		note = raceStdNote
	}
	if note == "" || ctx.Err() != nil {
		return
	}
	p.b.s.log.Info(note)
	p.mu.Lock()
	p.note = note
	p.mu.Unlock()
	p.wake()
}

// progressJSON is what the event stream last said of the progress.
func progressJSON(st *siteState) string {
	data, _ := json.Marshal(st.Progress) // plain data: cannot fail
	return string(data)
}
