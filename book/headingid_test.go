package book

import (
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestHeadingIDsKeepClearOfPrograms(t *testing.T) {
	t.Parallel()
	src := "---\ntitle: T\n---\n\n## Hello\n\n## Hello result\n\n## H hello\n\n## Other\n\n" +
		"```go name=hello\npackage main\n\nfunc main() {}\n```\n"
	l, err := ParseLesson("lessons/a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	ast.Walk(l.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			id, _ := h.AttributeString("id")
			got = append(got, string(id.([]byte)))
		}
		return ast.WalkContinue, nil
	})
	want := []string{"h2-hello", "h-hello-result", "h-hello", "other"} // "## H hello" owns h-hello
	if len(got) != len(want) {
		t.Fatalf("heading ids %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("heading %d: id %q, want %q (all: %q)", i, got[i], want[i], got)
		}
	}
}
