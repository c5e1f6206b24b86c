package site

import (
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// TestPlaygroundOwnModules: a program that imports a package of the
// book's own module, or of a module its go.mod replaces with a folder,
// gets no Playground link (the Playground cannot fetch them); one that
// imports a published module keeps its link.
func TestPlaygroundOwnModules(t *testing.T) {
	prog := func(name, imp string) string {
		return "```go name=" + name + "\npackage main\n\nimport (\n\t\"fmt\"\n\n\t\"" + imp + "\"\n)\n\nfunc main() { fmt.Println(x.Y) }\n```\n\n"
	}
	lesson := "---\ntitle: Mods\n---\n\n" +
		prog("own", "example.com/book/util") + prog("replaced", "example.com/mylib/shell") +
		prog("published", "golang.org/x/text/language") +
		"```go name=plain\npackage main\n\nfunc main() {}\n```\n"
	gomod := "module example.com/book\n\ngo 1.24\n\nrequire example.com/mylib v0.0.0\n\nreplace example.com/mylib => ../mylib\n"
	// The go.mod in the lessons folder, or above it (the runner's).
	inFolder, err := book.Load(fstest.MapFS{"01-mods.md": {Data: []byte(lesson)}, "go.mod": {Data: []byte(gomod)}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	above, err := book.Load(fstest.MapFS{"01-mods.md": {Data: []byte(lesson)}}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		b    *book.Book
		opt  RenderOptions
	}{
		{"go.mod in the lessons folder", inFolder, RenderOptions{}},
		{"go.mod above it", above, RenderOptions{GoMod: GoModuleOf(&runner.Runner{GoMod: []byte(gomod)})}},
	} {
		r := newPages(c.b, nil, c.opt)
		for _, p := range c.b.Programs() {
			want := p.ID == "published" || p.ID == "plain"
			if got := r.playable(p); got != want {
				t.Errorf("%s: program %s: Playground link %v, want %v", c.name, p.ID, got, want)
			}
		}
		if len(c.b.Programs()) != 4 {
			t.Fatalf("%d programs, want 4", len(c.b.Programs()))
		}
	}
}
