package runner

import (
	"strings"
	"testing"
)

// shapesProgram is main.go, a second file of package main and a
// sub-package that main imports as example/shapes.
func shapesProgram(shapes string) *Program {
	return &Program{
		Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport (\n\t\"fmt\"\n\n\t\"example/shapes\"\n)\n\nfunc main() { fmt.Println(greet(), shapes.Area(2, 3)) }\n"),
		GoFiles: map[string][]byte{
			"greet.go":         []byte("//line wbpart2.go:1:1\npackage main\n\nfunc greet() string { return \"hi\" }\n"),
			"shapes/shapes.go": []byte("//line wbpart3.go:1:1\npackage shapes\n\n" + shapes),
		},
	}
}

func TestBuildSeveralFilesAndASubPackage(t *testing.T) {
	good := shapesProgram("func Area(w, h int) int { return w * h }\n")
	outs := testBuild(t, &Runner{}, true, good, &Program{Source: hello(4, "alone")})
	wantOK(t, outs[0], "hi 6\n")
	wantOK(t, outs[1], "alone\n")
	if outs[0].Merged {
		t.Error("a program of several files was merged")
	}
}

func TestBuildSubPackageErrorsAreTheProgramsOwn(t *testing.T) {
	broken := shapesProgram("func Area(w, h int) int { return w * nope }\n")
	vetted := shapesProgram("import \"fmt\"\n\nfunc Area(w, h int) int { fmt.Printf(\"%d\\n\", \"s\"); return w * h }\n")
	outs := testBuild(t, &Runner{}, false, broken, vetted, &Program{Source: hello(4, "other")})
	wantOK(t, outs[2], "other\n")
	if want := "wbpart3.go:3:38: undefined: nope"; outs[0].Build.Output != want {
		t.Errorf("compile error = %q, want %q", outs[0].Build.Output, want)
	}
	if want := "shapes/wbpart3.go:5:39: fmt.Printf format %d has arg \"s\" of wrong type string"; outs[1].Build.Vet != want {
		t.Errorf("vet = %q, want %q", outs[1].Build.Vet, want)
	}
}

func TestBuildImportErrorNamesTheWrittenPath(t *testing.T) {
	p := shapesProgram("func Area(w, h int) int { return w * h }\n")
	p.GoFiles["greet.go"] = []byte("//line wbpart2.go:1:1\npackage main\n\nimport \"example/shapes\"\n\nfunc greet() string { return \"hi\" }\n")
	outs := testBuild(t, &Runner{}, false, p)
	if o := outs[0].Build.Output; !strings.Contains(o, `"example/shapes" imported and not used`) {
		t.Errorf("Output = %q, want the import named as written", o)
	}
}

func TestRewriteImports(t *testing.T) {
	src := []byte("package main\n\nimport (\n\t\"example/shapes\"\n\t\"example/other\"\n\t\"fmt\"\n)\n")
	got := string(rewriteImports(src, []string{"shapes"}, "example/", "wbprog/p7/"))
	want := "package main\n\nimport (\n\t\"wbprog/p7/shapes\"\n\t\"example/other\"\n\t\"fmt\"\n)\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
