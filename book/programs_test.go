package book

import (
	"testing"
	"testing/fstest"
)

// TestProgramsIncludesIndex checks that the home page's programs come
// first in the one list every command uses, then each lesson's in order.
func TestProgramsIncludesIndex(t *testing.T) {
	t.Parallel()
	prog := func(name string) string {
		return "```go name=" + name + "\npackage main\n\nfunc main() {}\n```\n"
	}
	fsys := fstest.MapFS{
		"index.md":  {Data: []byte("# Home\n\n" + prog("home"))},
		"02-b.md":   {Data: []byte("---\ntitle: B\n---\n\n" + prog("b1") + "\n" + prog("b2"))},
		"01-a.md":   {Data: []byte("---\ntitle: A\n---\n\n" + prog("a"))},
		"notes.txt": {Data: []byte("not a lesson")},
	}
	b, err := Load(fsys, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Programs() {
		got = append(got, p.Lesson.Slug+"#"+p.ID)
	}
	want := []string{"index#home", "01-a#a", "02-b#b1", "02-b#b2"}
	if len(got) != len(want) {
		t.Fatalf("Programs() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Programs() = %v, want %v", got, want)
		}
	}
	if pages := b.Pages(); len(pages) != 3 || pages[0] != b.Index {
		t.Fatalf("Pages() = %d pages, first %v; want 3, index first", len(pages), pages[0].File)
	}
}
