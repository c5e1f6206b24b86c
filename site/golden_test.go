package site

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

var update = flag.Bool("update", false, "rewrite want.html in testdata/*.txtar")

// TestGolden renders the lesson.md of each testdata/*.txtar archive with
// the results in its results.json ("slug#id" → runner.Result) and
// compares the lesson's HTML with want.html.
func TestGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			a := readArchive(t, file)
			l, err := book.ParseLesson("lessons/"+name+".md", archiveFile(t, a, "lesson.md"))
			if err != nil {
				t.Fatalf("parsing lesson: %v", err)
			}
			byID := map[string]*runner.Result{}
			if err := json.Unmarshal(archiveFile(t, a, "results.json"), &byID); err != nil {
				t.Fatalf("results.json: %v", err)
			}
			results := map[*book.Program]*runner.Result{}
			for _, p := range l.Programs {
				if r := byID[l.Slug+"#"+p.ID]; r != nil {
					results[p] = r
				}
			}
			b := &book.Book{Dir: "lessons", Lessons: []*book.Lesson{l}}
			got, err := newPages(b, results, RenderOptions{}).body(l)
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				setFile(a, "want.html", []byte(got))
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := archiveFile(t, a, "want.html")
			if !bytes.Equal([]byte(got), want) {
				t.Errorf("lesson HTML differs from want.html (go test ./site -run Golden -update to accept):\n%s", lineDiff(string(want), string(got)))
			}
		})
	}
}

func setFile(a *txtar.Archive, name string, data []byte) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = data
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: data})
}

// lineDiff shows the first differing lines of want and got.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl == gl {
			continue
		}
		b.WriteString("line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl + "\n")
		if shown++; shown == 5 {
			break
		}
	}
	return b.String()
}
