package book

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

const twoParts = "---\ntitle: T\n---\n\nIntro.\n\n```go name=p race gomaxprocs=1,2 args=\"a b\" timeout=3s\npackage main\n\nfunc main() {\n```\n\nProse between.\n\n```go name=p exclusive trace\n\tpanic(1)\n}\n```\n"

func mustParse(t testing.TB, file, src string) *Lesson {
	t.Helper()
	l, err := ParseLesson(file, []byte(src))
	if err != nil {
		t.Fatalf("ParseLesson: %v", err)
	}
	return l
}

func TestMapPositions(t *testing.T) {
	t.Parallel()
	p := mustParse(t, "lessons/x.md", twoParts).Programs[0]
	// Part 1's code starts on line 8, part 2's on line 16.
	tests := []struct{ in, out string }{
		{"wbpart1.go:1:1: x", "lessons/x.md:8:1: x"},
		{"./wbpart1.go:3:6: undefined: y", "lessons/x.md:10:6: undefined: y"},
		{"\t/tmp/go-build123/wbpart2.go:1 +0x1d", "\tlessons/x.md:16 +0x1d"},
		{"vet: wbpart2.go:2:1: a\nwbpart1.go:2: b", "vet: lessons/x.md:17:1: a\nlessons/x.md:9: b"},
		{"wbpart3.go:1:1: no such part", "wbpart3.go:1:1: no such part"},
		{"wbpart0.go:1: no such part", "wbpart0.go:1: no such part"},
		{"main.go:4:2: untouched", "main.go:4:2: untouched"},
		{"(wbpart1.go:2)", "(lessons/x.md:9)"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := p.MapPositions(tt.in); got != tt.out {
			t.Errorf("MapPositions(%q) = %q, want %q", tt.in, got, tt.out)
		}
	}
}

func TestSourceIgnoresProse(t *testing.T) {
	t.Parallel()
	a := mustParse(t, "lessons/a.md", twoParts).Programs[0]
	moved := strings.Replace(twoParts, "Intro.", "A much longer\nintroduction\nover several lines.", 1)
	moved = strings.Replace(moved, "Prose between.", "Other\nprose.", 1)
	b := mustParse(t, "lessons/b.md", moved).Programs[0]
	if !bytes.Equal(a.Source(), b.Source()) {
		t.Errorf("sources differ after a prose edit:\n%s\n---\n%s", a.Source(), b.Source())
	}
	want := "//line wbpart1.go:1:1\npackage main\n\nfunc main() {\n//line wbpart2.go:1:1\n\tpanic(1)\n}\n"
	if got := string(a.Source()); got != want {
		t.Errorf("Source() =\n%s\nwant:\n%s", got, want)
	}
	if got := b.MapPositions("wbpart2.go:1"); got != "lessons/b.md:19" {
		t.Errorf("moved part maps to %s, want lessons/b.md:19", got)
	}
}

func TestSourceEndsParts(t *testing.T) {
	t.Parallel()
	// An unclosed fence at the end of a file has no final newline.
	l := mustParse(t, "x.md", "---\ntitle: t\n---\n```go\npackage main\nfunc main() {}")
	src := string(l.Programs[0].Source())
	if !strings.HasSuffix(src, "func main() {}\n") {
		t.Errorf("Source() = %q, want a final newline", src)
	}
}

func TestRunnerProgram(t *testing.T) {
	t.Parallel()
	p := mustParse(t, "lessons/x.md", twoParts).Programs[0]
	r := p.RunnerProgram()
	if !bytes.Equal(r.Source, p.Source()) || r.NoRun || !r.Race || !r.Exclusive || !r.Trace ||
		r.Timeout != 3*time.Second || !slices.Equal(r.GOMAXPROCS, []int{1, 2}) || !slices.Equal(r.Args, []string{"a", "b"}) {
		t.Errorf("RunnerProgram() = %+v", r)
	}
}

func TestOmitted(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]bool{
		"x := 1 // OMIT":      true,
		"x := 1 // OMIT  \t":  true,
		"x := 1 // OMIT\n":    true,
		"// OMIT":             true,
		"x := 1 // OMIT this": false,
		"x := 1 //OMIT":       false,
		"x := 1":              false,
	} {
		if got := Omitted(line); got != want {
			t.Errorf("Omitted(%q) = %v, want %v", line, got, want)
		}
	}
}

func TestSplitInfo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		info string
		want []word
	}{
		{"go", []word{{"go", 0}}},
		{"go  name=x\tnorun", []word{{"go", 0}, {"name=x", 4}, {"norun", 11}}},
		{`go args="a b" race`, []word{{"go", 0}, {`args="a b"`, 3}, {"race", 14}}},
		{`go args="a \" b"`, []word{{"go", 0}, {`args="a \" b"`, 3}}},
		{`go args="open`, []word{{"go", 0}, {`args="open`, 3}}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitInfo(tt.info); !slices.Equal(got, tt.want) {
			t.Errorf("splitInfo(%q) = %v, want %v", tt.info, got, tt.want)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	l := ErrorList{
		{File: "b.md", Line: 2, Msg: "second"},
		{File: "a.md", Line: 9, Col: 4, Msg: "first"},
		{File: "b.md", Line: 1, Msg: "third"},
	}
	want := "a.md:9:4: first\nb.md:1: third\nb.md:2: second"
	if got := l.Err().Error(); got != want {
		t.Errorf("ErrorList:\n%s\nwant:\n%s", got, want)
	}
	if (ErrorList{}).Err() != nil {
		t.Errorf("empty ErrorList.Err() != nil")
	}
}

func TestSourceBlanksFrontMatter(t *testing.T) {
	t.Parallel()
	src := "\uFEFF---\ntitle: Ünïcode\n---\n# Heading\n"
	l := mustParse(t, "x.md", src)
	want := "   " + "   \n" + strings.Repeat(" ", len("title: Ünïcode")) + "\n   \n# Heading\n"
	if string(l.Source) != want {
		t.Errorf("Source = %q, want %q", l.Source, want)
	}
	if l.Meta.Title != "Ünïcode" {
		t.Errorf("title = %q", l.Meta.Title)
	}
}
