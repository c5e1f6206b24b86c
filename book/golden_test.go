package book

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/yuin/goldmark/ast"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txtar")

// TestGolden loads each testdata/*.txtar archive as a lessons folder and
// compares a dump of the book, or the error list, with its "want" file.
func TestGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			want := -1
			for i, f := range a.Files {
				if f.Name == "want" {
					want = i
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			got := dumpLoad(t, fsys)
			if *update {
				if want < 0 {
					a.Files = append(a.Files, txtar.File{Name: "want"})
					want = len(a.Files) - 1
				}
				a.Files[want].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(a), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want < 0 {
				t.Fatalf("no want section (run with -update)")
			}
			if w := string(a.Files[want].Data); got != w {
				t.Errorf("got:\n%s\nwant:\n%s", got, w)
			}
		})
	}
}

// dumpLoad loads fsys and describes the result in a stable, readable form.
func dumpLoad(t testing.TB, fsys fstest.MapFS) string {
	t.Helper()
	b, err := Load(fsys, "lessons")
	if err != nil {
		if _, ok := err.(ErrorList); !ok {
			t.Fatalf("Load returned %T, want ErrorList: %v", err, err)
		}
		return "error:\n" + err.Error() + "\n"
	}
	var w bytes.Buffer
	if b.GoMod != nil {
		fmt.Fprintf(&w, "go.mod: %d bytes\n", len(b.GoMod))
	}
	if b.GoSum != nil {
		fmt.Fprintf(&w, "go.sum: %d bytes\n", len(b.GoSum))
	}
	if b.Index != nil {
		dumpLesson(&w, b.Index)
	}
	for _, l := range b.Lessons {
		dumpLesson(&w, l)
	}
	if errs := b.CheckLinks(); len(errs) > 0 {
		fmt.Fprintf(&w, "broken links:\n%v\n", errs)
	}
	return w.String()
}

func dumpLesson(w *bytes.Buffer, l *Lesson) {
	m := l.Meta
	fmt.Fprintf(w, "lesson %s slug=%s title=%q weight=%d summary=%q\n", l.File, l.Slug, m.Title, m.Weight, m.Summary)
	for _, s := range m.Sources {
		fmt.Fprintf(w, "  source %+v\n", s)
	}
	for _, line := range sortedKeys(l.Snippets) {
		s := l.Snippets[line]
		fmt.Fprintf(w, "  snippet line=%d code=%d %s", s.Line, s.CodeLine, showAttrs(s.Attrs))
		if s.Program == nil {
			fmt.Fprintf(w, " (no program)\n")
		} else {
			fmt.Fprintf(w, " part %d of %s\n", indexOf(s.Program.Parts, s)+1, s.Program.ID)
		}
		if v := s.Visible(); v != s.Code {
			fmt.Fprintf(w, "    visible:\n%s", indent(v, "      "))
		}
	}
	for _, line := range sortedKeys(l.Outputs) {
		e := l.Outputs[line]
		fmt.Fprintf(w, "  output line=%d unordered=%v %q\n", e.Line, e.Unordered, e.Text)
	}
	for _, p := range l.Programs {
		fmt.Fprintf(w, "  program %s name=%q %s\n", p.ID, p.Name, showAttrs(p.Attrs))
		if p.Expect != nil {
			fmt.Fprintf(w, "    expect line=%d\n", p.Expect.Line)
		}
		fmt.Fprintf(w, "    source:\n%s", indent(string(p.Source()), "      "))
	}
	for _, ex := range l.Exercises {
		fmt.Fprintf(w, "  exercise %s starter=%s solution=%s broken=%v passes=%v\n", ex.Name, ex.Starter.ID, ex.Solution.ID, ex.Broken(), ex.Passes())
		if e := ex.Starter.Expect; e != nil {
			fmt.Fprintf(w, "    expect line=%d\n", e.Line)
		}
		for _, h := range ex.Hints {
			fmt.Fprintf(w, "    hint line=%d %q\n", h.Line, h.String())
		}
	}
	for _, f := range l.Figures() {
		fmt.Fprintf(w, "  figure %d:%d %s kind=%s program=%s procs=%d n=%d\n", f.Line, f.Col, f.Text, f.Kind, f.Program.ID, f.Procs, f.N)
	}
	dumpFigureText(w, l)
}

// dumpFigureText shows each paragraph, table cell or link that holds a
// figure as its text pieces and figures, to show how figures split text.
func dumpFigureText(w *bytes.Buffer, l *Lesson) {
	seen := map[ast.Node]bool{}
	_ = ast.Walk(l.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*FigureNode); !ok || !entering || seen[n.Parent()] {
			return ast.WalkContinue, nil
		}
		seen[n.Parent()] = true
		var pieces []string
		for c := n.Parent().FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *FigureNode:
				pieces = append(pieces, "["+c.Figure.Text+"]")
			case *ast.Text:
				s := fmt.Sprintf("%q", c.Segment.Value(l.Source))
				if c.SoftLineBreak() {
					s += "⏎"
				}
				pieces = append(pieces, s)
			default:
				pieces = append(pieces, "<"+c.Kind().String()+">")
			}
		}
		fmt.Fprintf(w, "  in %s: %s\n", n.Parent().Kind(), strings.Join(pieces, " "))
		return ast.WalkContinue, nil
	})
}

func showAttrs(a Attrs) string {
	return fmt.Sprintf("{name=%q norun=%v skip=%v exit=%d timeout=%v race=%v gomaxprocs=%v trace=%v exclusive=%v args=%q}",
		a.Name, a.NoRun, a.Skip, a.Exit, a.Timeout, a.Race, a.GOMAXPROCS, a.Trace, a.Exclusive, a.Args)
}

func indent(s, prefix string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		b.WriteString(prefix + line)
	}
	if s != "" && !strings.HasSuffix(s, "\n") {
		b.WriteString("⏎ (no newline)\n")
	}
	return b.String()
}

func sortedKeys[V any](m map[int]V) []int {
	return slices.Sorted(maps.Keys(m))
}
