package site

import (
	"fmt"
	"go/parser"
	"go/token"
	"html"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/workbook-dev/workbook/book"
)

// playable reports whether a program gets an "Open in the Go Playground"
// link: a one-file program that reads no files (the Playground runs one
// main.go, with no files of ours), unless the build leaves the links
// out. The link only reaches the Playground when the reader clicks it
// (app.js shares the program's code then); the page itself never does.
func (r *pages) playable(p *book.Program) bool {
	return !r.opt.NoPlayground && !p.IsTest() && len(p.GoFiles()) == 0 &&
		len(p.Attrs.Files) == 0 && p.Attrs.Stdin == "" && !r.importsOwn(p)
}

// GoModuleOf returns the go.mod the runner r builds programs in, when r
// says (as *runner.Runner does, with a GoModule method): what
// RenderOptions.GoMod wants. nil when it does not.
func GoModuleOf(r any) []byte {
	if m, ok := r.(interface{ GoModule() []byte }); ok {
		return m.GoModule()
	}
	return nil
}

// ownModules returns the paths of the modules in gomod that the
// Playground cannot fetch: the book's own module, and those it replaces
// with a folder.
func ownModules(gomod []byte) []string {
	f, err := modfile.Parse("go.mod", gomod, nil)
	if err != nil || f.Module == nil {
		return nil
	}
	own := []string{f.Module.Mod.Path}
	for _, rep := range f.Replace {
		if rep.New.Version == "" && modfile.IsDirectoryPath(rep.New.Path) {
			own = append(own, rep.Old.Path)
		}
	}
	return own
}

// importsOwn reports whether p imports a package of r.ownModules.
func (r *pages) importsOwn(p *book.Program) bool {
	if len(r.ownModules) == 0 {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", p.Source(), parser.ImportsOnly)
	if err != nil {
		return false
	}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		for _, mod := range r.ownModules {
			if path == mod || strings.HasPrefix(path, mod+"/") {
				return true
			}
		}
	}
	return false
}

// playLink is the link for program p, or "" when it has none.
func (r *pages) playLink(p *book.Program) string {
	if !r.playable(p) {
		return ""
	}
	return fmt.Sprintf(`<p class="play"><a href="https://go.dev/play/" data-play="%s">Open in the Go Playground</a></p>`, html.EscapeString(p.ID))
}
