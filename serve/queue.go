package serve

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// A changeQueue collects the watcher's changes for the builder. Changes
// that arrive while a build runs are merged, and wake the builder once.
type changeQueue struct {
	mu    sync.Mutex
	c     changes
	ready chan struct{} // capacity 1
}

// changes are what a build is asked to build.
type changes struct {
	paths []string
	full  bool
	// outside is true when a change was made outside the lessons'
	// programs' runs (see runWindow): a person's save, the first build.
	outside bool
}

// merge returns c with d's changes added.
func (c changes) merge(d changes) changes {
	for _, p := range d.paths {
		if !slices.Contains(c.paths, p) {
			c.paths = append(c.paths, p)
		}
	}
	c.full = c.full || d.full
	c.outside = c.outside || d.outside
	return c
}

// add queues paths (everything when full); byRun says that programs
// made every one of them while they ran.
func (q *changeQueue) add(paths []string, full, byRun bool) {
	q.mu.Lock()
	q.c = q.c.merge(changes{paths: paths, full: full, outside: full || !byRun})
	q.mu.Unlock()
	q.wake()
}

// wake makes the builder look at the queue again.
func (q *changeQueue) wake() {
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// pending returns the paths queued, without taking them.
func (q *changeQueue) pending() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Clone(q.c.paths)
}

// outsidePending reports whether a change queued was made outside a run.
func (q *changeQueue) outsidePending() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.c.outside
}

func (q *changeQueue) take() changes {
	q.mu.Lock()
	defer q.mu.Unlock()
	c := q.c
	q.c = changes{}
	return c
}

// A runWindow is the time during which the last build's programs ran
// (or run now), so that a change can be told apart as theirs: its file
// was modified within the window. Modification times, not the time the
// watcher reports a change, since polling reports it up to an interval
// late, when the program may have finished.
type runWindow struct {
	mu       sync.Mutex
	from, to time.Time // to is zero while programs run
}

func (w *runWindow) begin(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.from, w.to = t, time.Time{}
}

func (w *runWindow) end(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.to = t
}

// covers reports whether t falls within the window.
func (w *runWindow) covers(t time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.from.IsZero() || t.Before(w.from) {
		return false
	}
	return w.to.IsZero() || !t.After(w.to)
}

// madeByRun reports whether the change of the file at p looks like the
// doing of the programs that ran in w: it changed while they ran. A
// lesson (a Markdown file) never does: saving one while programs run is
// what a person does, and must cancel the outdated build. A program
// that rewrites a lesson is left to the content filter and maxCancels.
func madeByRun(w *runWindow, p string) bool {
	return filepath.Ext(p) != ".md" && w.covers(changeTime(p))
}

// changeTime is when the file at p last changed: its modification time,
// or now when it is gone.
func changeTime(p string) time.Time {
	if fi, err := os.Stat(p); err == nil {
		return fi.ModTime()
	}
	return time.Now()
}
