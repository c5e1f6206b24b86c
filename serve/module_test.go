package serve

import (
	"path/filepath"
	"sync"
	"testing"
)

// moduleRunner is a scriptRunner whose module can change under serve, as
// a go get at the repository root or an edit of a replaced library does.
type moduleRunner struct {
	*scriptRunner
	mu  sync.Mutex
	key string
}

func (m *moduleRunner) ModuleKey() (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.key, nil
}

// TestServeModuleChange: when the book's module changes, the next build
// runs the programs again instead of serving remembered results.
func TestServeModuleChange(t *testing.T) {
	r := &moduleRunner{scriptRunner: newScriptRunner(), key: "v1"}
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", goBlock("", "hello"))})
	ts := startServer(t, dir, r, nil)
	ev := ts.events()
	nextEvent(t, ev, "hello")
	if n := r.total(); n != 1 {
		t.Fatalf("the first build ran %d programs, want 1", n)
	}
	r.mu.Lock()
	r.key = "v2"
	r.mu.Unlock()
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", "Edited.\n\n"+goBlock("", "hello")))
	nextEvent(t, ev, "reload")
	if n := r.total(); n != 2 {
		t.Errorf("after the module changed, a rebuild ran %d programs in all, want 2", n)
	}
}
