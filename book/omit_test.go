package book

import (
	"slices"
	"strings"
	"testing"
)

func TestOmitRanges(t *testing.T) {
	src := "---\ntitle: T\n---\n\n```go\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\t// OMIT START\n\tx := 1\n\t_ = x\n\t// OMIT END\n\tfmt.Println() // OMIT\n\tfmt.Println(\"shown\")\n}\n```\n"
	s := mustParse(t, "lessons/x.md", src).Programs[0].Parts[0]
	want := []bool{false, false, false, false, false, true, true, true, true, true, false, false}
	if got := s.Hidden(); !slices.Equal(got, want) {
		t.Errorf("Hidden() = %v, want %v", got, want)
	}
	if got := s.Visible(); got != "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"shown\")\n}\n" {
		t.Errorf("Visible() =\n%s", got)
	}
}

func TestOmitErrors(t *testing.T) {
	tests := []struct{ body, want string }{
		{"func main() {\n\t// OMIT START\n\tprintln()\n}", "lessons/x.md:9: // OMIT START without an // OMIT END after it in this block"},
		{"func main() {\n\tprintln() // OMIT END\n}", "lessons/x.md:9: // OMIT END without an // OMIT START"},
		{"func main() {\n\t// OMIT START\n\t// OMIT START\n\t// OMIT END\n}", "lessons/x.md:10: // OMIT START inside the range started at line 9"},
		{"func main() {\n\tfor range 3 { // OMIT\n\t\tprintln()\n\t}\n}", "lessons/x.md:9: hidden lines (OMIT) leave the code shown of line-5 unparsable"},
		{"func main() {\n\tprintln()\n} // OMIT", "lessons/x.md:10: hidden lines (OMIT) leave the code shown of line-5 unparsable"},
	}
	for _, tt := range tests {
		src := "---\ntitle: T\n---\n\n```go\npackage main\n\n" + tt.body + "\n```\n"
		_, err := ParseLesson("lessons/x.md", []byte(src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.body, err, tt.want)
		}
	}
	// Hiding whole statements is fine, and so is hiding in code that does
	// not parse anyway (the compiler reports that).
	mustParse(t, "lessons/x.md", "---\ntitle: T\n---\n\n```go\npackage main\n\nfunc main() {\n\tprintln() // OMIT\n}\n```\n")
	mustParse(t, "lessons/x.md", "---\ntitle: T\n---\n\n```go\npackage main\n\nfunc main() { // OMIT\n```\n")
}
