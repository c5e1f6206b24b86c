package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/workbook-dev/workbook/internal/stale"
)

func TestBuildPublishesImages(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
	lessons["img/flow.svg"] = &fstest.MapFile{Data: svg, Mode: 0o644}
	lessons["draft.txt"] = &fstest.MapFile{Data: []byte("not published"), Mode: 0o644}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{Lessons: lessons, Out: out, Runner: fake}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, "img", "flow.svg"))
	if err != nil || string(got) != string(svg) {
		t.Errorf("img/flow.svg in the site: %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(out, "draft.txt")); err == nil {
		t.Error("a text file of the lessons folder was published")
	}
}

// A rebuild replaces -out as a whole, so it must refuse when a person put
// something there; and it must keep working when nothing was added.
func TestBuildKeepsWhatItDidNotWrite(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	out := filepath.Join(t.TempDir(), "public")
	build := func() error {
		_, err := Build(context.Background(), Config{Lessons: lessons, Out: out, Runner: fake})
		return err
	}
	if err := build(); err != nil {
		t.Fatal(err)
	}
	if err := build(); err != nil {
		t.Fatalf("rebuilding our own site: %v", err)
	}
	for name, data := range map[string]string{"CNAME": "example.com\n", ".git/HEAD": "ref: refs/heads/gh-pages\n", "notes.txt": "mine"} {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := build()
	if err == nil {
		t.Fatal("a rebuild replaced a folder holding files it did not write")
	}
	for _, name := range []string{"CNAME", ".git", "notes.txt"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("the error does not name %s: %v", name, err)
		}
		if _, serr := os.Stat(filepath.Join(out, name)); serr != nil {
			t.Errorf("%s is gone: %v", name, serr)
		}
	}
}

// Folders left by a build that was killed are removed by a later build
// once they are old; a recent one may belong to a build still running.
func TestBuildRemovesStaleFolders(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	parent := t.TempDir()
	left, fresh := filepath.Join(parent, ".public.new-111"), filepath.Join(parent, ".public.new-222")
	for _, d := range []string{left, fresh} {
		if err := os.MkdirAll(filepath.Join(d, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * stale.After)
	if err := os.Chtimes(left, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Config{Lessons: lessons, Out: filepath.Join(parent, "public"), Runner: fake}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); err == nil {
		t.Error("a left build folder was left in place")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a recent build folder was removed: %v", err)
	}
}
