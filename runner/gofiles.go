package runner

import (
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
)

// defaultImportPath is the module path programs import their own packages
// by when the lessons have no go.mod: "example" is reserved for examples
// and never names a real module, as in the Go tutorial's go mod init
// example/hello.
const defaultImportPath = "example"

// importPath is the module path a program's own packages are imported by
// ("example/shapes"): the lessons' module, if they have one.
func (m *buildModule) importPath() string {
	if m.userPath != "" {
		return m.userPath
	}
	return defaultImportPath
}

// writeProgram writes p's Go files into package directory pkg: Source as
// main.go and every GoFiles entry at its path. Imports of the program's
// own packages are rewritten to where they really are in the build
// module (pkg/shapes), in place, so no line moves.
func (m *buildModule) writeProgram(pkg string, p *Program) error {
	own := ownPackages(p.GoFiles)
	from := m.importPath() + "/"
	to := m.path + "/" + pkg + "/"
	// A test program may be test files only.
	if len(p.Source) > 0 || !p.Test {
		if err := m.write(pkg, rewriteImports(p.Source, own, from, to)); err != nil {
			return err
		}
	}
	files := map[string][]byte{}
	for name, src := range p.GoFiles {
		files[name] = rewriteImports(src, own, from, to)
	}
	return writeFiles(m.dir+"/"+pkg, files)
}

// ownPackages lists the folders of a program's Go files other than its
// own: its sub-packages.
func ownPackages(files map[string][]byte) []string {
	var dirs []string
	for name := range files {
		if d := path.Dir(name); d != "." && !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// rewriteImports replaces each import of from+DIR, DIR one of own, by
// to+DIR. A file that does not parse is left as it is: the compiler will
// say why.
func rewriteImports(src []byte, own []string, from, to string) []byte {
	if len(own) == 0 {
		return src
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly)
	if err != nil {
		return src
	}
	out := slices.Clone(src)
	// Last first, so earlier offsets stay valid.
	for i := len(f.Imports) - 1; i >= 0; i-- {
		lit := f.Imports[i].Path
		p, err := strconv.Unquote(lit.Value)
		if err != nil {
			continue
		}
		dir, ok := strings.CutPrefix(p, from)
		if !ok || !slices.Contains(own, dir) {
			continue
		}
		off := fset.Position(lit.Pos()).Offset
		out = slices.Concat(out[:off], []byte(strconv.Quote(to+dir)), out[off+len(lit.Value):])
	}
	return out
}
