package serve

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
)

// A contentFilter drops reported changes that changed nothing: a file
// saved with the content it had, or written again with the same bytes by
// a program that runs at each build (a program that writes into the
// lessons folder would otherwise rebuild the site forever). It
// remembers each path's content as last reported, so the first report
// of a path always counts. It is used from the watcher's goroutine only.
type contentFilter struct {
	known map[string]contentState
}

// A contentState is a file's content hash, or that it is missing or a
// folder (whose changes always count: its files are reported apart).
type contentState struct {
	sum    [32]byte
	exists bool
}

// changed returns the paths whose content differs from what it was when
// last reported, and the others.
func (f *contentFilter) changed(paths []string) (changed, same []string) {
	if f.known == nil {
		f.known = map[string]contentState{}
	}
	for _, p := range paths {
		st, ok := contentOf(p)
		if !ok {
			delete(f.known, p)
			changed = append(changed, p)
			continue
		}
		if old, seen := f.known[p]; seen && old == st {
			same = append(same, p)
			continue
		}
		f.known[p] = st
		changed = append(changed, p)
	}
	return changed, same
}

// contentOf hashes the file at p; ok is false for a folder or a file
// that cannot be read.
func contentOf(p string) (contentState, bool) {
	data, err := os.ReadFile(p)
	switch {
	case err == nil:
		return contentState{sum: sha256.Sum256(data), exists: true}, true
	case errors.Is(err, fs.ErrNotExist):
		return contentState{}, true
	default:
		return contentState{}, false
	}
}
