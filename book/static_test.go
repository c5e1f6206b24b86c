package book

import (
	"maps"
	"slices"
	"testing"
	"testing/fstest"
)

func TestLoadCollectsImages(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"a.md":              {Data: []byte("---\ntitle: A\n---\n\n![a diagram](img/flow.svg)\n")},
		"img/flow.svg":      {Data: []byte("<svg/>")},
		"cover.PNG":         {Data: []byte("png")},
		"notes.txt":         {Data: []byte("not published")},
		".drafts/x.png":     {Data: []byte("hidden folder")},
		".hidden.png":       {Data: []byte("dot file")},
		"img/deep/more.jpg": {Data: []byte("jpg")},
	}
	b, err := Load(fsys, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(maps.Keys(b.Files))
	want := []string{"cover.PNG", "img/deep/more.jpg", "img/flow.svg"}
	if !slices.Equal(got, want) {
		t.Errorf("Files = %q, want %q", got, want)
	}
	if string(b.Files["img/flow.svg"]) != "<svg/>" {
		t.Errorf("img/flow.svg holds %q", b.Files["img/flow.svg"])
	}
}
