package runner

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Merging links many programs into one binary: each program becomes a
// package whose main is renamed, and a dispatcher main picks one by the
// name it was started under (a hard link per program). One link instead of
// twenty is most of the build time saved (measured: 0.34 s against 0.96 s
// for 20 small programs).
//
// In a merged binary every program's package initialisation runs, type
// names carry another package name and the binary is bigger, so merging
// is only for programs whose output and measurements cannot tell the
// difference. The checks below are conservative: a program they reject is
// simply built on its own.

// mergeName is what a merged program's main is renamed to: exported so the
// dispatcher can call it, and unlikely to clash (a program that uses the
// name anywhere is not merged).
const mergeName = "WorkbookMain"

// mergedPkgPrefix starts the name of every merged program's package
// (wbprog1, wbprog2, ...); output that contains it came from a merge.
const mergedPkgPrefix = "wbprog"

// mergeExcluded lists imports that expose package or type names, read
// runtime state that other programs' initialisation changes, or cannot
// live outside package main.
var mergeExcluded = []string{
	"C", "database/sql", "embed", "encoding/asn1", "encoding/binary",
	"encoding/gob", "encoding/json", "encoding/xml", "expvar", "flag",
	"html/template", "log/slog", "net/http/pprof", "net/rpc", "plugin",
	"reflect", "runtime/debug", "runtime/metrics", "runtime/pprof",
	"runtime/trace", "testing", "text/template",
}

// mergeLight lists standard packages whose initialisation costs next to
// nothing. Programs importing only these share one binary. Any other
// import (net/http alone doubles a hello world's peak RSS, 1.8 → 3.6 MB)
// is part of the group key, so a program is only merged with programs
// that initialise exactly the same heavy packages.
var mergeLight = []string{
	"bufio", "bytes", "cmp", "container/heap", "container/list",
	"container/ring", "context", "errors", "fmt", "hash", "hash/crc32",
	"hash/fnv", "io", "io/fs", "iter", "log", "maps", "math", "math/bits",
	"math/cmplx", "math/rand", "math/rand/v2", "os", "os/exec", "os/signal", "path",
	"path/filepath", "runtime", "slices", "sort", "strconv", "strings",
	"structs", "sync", "sync/atomic", "syscall", "text/tabwriter", "time", "unicode",
	"unicode/utf16", "unicode/utf8", "unique", "unsafe", "weak",
}

// mergeRuntimeOK lists the runtime functions a merged program may call:
// none of them reports function names, files or memory, which a shared
// binary changes.
var mergeRuntimeOK = []string{
	"GC", "GOARCH", "GOMAXPROCS", "GOOS", "Goexit", "Gosched", "KeepAlive",
	"LockOSThread", "NumCPU", "NumGoroutine", "UnlockOSThread", "Version",
}

// mergeRewrite checks whether a program can share a binary and, if so,
// returns its source rewritten as package pkg with main renamed to
// mergeName, and the group key (its heavy imports). reason says why a
// program cannot be merged; it is empty when it can.
//
// Only the two identifiers change, in place, so every //line directive
// and every line number stays where it was.
func mergeRewrite(src []byte, pkg string) (out []byte, key, reason string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, "", "does not parse"
	}
	if f.Name.Name != "main" {
		return nil, "", "not package main"
	}
	if bytes.Contains(src, []byte(mergeName)) {
		return nil, "", "uses the name " + mergeName
	}
	if !lineMapped(fset, f) {
		return nil, "", "no //line directive before the package clause"
	}
	key, runtimeName, errorsName, reason := mergeImports(f)
	if reason != "" {
		return nil, "", reason
	}
	mainFn, reason := mergeDecls(f, errorsName)
	if reason != "" {
		return nil, "", reason
	}
	if reason := mergeBody(f, mainFn, runtimeName); reason != "" {
		return nil, "", reason
	}
	tf := fset.File(f.Package)
	out = slices.Clone(src)
	// Replace the later identifier first so the earlier offset stays valid.
	out = replaceAt(out, tf.Offset(mainFn.Name.Pos()), "main", mergeName)
	out = replaceAt(out, tf.Offset(f.Name.Pos()), "main", pkg)
	return out, key, ""
}

func replaceAt(b []byte, off int, old, repl string) []byte {
	return slices.Concat(b[:off], []byte(repl), b[off+len(old):])
}

// lineMapped reports whether a //line directive precedes the package
// clause. Then no position names the program's directory, which differs
// between the separate (pN) and the merged (mN) package: file names in
// log output and traces stay the same either way.
func lineMapped(fset *token.FileSet, f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//line ") {
				return true
			}
		}
	}
	return false
}

// mergeImports returns the group key of f's imports and the local names
// of runtime and errors ("" when not imported).
func mergeImports(f *ast.File) (key, runtimeName, errorsName, reason string) {
	var heavy []string
	for _, im := range f.Imports {
		path, err := strconv.Unquote(im.Path.Value)
		if err != nil {
			return "", "", "", "bad import"
		}
		if slices.Contains(mergeExcluded, path) || strings.HasPrefix(path, "testing/") {
			return "", "", "", "imports " + path
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		if name == "." && (path == "runtime" || path == "errors") {
			return "", "", "", "dot-imports " + path
		}
		switch path {
		case "runtime":
			runtimeName = name
		case "errors":
			errorsName = name
		}
		if !slices.Contains(mergeLight, path) {
			heavy = append(heavy, path)
		}
	}
	slices.Sort(heavy)
	return strings.Join(slices.Compact(heavy), " "), runtimeName, errorsName, ""
}

// mergeDecls finds main and rejects what runs before it: init functions
// and package variables whose initialisers call anything (every merged
// program's initialisers run in every run of the shared binary).
// errors.New is allowed: it is cheap, common and has no effects.
func mergeDecls(f *ast.File, errorsName string) (mainFn *ast.FuncDecl, reason string) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				continue
			}
			switch d.Name.Name {
			case "init":
				return nil, "has func init"
			case "main":
				// Package main checks main's signature; a library package
				// would accept func main() int, so check it here.
				t := d.Type
				if t.TypeParams != nil || len(t.Params.List) > 0 || t.Results != nil || d.Body == nil {
					return nil, "main has parameters or results"
				}
				mainFn = d
			}
		case *ast.GenDecl:
			if d.Tok != token.VAR {
				continue
			}
			for _, s := range d.Specs {
				for _, v := range s.(*ast.ValueSpec).Values {
					if initCalls(v, errorsName) {
						return nil, "a package variable's initialiser calls a function"
					}
				}
			}
		}
	}
	if mainFn == nil {
		return nil, "no func main"
	}
	return mainFn, ""
}

// initCalls reports whether evaluating e calls a function (or receives
// from a channel). Function literals are not evaluated, so not searched.
func initCalls(e ast.Expr, errorsName string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" && errorsName != "" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == errorsName {
					return true
				}
			}
			found = true
		}
		return !found
	})
	return found
}

// mergeBody rejects the remaining ways a program can notice it is not
// package main: other references to main, compiler directives, runtime
// introspection, and format verbs that print type names.
func mergeBody(f *ast.File, mainFn *ast.FuncDecl, runtimeName string) string {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:") || strings.HasPrefix(c.Text, "// +build") {
				return "has a //go: directive"
			}
		}
	}
	reason := ""
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if n.Name == "main" && n != f.Name && n != mainFn.Name {
				reason = "refers to main"
			}
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok && runtimeName != "" && id.Name == runtimeName &&
				!slices.Contains(mergeRuntimeOK, n.Sel.Name) {
				reason = "uses runtime." + n.Sel.Name
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING && printsType(n.Value) {
				reason = "formats with %T or %#v"
			}
		}
		return reason == ""
	})
	return reason
}

// printsType reports whether a string literal holds a %T or %#v verb,
// which print type names ("main.T" would become "wbprog3.T").
func printsType(lit string) bool {
	for i := 0; i < len(lit); i++ {
		if lit[i] != '%' {
			continue
		}
		j := i + 1
		flags := j
		for j < len(lit) && strings.IndexByte("-+# 0", lit[j]) >= 0 {
			j++
		}
		sharp := strings.IndexByte(lit[flags:j], '#') >= 0
		for j < len(lit) && strings.IndexByte("0123456789*.[]", lit[j]) >= 0 {
			j++
		}
		if j < len(lit) && (lit[j] == 'T' || lit[j] == 'v' && sharp) {
			return true
		}
		i = j // skip the verb, and the second % of %%
	}
	return false
}

// dispatcher returns the main package of a merged binary: it runs the
// program named by the base name of its executable (the hard link it was
// started through, as os.Executable names it, so a program that re-runs
// itself through /proc/self/exe or with its own argv[0] still reaches
// itself), leaving os.Args untouched. It imports only os, which
// every program initialises anyway.
func dispatcher(modPath string, members []int) []byte {
	names := make([]string, len(members))
	for k, i := range members {
		names[k] = progDir(i)
	}
	return dispatcherNamed(modPath, members, names)
}

// dispatcherNamed is dispatcher with the name that selects each member
// given: names[k] selects members[k].
func dispatcherNamed(modPath string, members []int, names []string) []byte {
	var b bytes.Buffer
	imports := make([][2]string, len(members))
	for k, i := range members {
		imports[k] = [2]string{mergedPkg(i), modPath + "/" + mergedDir(i)}
	}
	writeDispatchHead(&b, imports)
	b.WriteString("\tswitch name {\n")
	for k, i := range members {
		fmt.Fprintf(&b, "\tcase %q:\n\t\t%s.%s()\n", names[k], mergedPkg(i), mergeName)
	}
	b.WriteString("\tdefault:\n")
	writeDispatchMiss(&b)
	b.WriteString("\t}\n}\n")
	return b.Bytes()
}

// writeDispatchHead writes a dispatcher's main package up to the start
// of main's body: it imports os and imports (name, path), and sets name
// to the base name of the executable, on Windows without its ".exe".
func writeDispatchHead(b *bytes.Buffer, imports [][2]string) {
	b.WriteString("// Code generated by workbook; DO NOT EDIT.\n\npackage main\n\nimport (\n\t\"os\"\n")
	for _, imp := range imports {
		fmt.Fprintf(b, "\t%s %q\n", imp[0], imp[1])
	}
	b.WriteString(")\n\nfunc main() {\n")
	b.WriteString("\tname, err := os.Executable()\n\tif err != nil && len(os.Args) > 0 {\n\t\tname = os.Args[0]\n\t}\n")
	b.WriteString("\tfor i := len(name) - 1; i >= 0; i-- {\n\t\tif name[i] == '/' || name[i] == '\\\\' {\n\t\t\tname = name[i+1:]\n\t\t\tbreak\n\t\t}\n\t}\n")
	b.WriteString("\tif n := len(name) - len(\".exe\"); n > 0 && name[n:] == \".exe\" {\n\t\tname = name[:n]\n\t}\n")
}

// writeDispatchMiss writes what a dispatcher does with a name it lacks.
func writeDispatchMiss(b *bytes.Buffer) {
	b.WriteString("\t\tos.Stderr.WriteString(\"workbook: no program named \" + name + \" in this binary\\n\")\n\t\tos.Exit(2)\n")
}

// dispatcherGrouped is dispatcherNamed for a binary that is built again
// after each edit of one of its programs (the browser's): its main does
// not import the programs but dispatchGroups packages of them, member i
// in group i % dispatchGroups, so an edit compiles the program, its
// group and a main of a few imports, not a main that imports them all
// (which alone took longer than the link, at 250 programs). It returns
// main's source and each group's, by directory.
func dispatcherGrouped(modPath string, members []int, names []string) (main []byte, groups map[string][]byte) {
	byGroup := map[int][]int{} // group -> indexes into members
	for k, i := range members {
		byGroup[i%dispatchGroups] = append(byGroup[i%dispatchGroups], k)
	}
	gs := slices.Sorted(maps.Keys(byGroup))
	groups = map[string][]byte{}
	for _, g := range gs {
		var b bytes.Buffer
		fmt.Fprintf(&b, "// Code generated by workbook; DO NOT EDIT.\n\npackage %s\n\nimport (\n", groupPkg(g))
		for _, k := range byGroup[g] {
			fmt.Fprintf(&b, "\t%s %q\n", mergedPkg(members[k]), modPath+"/"+mergedDir(members[k]))
		}
		b.WriteString(")\n\n// Run runs the program called name, if it is one of this group's.\nfunc Run(name string) bool {\n\tswitch name {\n")
		for _, k := range byGroup[g] {
			fmt.Fprintf(&b, "\tcase %q:\n\t\t%s.%s()\n", names[k], mergedPkg(members[k]), mergeName)
		}
		b.WriteString("\tdefault:\n\t\treturn false\n\t}\n\treturn true\n}\n")
		groups[groupDir(g)] = b.Bytes()
	}
	var b bytes.Buffer
	imports := make([][2]string, len(gs))
	for k, g := range gs {
		imports[k] = [2]string{groupPkg(g), modPath + "/" + groupDir(g)}
	}
	writeDispatchHead(&b, imports)
	b.WriteString("\tswitch {\n")
	for _, g := range gs {
		fmt.Fprintf(&b, "\tcase %s.Run(name):\n", groupPkg(g))
	}
	b.WriteString("\tdefault:\n")
	writeDispatchMiss(&b)
	b.WriteString("\t}\n}\n")
	return b.Bytes(), groups
}

// dispatchGroups is how many groups dispatcherGrouped divides programs
// into: for a book of 250 programs, about eight in each.
const dispatchGroups = 32

// Names inside the build module. Program i (0-based) lives in pN as
// written and, when merged, in mN as package wbprogN; dispatcher k in
// wbmainK, and dispatcherGrouped's group g in wbgroupG. Binaries are
// named after their directory.
func progDir(i int) string     { return "p" + strconv.Itoa(i+1) }
func mergedDir(i int) string   { return "m" + strconv.Itoa(i+1) }
func mergedPkg(i int) string   { return mergedPkgPrefix + strconv.Itoa(i+1) }
func dispatchDir(k int) string { return "wbmain" + strconv.Itoa(k+1) }
func groupDir(g int) string    { return "wbgroup" + strconv.Itoa(g+1) }
func groupPkg(g int) string    { return "wbgroup" + strconv.Itoa(g+1) }
