package book

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

const shapesLesson = "---\ntitle: T\n---\n\n" +
	"```go name=s\npackage main\n\nimport \"example/shapes\"\n```\n\n" +
	"```go name=s file=shapes/shapes.go\npackage shapes\n\nfunc Area(w, h int) int { return w * h }\n```\n\n" +
	"```go name=s file=greet.go\npackage main\n\nfunc greet() string { return \"hi\" }\n```\n\n" +
	"```go name=s\nfunc main() { println(greet(), shapes.Area(2, 3)) }\n```\n"

func TestGoFiles(t *testing.T) {
	p := mustParse(t, "lessons/x.md", shapesLesson).Programs[0]
	if got := string(p.Source()); got != "//line wbpart1.go:1:1\npackage main\n\nimport \"example/shapes\"\n//line wbpart4.go:1:1\nfunc main() { println(greet(), shapes.Area(2, 3)) }\n" {
		t.Errorf("Source() =\n%s", got)
	}
	files := p.GoFiles()
	if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, []string{"greet.go", "shapes/shapes.go"}) {
		t.Fatalf("GoFiles() has %q", got)
	}
	if got := string(files["shapes/shapes.go"]); !strings.HasPrefix(got, "//line wbpart2.go:1:1\npackage shapes\n") {
		t.Errorf("shapes/shapes.go =\n%s", got)
	}
	// Part 2's code starts on line 12: positions in any file map back.
	if got := p.MapPositions("shapes/wbpart2.go:3:6: x"); got != "lessons/x.md:14:6: x" {
		t.Errorf("MapPositions = %q", got)
	}
	rp := p.RunnerProgram()
	if len(rp.GoFiles) != 2 || string(rp.Source) != string(p.Source()) {
		t.Errorf("RunnerProgram leaves out files: %d", len(rp.GoFiles))
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct{ blocks, want string }{
		{"```go name=a file=x.go\npackage x\n```\n", `program "a" has no main.go`},
		{"```go name=a\npackage main\n```\n\n```go name=a file=x.go\nfunc f() {}\n```\n", `part 2 of program "a" begins x.go, so it must start with a package clause`},
		{"```go name=a file=x.go\npackage main\n```\n\n```go name=a\nfunc main() {}\n```\n", `part 2 of program "a" begins main.go, so it must start with package main`},
		{"```go file=x.txt\npackage main\n```\n", `bad file=x.txt: want a Go file name`},
		{"```go file=x_test.go\npackage main\n```\n", `is a test file`},
		{"```go file=../x.go\npackage main\n```\n", `outside the lesson's folder`},
		{"```go file=testdata/x.go\npackage main\n```\n", `testdata folder`},
	}
	for _, tt := range tests {
		_, err := ParseLesson("lessons/x.md", []byte("---\ntitle: T\n---\n\n"+tt.blocks))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.blocks, err, tt.want)
		}
	}
}

func TestFileMayDifferBetweenParts(t *testing.T) {
	p := mustParse(t, "lessons/x.md", shapesLesson).Programs[0]
	if p.Attrs.File != "" {
		t.Errorf("the program took a part's file=%s", p.Attrs.File)
	}
}
