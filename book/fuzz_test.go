package book

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// FuzzParseLesson checks that no input makes the parser panic and that
// every problem it reports has a position inside the file.
func FuzzParseLesson(f *testing.F) {
	archives, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range archives {
		a, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range a.Files {
			if strings.HasSuffix(af.Name, ".md") {
				f.Add(af.Name, af.Data)
			}
		}
	}
	lessons, _ := filepath.Glob("../lessons/*.md")
	for _, file := range lessons {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(file), data)
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		file := "lessons/" + name
		l, err := ParseLesson(file, src)
		nlines := bytes.Count(src, []byte("\n")) + 1
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("error is %T %v, want a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if e.File != file || e.Line < 1 || e.Line > nlines || e.Col < 0 || e.Msg == "" {
					t.Errorf("error outside the file (%d lines): %#v", nlines, e)
				}
				if e.Col > 0 && e.Col > len(line(src, e.Line))+1 {
					t.Errorf("column past the end of line %d: %#v", e.Line, e)
				}
			}
			return
		}
		if len(l.Source) != len(src) {
			t.Fatalf("Source has %d bytes, file %d", len(l.Source), len(src))
		}
		for _, p := range l.Programs {
			if !bytes.HasPrefix(p.Source(), []byte("//line wbpart1.go:1:1\n")) {
				t.Errorf("program %s source starts %q", p.ID, p.Source())
			}
			for _, s := range p.Parts {
				if s.Line < 1 || s.Line > nlines || s.CodeLine <= s.Line {
					t.Errorf("part of %s at line %d, code line %d, in %d lines", p.ID, s.Line, s.CodeLine, nlines)
				}
			}
		}
	})
}

// line returns the text of 1-based line n of src.
func line(src []byte, n int) []byte {
	lines := bytes.Split(src, []byte("\n"))
	return lines[n-1]
}
