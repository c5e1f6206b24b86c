//go:build unix

package runner

import (
	"context"
	"strings"
	"testing"
	"time"
)

const sumSource = "//line wbpart1.go:1:1\npackage sum\n\nfunc Sum(xs ...int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n"

func sumTest(body string) *Program {
	return &Program{
		Source: []byte(sumSource),
		GoFiles: map[string][]byte{"main_test.go": []byte("//line wbpart2.go:1:1\npackage sum\n\nimport (\n\t\"fmt\"\n\t\"testing\"\n)\n\n" + body +
			"\nvar _ = fmt.Sprint\nvar _ testing.T\n")},
		Test: true,
		Args: []string{"-test.v"},
	}
}

func runTestProgram(t *testing.T, p *Program) *Result {
	t.Helper()
	r := execTestRunner(t)
	r.CacheDir = t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := r.Run(ctx, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Build.OK {
		t.Fatalf("build failed: %s%s", res.Build.Output, res.Build.Vet)
	}
	return res
}

func TestRunTestProgram(t *testing.T) {
	res := runTestProgram(t, sumTest(`func TestSum(t *testing.T) {
	if got := Sum(1, 2); got != 3 {
		t.Errorf("Sum(1, 2) = %d", got)
	}
}

func ExampleSum() {
	fmt.Println(Sum(1, 2))
	// Output: 3
}
`))
	out := execText(res.Runs[0], Stdout)
	for _, want := range []string{"=== RUN   TestSum\n", "--- PASS: TestSum", "--- PASS: ExampleSum", "\nPASS\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if res.Runs[0].ExitCode != 0 {
		t.Errorf("exit %d", res.Runs[0].ExitCode)
	}
}

func TestRunFailingTestProgram(t *testing.T) {
	res := runTestProgram(t, sumTest(`func TestSum(t *testing.T) {
	if got := Sum(1, 2); got != 4 {
		t.Errorf("Sum(1, 2) = %d, want 4", got)
	}
}

func ExampleSum() {
	fmt.Println(Sum(1, 2))
	// Output: 4
}
`))
	out := execText(res.Runs[0], Stdout)
	// The assertion is line 10 of the test part.
	for _, want := range []string{"    wbpart2.go:10: Sum(1, 2) = 3, want 4\n", "--- FAIL: ExampleSum", "got:\n3\nwant:\n4\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if res.Runs[0].ExitCode != 1 {
		t.Errorf("exit %d, want 1", res.Runs[0].ExitCode)
	}
}

func TestBuildTestProgramErrors(t *testing.T) {
	bad := sumTest("func TestSum(t *testing.T) { Sum(nope) }\n")
	vetted := sumTest("func TestSum(t *testing.T) { t.Errorf(\"%d\", \"s\") }\n")
	outs := testBuild(t, &Runner{}, false, bad, vetted, &Program{Source: hello(3, "three")})
	wantOK(t, outs[2], "three\n")
	if want := "wbpart2.go:8:34: undefined: nope"; outs[0].Build.Output != want {
		t.Errorf("compile error = %q, want %q", outs[0].Build.Output, want)
	}
	if !strings.Contains(outs[1].Build.Vet, "wbpart2.go:8:") || !strings.Contains(outs[1].Build.Vet, "wrong type string") {
		t.Errorf("vet = %q, want the Errorf finding", outs[1].Build.Vet)
	}
}
