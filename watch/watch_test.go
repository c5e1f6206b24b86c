package watch

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

type watchBatch struct {
	paths []string
	full  bool
}

// startWatcher watches dir and returns the batches it reports.
func startWatcher(t *testing.T, dir string, poll bool) (<-chan watchBatch, *syncBuffer) {
	t.Helper()
	ch := make(chan watchBatch, 100)
	logs := &syncBuffer{}
	w := &Watcher{Root: dir, Poll: poll, Interval: 50 * time.Millisecond, Log: slog.New(slog.NewTextHandler(logs, nil)),
		Notify: func(paths []string, full bool) { ch <- watchBatch{slices.Clone(paths), full} }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	time.Sleep(100 * time.Millisecond) // watches in place, first snapshot taken
	return ch, logs
}

// expectBatch waits for the next batch and checks it holds exactly want
// (relative to dir), ignoring folders.
func expectBatch(t *testing.T, ch <-chan watchBatch, dir string, want ...string) {
	t.Helper()
	select {
	case b := <-ch:
		var got []string
		for _, p := range b.paths {
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				continue
			}
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("batch = %q, want %q", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no change reported; want %q", want)
	}
}

// expectEventually waits for a batch holding path.
func expectEventually(t *testing.T, ch <-chan watchBatch, path string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case b := <-ch:
			if slices.Contains(b.paths, path) {
				return
			}
		case <-timeout:
			t.Fatalf("%s was not reported", path)
		}
	}
}

// drain forgets reported changes (a poll's late repeat of the last one).
func drain(ch <-chan watchBatch) {
	time.Sleep(150 * time.Millisecond)
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func expectNothing(t *testing.T, ch <-chan watchBatch) {
	t.Helper()
	select {
	case b := <-ch:
		t.Errorf("unexpected batch %q", b.paths)
	case <-time.After(400 * time.Millisecond):
	}
}

func TestWatchEvents(t *testing.T) {
	testWatch(t, false)
}

func TestWatchPolling(t *testing.T) {
	testWatch(t, true)
}

func testWatch(t *testing.T, poll bool) {
	dir := t.TempDir()
	md := filepath.Join(dir, "a.md")
	writeLessonFile(t, md, "one")
	ch, _ := startWatcher(t, dir, poll)
	// Events report exactly what changed. A poll may fall in the middle
	// of a save (between truncating and writing, or before a rename) and
	// report it twice, so there each change must only show up.
	expect := func(t *testing.T, rel string) {
		t.Helper()
		if poll {
			expectEventually(t, ch, filepath.Join(dir, filepath.FromSlash(rel)))
		} else {
			expectBatch(t, ch, dir, rel)
		}
	}

	t.Run("save", func(t *testing.T) {
		writeLessonFile(t, md, "two")
		expect(t, "a.md")
	})
	t.Run("new folder", func(t *testing.T) {
		writeLessonFile(t, filepath.Join(dir, "sub", "deep", "b.md"), "b")
		expect(t, "sub/deep/b.md")
		// The new folders are watched too.
		writeLessonFile(t, filepath.Join(dir, "sub", "deep", "b.md"), "b2")
		expect(t, "sub/deep/b.md")
	})
	t.Run("save by rename", func(t *testing.T) {
		tmp := filepath.Join(dir, "sedX1Y2Z3")
		writeLessonFile(t, tmp, "three")
		if err := os.Rename(tmp, md); err != nil {
			t.Fatal(err)
		}
		expect(t, "a.md")
	})
	t.Run("vim", func(t *testing.T) {
		// vim with backupcopy=no: probe, move the file to a backup, write
		// anew, drop the backup; its swap file changes all along.
		writeLessonFile(t, filepath.Join(dir, ".a.md.swp"), "swap")
		writeLessonFile(t, filepath.Join(dir, "4913"), "")
		os.Remove(filepath.Join(dir, "4913"))
		if err := os.Rename(md, md+"~"); err != nil {
			t.Fatal(err)
		}
		writeLessonFile(t, md, "four")
		os.Remove(md + "~")
		os.Remove(filepath.Join(dir, ".a.md.swp"))
		expect(t, "a.md")
	})
	t.Run("temp files only", func(t *testing.T) {
		drain(ch)
		for _, name := range []string{".a.md.swp", "a.md~", "#a.md#", "a.md___jb_tmp___", ".#a.md"} {
			writeLessonFile(t, filepath.Join(dir, name), "x")
		}
		expectNothing(t, ch)
	})
	t.Run("rename folder", func(t *testing.T) {
		drain(ch)
		if err := os.Rename(filepath.Join(dir, "sub"), filepath.Join(dir, "moved")); err != nil {
			t.Fatal(err)
		}
		select {
		case <-ch: // the rename itself
		case <-time.After(10 * time.Second):
			t.Fatal("the folder's rename was not reported")
		}
		writeLessonFile(t, filepath.Join(dir, "moved", "deep", "b.md"), "b3")
		expect(t, "moved/deep/b.md")
	})
	t.Run("delete", func(t *testing.T) {
		if err := os.Remove(md); err != nil {
			t.Fatal(err)
		}
		select {
		case b := <-ch:
			if !slices.Contains(b.paths, md) {
				t.Errorf("batch %q lacks the deleted file", b.paths)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the deletion was not reported")
		}
	})
}

// TestWatchOverflow: when the event queue overflows, everything is
// rebuilt.
func TestWatchOverflow(t *testing.T) {
	dir := t.TempDir()
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan watchBatch, 10)
	w := &Watcher{Root: dir, Log: slog.New(slog.DiscardHandler), Notify: func(p []string, full bool) { ch <- watchBatch{p, full} }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := w.addTree(fsw, dir, nil); err != nil {
		t.Fatal(err)
	}
	go w.events(ctx, fsw)
	fsw.Errors <- fmt.Errorf("reading events: %w", fsnotify.ErrEventOverflow)
	select {
	case b := <-ch:
		if !b.full {
			t.Errorf("after an overflow: %+v, want a full rebuild", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("an overflow was not reported")
	}
}

// TestWatchRootGone: when the lessons folder itself goes, events cannot
// follow it; polling notices when it is back.
func TestWatchRootGone(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "lessons")
	writeLessonFile(t, filepath.Join(dir, "a.md"), "a")
	ch, logs := startWatcher(t, dir, false)
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-ch:
		if !b.full {
			t.Errorf("the folder went: %+v, want a full rebuild", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the folder's removal was not reported")
	}
	writeLessonFile(t, filepath.Join(dir, "a.md"), "back")
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("the folder's return was not noticed; log:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "polling") {
		t.Errorf("the log does not say it fell back to polling:\n%s", logs)
	}
}

func TestExplainWatchError(t *testing.T) {
	err := fmt.Errorf("adding /x: %w", syscall.ENOSPC)
	if got := explainWatchError(err); !strings.Contains(got, "max_user_watches") || !strings.Contains(got, "no space left on device") {
		t.Errorf("ENOSPC explained as %q", got)
	}
	if got := explainWatchError(syscall.EMFILE); !strings.Contains(got, "max_user_instances") {
		t.Errorf("EMFILE explained as %q", got)
	}
}

func TestIgnoredName(t *testing.T) {
	for name, want := range map[string]bool{
		"01-a.md": false, "go.mod": false, "img": false, "4913x": false,
		".01-a.md.swp": true, ".#01-a.md": true, "#01-a.md#": true, "01-a.md~": true, "4913": true,
		"01-a.md___jb_tmp___": true, "01-a.md___jb_old___": true, ".git": true, "x.swx": true,
	} {
		if got := ignoredName(name); got != want {
			t.Errorf("ignoredName(%q) = %v, want %v", name, got, want)
		}
	}
}

// syncBuffer is a log destination that tests read while the watcher writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// writeLessonFile writes a file, and the folders it needs.
func writeLessonFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
