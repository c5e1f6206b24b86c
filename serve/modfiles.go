package serve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// moduleFiles are the files the book's programs are built with that the
// watcher of the lessons folder does not see: go.mod and go.sum in each
// folder above it, up to the first that has a go.mod (where the go
// command stops looking). None when the lessons folder has its own.
func moduleFiles(dir string) []string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(abs, "go.mod")); err == nil {
		return nil
	}
	var files []string
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		files = append(files, filepath.Join(d, "go.mod"), filepath.Join(d, "go.sum"))
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil || filepath.Dir(d) == d {
			return files
		}
	}
}

// A fileMark is what a stat says of a file: enough to see it changed.
type fileMark struct {
	exists bool
	size   int64
	mod    time.Time
}

func markOf(p string) fileMark {
	fi, err := os.Stat(p)
	if err != nil {
		return fileMark{}
	}
	return fileMark{true, fi.Size(), fi.ModTime()}
}

// watchModule watches the book's module files above the lessons folder
// (moduleFiles) and hands those that changed to notify, as the watcher
// does the lessons': a go.mod made, edited or removed there changes how
// programs build. It watches the folders that hold them, for events on
// those names only, and looks again at which folders those are after
// each; with poll (or when the system cannot watch) it looks at the
// files every interval instead.
func watchModule(ctx context.Context, dir string, poll bool, interval time.Duration, notify func(paths []string, full bool)) {
	if !poll {
		if fsw, err := fsnotify.NewWatcher(); err == nil {
			defer fsw.Close()
			watchModuleEvents(ctx, fsw, dir, notify)
			return
		}
	}
	marks := map[string]fileMark{}
	look := func() []string {
		var changed []string
		files := moduleFiles(dir)
		for _, p := range files {
			m := markOf(p)
			if old, seen := marks[p]; seen && old != m {
				changed = append(changed, p)
			}
			marks[p] = m
		}
		for p := range marks {
			if !slices.Contains(files, p) {
				delete(marks, p) // the search stops lower now
			}
		}
		return changed
	}
	look()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if changed := look(); len(changed) > 0 {
				notify(changed, false)
			}
		}
	}
}

// watchModuleEvents is watchModule with fsw. Events on the module files
// are handed on together once they have stopped for a moment, as an
// editor's save is often several.
func watchModuleEvents(ctx context.Context, fsw *fsnotify.Watcher, dir string, notify func(paths []string, full bool)) {
	watched := map[string]bool{}
	follow := func() {
		want := map[string]bool{}
		for _, f := range moduleFiles(dir) {
			want[filepath.Dir(f)] = true
		}
		for d := range watched {
			if !want[d] {
				fsw.Remove(d)
				delete(watched, d)
			}
		}
		for d := range want {
			if !watched[d] && fsw.Add(d) == nil {
				watched[d] = true
			}
		}
	}
	follow()
	var pending []string
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-fsw.Events:
			if !ok {
				return
			}
			if base := filepath.Base(ev.Name); base != "go.mod" && base != "go.sum" {
				continue
			}
			if !slices.Contains(pending, ev.Name) {
				pending = append(pending, ev.Name)
			}
			quiet.Reset(50 * time.Millisecond)
		case <-fsw.Errors:
		case <-quiet.C:
			follow()
			notify(pending, false)
			pending = nil
		}
	}
}
