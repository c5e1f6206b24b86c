package book

import (
	"testing"
	"testing/fstest"
)

func TestIsLessonsFolder(t *testing.T) {
	t.Parallel()
	lesson := &fstest.MapFile{Data: []byte("---\ntitle: One\n---\n\nText.\n")}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want bool
	}{
		{"lessons", fstest.MapFS{"01-one.md": lesson, "index.md": {Data: []byte("# Home\n")}}, true},
		{"byte-order mark", fstest.MapFS{"01-one.md": {Data: append([]byte("\uFEFF"), lesson.Data...)}}, true},
		{"project root", fstest.MapFS{"README.md": {Data: []byte("# A project\n")}, "go.mod": {Data: []byte("module x\n")}}, false},
		{"only an index", fstest.MapFS{"index.md": lesson}, false},
		{"front matter without title", fstest.MapFS{"post.md": {Data: []byte("---\nlayout: post\n---\n")}}, false},
		{"unclosed front matter", fstest.MapFS{"a.md": {Data: []byte("---\ntitle: x\n")}}, false},
		{"lesson in a sub-folder only", fstest.MapFS{"lessons/01-one.md": lesson}, false},
		{"home page and chapters", fstest.MapFS{"index.md": {Data: []byte("# Home\n")}, "ch1/01-one.md": lesson}, true},
		{"empty", fstest.MapFS{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsLessonsFolder(tt.fsys); got != tt.want {
				t.Errorf("IsLessonsFolder = %v, want %v", got, tt.want)
			}
		})
	}
}
