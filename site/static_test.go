package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestBuildPublishesImages(t *testing.T) {
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
