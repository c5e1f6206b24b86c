package serve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"time"
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

// watchModule looks at the book's module files above the lessons
// folder (moduleFiles) every interval, and hands those that changed to
// notify, as the watcher does the lessons': a go.mod made, edited or
// removed there changes how programs build. A few stats a second, in
// every mode: events for one file in a folder elsewhere are not worth a
// watch on the folder.
func watchModule(ctx context.Context, dir string, interval time.Duration, notify func(paths []string, full bool)) {
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
