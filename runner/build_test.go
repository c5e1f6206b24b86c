package runner

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// These tests run the real go command; each builds a handful of tiny
// programs in one module, so they stay around a second each.

// src returns a program whose positions read as wbpartN.go, as callers
// generate them. Line 1 of body is line 3 of wbpartN.go.
func src(n int, body string) []byte {
	return []byte("//line wbpart" + itoa(n) + ".go:1:1\npackage main\n\n" + body)
}

func itoa(n int) string { return string(rune('0'+n/10%10)) + string(rune('0'+n%10)) }

func hello(n int, msg string) []byte {
	return src(n, "import \"fmt\"\n\nfunc main() {\n\tfmt.Println(\""+msg+"\")\n}\n")
}

func testBuild(t testing.TB, r *Runner, merge bool, progs ...*Program) []buildOut {
	t.Helper()
	if _, err := exec.LookPath(r.goCommand()); err != nil {
		t.Skip("no go command")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	outs, err := r.build(ctx, t.TempDir(), progs, merge)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if len(outs) != len(progs) {
		t.Fatalf("build returned %d results for %d programs", len(outs), len(progs))
	}
	return outs
}

// runBin runs a built program and returns its combined output and exit code.
func runBin(t testing.TB, bin string, env ...string) (string, int) {
	t.Helper()
	if bin == "" {
		t.Fatalf("no binary to run")
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = t.TempDir()
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running %s: %v", bin, err)
	}
	return string(out), cmd.ProcessState.ExitCode()
}

func wantOK(t testing.TB, o buildOut, want string) {
	t.Helper()
	if !o.Build.OK || o.Build.Output != "" || o.Build.Vet != "" {
		t.Fatalf("build = %+v, want OK", o.Build)
	}
	if !filepath.IsAbs(o.Bin) {
		t.Fatalf("Bin = %q, want an absolute path", o.Bin)
	}
	if out, code := runBin(t, o.Bin); out != want || code != 0 {
		t.Fatalf("%s printed %q (exit %d), want %q", o.Bin, out, code, want)
	}
}

func TestBuildCompileErrorOwnedByItsProgram(t *testing.T) {
	bad := src(2, "import \"fmt\"\n\nfunc main() {\n\tfmt.Println(nope)\n}\n")
	outs := testBuild(t, &Runner{}, false,
		&Program{Source: hello(1, "one")}, &Program{Source: bad}, &Program{Source: hello(3, "three")})
	wantOK(t, outs[0], "one\n")
	wantOK(t, outs[2], "three\n")
	b := outs[1]
	if b.Build.OK || b.Bin != "" {
		t.Fatalf("bad program: %+v, want a failed build", b)
	}
	// fmt.Println(nope) is line 4 of body, so line 6 of wbpart02.go; nope is at column 14.
	if want := "wbpart02.go:6:14: undefined: nope"; b.Build.Output != want {
		t.Fatalf("Output = %q, want %q", b.Build.Output, want)
	}
}

func TestBuildLoadErrorDoesNotStopOthers(t *testing.T) {
	// A missing import stops go build before it compiles anything.
	bad := src(1, "import \"example.invalid/nothing\"\n\nfunc main() { nothing.Do() }\n")
	outs := testBuild(t, &Runner{}, false, &Program{Source: bad}, &Program{Source: hello(2, "two")})
	wantOK(t, outs[1], "two\n")
	if o := outs[0].Build.Output; outs[0].Build.OK || !strings.HasPrefix(o, "wbpart01.go:3:8: ") ||
		!strings.Contains(o, "example.invalid/nothing") {
		t.Fatalf("bad program: %+v, want its load error at wbpart01.go:3:8", outs[0].Build)
	}
}

func TestBuildVetFindingFailsOnlyItsProgram(t *testing.T) {
	bad := src(1, "import \"fmt\"\n\nfunc main() {\n\tfmt.Printf(\"%d\\n\", \"s\")\n}\n")
	outs := testBuild(t, &Runner{}, false, &Program{Source: bad}, &Program{Source: hello(2, "two")})
	wantOK(t, outs[1], "two\n")
	b := outs[0]
	if b.Build.OK || b.Bin != "" || b.Build.Output != "" {
		t.Fatalf("vetted program: %+v, want failed by vet only", b)
	}
	// vet points at the verb: column 14.
	want := `wbpart01.go:6:14: fmt.Printf format %d has arg "s" of wrong type string`
	if b.Build.Vet != want {
		t.Fatalf("Vet = %q, want %q", b.Build.Vet, want)
	}
}

func TestBuildRace(t *testing.T) {
	race := src(1, `import "fmt"

func main() {
	x := 0
	done := make(chan bool)
	go func() { x++; done <- true }()
	x++
	<-done
	fmt.Println(x)
}
`)
	outs := testBuild(t, &Runner{}, true, &Program{Source: race, Race: true}, &Program{Source: hello(2, "two")})
	wantOK(t, outs[1], "two\n")
	if !outs[0].Build.OK || outs[0].Merged {
		t.Fatalf("race program: %+v, want OK and not merged", outs[0])
	}
	out, code := runBin(t, outs[0].Bin)
	if code != 66 || !strings.Contains(out, "WARNING: DATA RACE") || !strings.Contains(out, "wbpart01.go:8") {
		t.Fatalf("race binary exited %d with %q, want 66 and a race report at wbpart01.go:8", code, out)
	}
}

// reexec prints msg and, started again by itself through os.Executable,
// says which program the child ran: a merged binary must dispatch the
// child to the same program.
func reexec(n int, msg string) []byte {
	return src(n, `import (
	"fmt"
	"os"
	"os/exec"
)

func main() {
	if os.Getenv("WB_CHILD") != "" {
		fmt.Println("child of `+msg+`")
		return
	}
	exe, err := os.Executable()
	if err != nil {
		panic(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "WB_CHILD=1")
	out, err := cmd.CombinedOutput()
	fmt.Printf("`+msg+` %s", out)
	if err != nil {
		panic(err)
	}
}
`)
}

func TestBuildMerged(t *testing.T) {
	progs := []*Program{
		{Source: reexec(1, "alpha")},
		{Source: reexec(2, "beta")},
		{Source: hello(3, "gamma")},
		{Source: src(4, "import \"fmt\"\n\nvar s string\n\nfunc init() { s = \"init\" }\n\nfunc main() { fmt.Println(s) }\n")},
		{Source: src(5, "import \"fmt\"\n\ntype T struct{}\n\nfunc main() { fmt.Printf(\"%T\\n\", T{}) }\n")},
		{Source: src(6, "import (\n\t\"fmt\"\n\t\"reflect\"\n)\n\ntype T struct{}\n\nfunc main() { fmt.Println(reflect.TypeOf(T{})) }\n")},
		{Source: src(7, "func main() {\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}\n")},
	}
	outs := testBuild(t, &Runner{}, true, progs...)
	for i, want := range []bool{true, true, true, false, false, false, true} {
		if outs[i].Merged != want {
			t.Errorf("program %d: Merged = %v, want %v", i+1, outs[i].Merged, want)
		}
	}
	wantOK(t, outs[0], "alpha child of alpha\n")
	wantOK(t, outs[1], "beta child of beta\n")
	wantOK(t, outs[2], "gamma\n")
	wantOK(t, outs[3], "init\n")
	wantOK(t, outs[4], "main.T\n")
	wantOK(t, outs[5], "main.T\n")
	// The rewrite keeps every line where it was: m["x"] = 1 is line 5.
	if out, code := runBin(t, outs[6].Bin); code != 2 || !regexp.MustCompile(`\twbpart07\.go:5\b`).MatchString(out) {
		t.Errorf("merged panic exited %d with %q, want 2 and a frame at wbpart07.go:5", code, out)
	}
	a, err := os.Stat(outs[0].Bin)
	if err != nil {
		t.Fatal(err)
	}
	c, err := os.Stat(outs[2].Bin)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(a, c) {
		t.Errorf("merged programs %s and %s are different files", outs[0].Bin, outs[2].Bin)
	}
}

func TestBuildMergedCompileErrorRebuiltAlone(t *testing.T) {
	bad := src(2, "import \"fmt\"\n\nfunc main() {\n\tfmt.Println(nope)\n}\n")
	outs := testBuild(t, &Runner{}, true,
		&Program{Source: hello(1, "one")}, &Program{Source: bad}, &Program{Source: hello(3, "three")})
	wantOK(t, outs[0], "one\n")
	wantOK(t, outs[2], "three\n")
	if !outs[0].Merged || !outs[2].Merged {
		t.Errorf("good programs not merged: %+v %+v", outs[0], outs[2])
	}
	// The error comes from the program as written, not from its rewrite.
	if want := "wbpart02.go:6:14: undefined: nope"; outs[1].Build.Output != want || outs[1].Merged {
		t.Fatalf("bad program: %+v, want Output %q", outs[1], want)
	}
}

func TestBuildGoMod(t *testing.T) {
	r := &Runner{GoMod: []byte("module example.com/lessons\n\ngo 1.26\n")}
	vetBad := src(3, "import \"fmt\"\n\nfunc main() {\n\tfmt.Printf(\"%d\\n\", \"s\")\n}\n")
	compileBad := src(4, "func main() {\n\tx := 1\n}\n")
	outs := testBuild(t, r, true, &Program{Source: hello(1, "one")}, &Program{Source: hello(2, "two")},
		&Program{Source: vetBad}, &Program{Source: compileBad})
	wantOK(t, outs[0], "one\n")
	wantOK(t, outs[1], "two\n")
	if !outs[0].Merged {
		t.Errorf("program 1 not merged")
	}
	if v := outs[2].Build.Vet; !strings.HasPrefix(v, "wbpart03.go:6:14: fmt.Printf format %d") {
		t.Errorf("vet finding = %q", v)
	}
	if o := outs[3].Build.Output; o != "wbpart04.go:4:2: declared and not used: x" {
		t.Errorf("compile error = %q", o)
	}
}

func TestBuildNoGoCommand(t *testing.T) {
	r := &Runner{Go: filepath.Join(t.TempDir(), "no-such-go")}
	if _, err := r.build(context.Background(), t.TempDir(), []*Program{{Source: hello(1, "x")}}, false); err == nil {
		t.Fatal("build without a go command succeeded")
	}
}

func TestBuildModuleErrorReachesEveryProgram(t *testing.T) {
	// A go.mod this toolchain refuses stops every go command before any
	// package is named: each program must still get the error.
	r := &Runner{GoMod: []byte("module example.com/lessons\n\ngo 1.999\n")}
	outs := testBuild(t, r, true, &Program{Source: hello(1, "one")}, &Program{Source: hello(2, "two")},
		&Program{Source: hello(3, "three"), Race: true})
	for i, o := range outs {
		if o.Build.OK || o.Bin != "" || !strings.Contains(o.Build.Output, "go.mod requires go >= 1.999") {
			t.Errorf("program %d: %+v, want the go.mod error", i+1, o)
		}
	}
}
