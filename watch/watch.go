package watch

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch timings. Editors save in bursts (vim: rename, create, write,
// chmod, remove the backup; within about a millisecond), so a change is
// acted on once the folder has been quiet for watchQuiet; a stream of
// saves is still acted on every watchMaxWait. A change that leaves a
// path missing (a delete, a rename, or a save by rename caught halfway)
// waits watchSettle more once, so a save by rename is never built as a
// deletion. The polling interval is mdBook's choice of default order:
// short enough to feel live, long enough to cost nothing measurable.
const (
	watchQuiet    = 15 * time.Millisecond
	watchMaxWait  = 400 * time.Millisecond
	watchSettle   = 150 * time.Millisecond
	pollInterval  = 500 * time.Millisecond
	fsnotifyQueue = 1024 // events buffered in user space before the kernel's queue
)

// A Watcher reports changes under a folder and every folder below it:
// with fsnotify where it can, by polling where it cannot (or when asked).
// Root and Notify are required.
type Watcher struct {
	// Root is the folder to watch.
	Root string
	// Poll polls for changes from the start instead of waiting for
	// events. The watcher polls anyway where events do not work.
	Poll bool
	// Interval is the polling period. Default: 500 ms.
	Interval time.Duration
	// Log receives warnings (falling back to polling, lost events).
	// Default: discarded.
	Log *slog.Logger
	// Notify receives each batch of changes: the paths that changed, or
	// full when anything may have (an overflowed event queue). It is
	// called from Run's goroutine, one batch at a time.
	Notify func(paths []string, full bool)
}

// errRootGone stops event watching when the watched folder itself is
// removed or renamed: its watch is gone with it.
var errRootGone = errors.New("the lessons folder was removed or renamed")

// Run watches until ctx is done. The zero fields of w are set to their
// defaults.
func (w *Watcher) Run(ctx context.Context) {
	if w.Interval <= 0 {
		w.Interval = pollInterval
	}
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	if !w.Poll {
		if why := unwatchable(w.Root); why != "" {
			w.Log.Warn("polling for changes every "+w.Interval.String(), "folder", w.Root, "why", why)
			w.Poll = true
		}
	}
	if !w.Poll {
		fsw, err := fsnotify.NewBufferedWatcher(fsnotifyQueue)
		if err == nil {
			err = w.addTree(fsw, w.Root, nil)
			if err != nil {
				fsw.Close()
			}
		}
		if err != nil {
			w.Log.Warn("cannot watch for changes; polling every "+w.Interval.String()+" instead (-poll does this from the start)",
				"folder", w.Root, "why", explainWatchError(err))
		} else {
			err = w.events(ctx, fsw)
			if err == nil {
				return
			}
			w.Log.Warn("polling for changes every "+w.Interval.String(), "folder", w.Root, "why", err.Error())
			// Whatever appeared since the folder went is news.
			w.pollLoop(ctx, map[string]fileStamp{})
			return
		}
	}
	w.pollLoop(ctx, snapshot(w.Root))
}

// addTree watches dir and every folder under it. Paths of the folders
// found after the first (dir itself) go to found, if not nil: a folder
// that appears may already hold files, created before it was watched.
func (w *Watcher) addTree(fsw *fsnotify.Watcher, dir string, found *[]string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished meanwhile: its own event says so
		}
		if p != dir && ignoredName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if found != nil && p != dir {
			*found = append(*found, p)
		}
		if !d.IsDir() {
			return nil
		}
		return fsw.Add(p)
	})
}

// events handles fsnotify's events until ctx is done. It returns an
// error when events can no longer be trusted (the folder itself went).
func (w *Watcher) events(ctx context.Context, fsw *fsnotify.Watcher) error {
	defer fsw.Close()
	var b changeBatch
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var fire <-chan time.Time
	arm := func() {
		if b.first.IsZero() {
			b.first = time.Now()
		}
		d := min(watchQuiet, max(watchMaxWait-time.Since(b.first), 0))
		timer.Reset(d)
		fire = timer.C
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fsw.Events:
			if !ok {
				return nil
			}
			if ev.Name == w.Root && ev.Has(fsnotify.Remove|fsnotify.Rename) {
				w.Notify(nil, true)
				return errRootGone
			}
			if w.event(fsw, ev, &b) {
				arm()
			}
		case err, ok := <-fsw.Errors:
			if !ok {
				return nil
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				w.Log.Warn("watching", "error", err)
				continue
			}
			// Events were lost: anything may have changed, and folders
			// may have appeared unwatched.
			w.Log.Warn("too many changes at once for the event queue; rebuilding everything")
			b.full = true
			w.addTree(fsw, w.Root, nil)
			arm()
		case <-fire:
			fire = nil
			if !b.settled && b.missing() {
				b.settled = true
				timer.Reset(watchSettle)
				fire = timer.C
				continue
			}
			if len(b.paths) > 0 || b.full {
				w.Notify(b.list(), b.full)
			}
			b = changeBatch{}
		}
	}
}

// event records one fsnotify event and reports whether it counts.
func (w *Watcher) event(fsw *fsnotify.Watcher, ev fsnotify.Event, b *changeBatch) bool {
	if ev.Op == fsnotify.Chmod || ignoredName(filepath.Base(ev.Name)) {
		return false
	}
	if ev.Has(fsnotify.Remove | fsnotify.Rename) {
		// A folder moved within the tree keeps its watches under the old
		// names; drop them, and the folder's Create under its new name
		// watches it again.
		for _, p := range fsw.WatchList() {
			if p == ev.Name || strings.HasPrefix(p, ev.Name+string(filepath.Separator)) {
				fsw.Remove(p)
			}
		}
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			var found []string
			if err := w.addTree(fsw, ev.Name, &found); err != nil {
				w.Log.Warn("cannot watch a new folder; its changes will be missed until restart",
					"folder", ev.Name, "why", explainWatchError(err))
			}
			for _, p := range found {
				b.add(p)
			}
		}
	}
	b.record(ev)
	return true
}

// A changeBatch collects changes until the folder is quiet.
type changeBatch struct {
	paths   []string
	created map[string]bool // paths created during the batch
	full    bool
	first   time.Time // the first change of the batch
	settled bool      // already waited for missing paths
}

// record adds an event's path, except a file that came and went within
// the batch: a temporary file renamed over a lesson (sed -i, many
// editors' safe write) is news only under the lesson's name.
func (b *changeBatch) record(ev fsnotify.Event) {
	switch {
	case ev.Has(fsnotify.Create):
		if b.created == nil {
			b.created = map[string]bool{}
		}
		b.created[ev.Name] = true
	case ev.Has(fsnotify.Remove|fsnotify.Rename) && b.created[ev.Name]:
		delete(b.created, ev.Name)
		b.paths = slices.DeleteFunc(b.paths, func(p string) bool { return p == ev.Name })
		return
	}
	b.add(ev.Name)
}

func (b *changeBatch) add(p string) {
	if !slices.Contains(b.paths, p) {
		b.paths = append(b.paths, p)
	}
}

func (b *changeBatch) missing() bool {
	for _, p := range b.paths {
		if _, err := os.Lstat(p); err != nil {
			return true
		}
	}
	return false
}

func (b *changeBatch) list() []string {
	slices.Sort(b.paths)
	return b.paths
}

// pollLoop compares the folder with its last snapshot every interval.
func (w *Watcher) pollLoop(ctx context.Context, snap map[string]fileStamp) {
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			next := snapshot(w.Root)
			if changed := snapDiff(snap, next); len(changed) > 0 {
				w.Notify(changed, false)
			}
			snap = next
		}
	}
}

// fileStamp is what polling compares: a change to any of it is a change.
type fileStamp struct {
	size  int64
	mtime time.Time
	mode  fs.FileMode
}

func snapshot(root string) map[string]fileStamp {
	snap := map[string]fileStamp{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // missing root: an empty snapshot; it may come back
		}
		if p != root && ignoredName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			// A folder's time changes with any file in it, editors' temporary
			// files included; the files themselves say what changed.
			snap[p] = fileStamp{mode: fs.ModeDir}
		} else if fi, err := d.Info(); err == nil {
			snap[p] = fileStamp{fi.Size(), fi.ModTime(), fi.Mode()}
		}
		return nil
	})
	return snap
}

func snapDiff(old, cur map[string]fileStamp) []string {
	var changed []string
	for p, s := range cur {
		if o, ok := old[p]; !ok || o != s {
			changed = append(changed, p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			changed = append(changed, p)
		}
	}
	slices.Sort(changed)
	return changed
}

// ignoredName reports whether a file or folder name is an editor's
// temporary or backup file, or hidden (book.Load skips dotfiles too).
func ignoredName(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), // vim's .x.swp, emacs's .#x lock, .git, .DS_Store
		strings.HasSuffix(name, "~"), // backups
		name == "4913",               // vim's probe that the folder is writable
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), // emacs auto-save
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"), // JetBrains safe write
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".crswap"):
		return true
	}
	return false
}
