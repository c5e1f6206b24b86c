package runner

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

func TestMergeRewrite(t *testing.T) {
	const head = "//line wbpart1.go:1:1\npackage main\n\n"
	tests := []struct {
		name, src string
		reason    string // substring of the reason; "" means mergeable
		key       string
	}{
		{"plain", `import ("fmt"; "sync"; "time"); func main() { fmt.Println(sync.Mutex{}, time.Second) }`, "", ""},
		{"errors.New var", `import "errors"; var errX = errors.New("x"); func main() { _ = errX }`, "", ""},
		{"composite var", `var m = map[string]int{"a": 1}; var f = func() int { return len(m) }; func main() { _ = f }`, "", ""},
		{"heavy import key", `import (_ "net/http"; _ "crypto/sha256"; "fmt"); func main() { fmt.Println() }`, "", "crypto/sha256 net/http"},
		{"runtime ok", `import "runtime"; func main() { println(runtime.NumCPU(), runtime.GOMAXPROCS(0)) }`, "", ""},
		{"percent v", `import "fmt"; func main() { fmt.Printf("%v %+v %5.2f%% %[1]d\n", 1, 2, 3.0) }`, "", ""},

		{"init", `func init() {}; func main() {}`, "init", ""},
		{"call in var", `import "time"; var start = time.Now(); func main() { _ = start }`, "calls", ""},
		{"make in var", `var c = make(chan int); func main() { _ = c }`, "calls", ""},
		{"called func literal", `var x = func() int { return 1 }(); func main() { _ = x }`, "calls", ""},
		{"reflect", `import "reflect"; func main() { _ = reflect.TypeOf(1) }`, "reflect", ""},
		{"flag", `import "flag"; func main() { flag.Parse() }`, "flag", ""},
		{"runtime/debug", `import "runtime/debug"; func main() { debug.PrintStack() }`, "runtime/debug", ""},
		{"runtime.Caller", `import "runtime"; func main() { runtime.Caller(0) }`, "runtime.Caller", ""},
		{"renamed runtime", `import rt "runtime"; func main() { rt.Stack(nil, false) }`, "runtime.Stack", ""},
		{"ReadMemStats", `import "runtime"; func main() { var m runtime.MemStats; runtime.ReadMemStats(&m) }`, "runtime.MemStats", ""},
		{"%T", `import "fmt"; func main() { fmt.Printf("%T\n", 1) }`, "%T", ""},
		{"%#v", "import \"fmt\"; func main() { fmt.Printf(`%#v`, 1) }", "%T", ""},
		{"%+#v", `import "fmt"; func main() { fmt.Printf("%+#v", 1) }`, "%T", ""},
		{"%[1]T", `import "fmt"; func main() { fmt.Printf("%[1]T", 1) }`, "%T", ""},
		{"main called", `func main() { if false { main() } }`, "refers to main", ""},
		{"main with result", `func main() int { return 0 }`, "results", ""},
		{"no main", `func Main() {}`, "no func main", ""},
		{"go: directive", "import _ \"unsafe\"\n//go:linkname f runtime.f\nfunc f()\nfunc main() {}", "directive", ""},
		{"clash", `func WorkbookMain() {}; func main() {}`, "uses the name", ""},
		{"syntax error", `func main( {}`, "parse", ""},
		{"not main", "", "not package main", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := head + tt.src
			if tt.name == "not main" {
				src = "//line wbpart1.go:1:1\npackage foo\n"
			}
			out, key, reason := mergeRewrite([]byte(src), "wbprog7")
			if tt.reason == "" {
				if reason != "" {
					t.Fatalf("not mergeable: %s", reason)
				}
				if key != tt.key {
					t.Errorf("key = %q, want %q", key, tt.key)
				}
				checkRewrite(t, src, string(out))
				return
			}
			if !strings.Contains(reason, tt.reason) {
				t.Fatalf("reason = %q, want it to mention %q", reason, tt.reason)
			}
		})
	}
}

// checkRewrite verifies that only the package name and main changed and
// that every line stayed where it was.
func checkRewrite(t *testing.T, src, out string) {
	t.Helper()
	want := strings.Replace(strings.Replace(src, "package main", "package wbprog7", 1), "func main()", "func "+mergeName+"()", 1)
	if out != want {
		t.Fatalf("rewrite:\n%s\nwant:\n%s", out, want)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "x.go", out, 0); err != nil {
		t.Fatalf("rewrite does not parse: %v", err)
	}
}

func TestMergeNeedsLineDirective(t *testing.T) {
	src := "package main\n\n//line wbpart1.go:1:1\nfunc main() {}\n"
	if _, _, reason := mergeRewrite([]byte(src), "wbprog1"); !strings.Contains(reason, "//line") {
		t.Fatalf("reason = %q, want a missing //line directive", reason)
	}
}

func TestPrintsType(t *testing.T) {
	for lit, want := range map[string]bool{
		`"%T"`: true, `"%#v"`: true, `"% #v"`: true, `"%-#8v"`: true, `"x %[2]T"`: true,
		`"%v"`: false, `"%+v"`: false, `"%%T"`: false, `"100%"`: false, `"%d%%"`: false, `"%s T"`: false,
	} {
		if got := printsType(lit); got != want {
			t.Errorf("printsType(%s) = %v, want %v", lit, got, want)
		}
	}
}

func TestPlanMergeGroupsByHeavyImports(t *testing.T) {
	progs := []*Program{
		{Source: []byte("//line a.go:1\npackage main\nimport \"fmt\"\nfunc main() { fmt.Println() }\n")},
		{Source: []byte("//line b.go:1\npackage main\nimport _ \"net/http\"\nfunc main() {}\n")},
		{Source: []byte("//line c.go:1\npackage main\nfunc init() {}\nfunc main() {}\n")},
		{Source: []byte("//line d.go:1\npackage main\nimport \"sync\"\nfunc main() { var mu sync.Mutex; mu.Lock() }\n")},
		{Source: []byte("//line e.go:1\npackage main\nimport (_ \"net/http\"; _ \"fmt\")\nfunc main() {}\n")},
	}
	m := &buildModule{dir: t.TempDir()}
	sep, groups, err := m.planMerge(progs, []int{0, 1, 2, 3, 4})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmtInts(sep); got != "[2]" {
		t.Errorf("separate = %s, want [2]", got)
	}
	var gs []string
	for _, g := range groups {
		gs = append(gs, fmtInts(g))
	}
	if got := strings.Join(gs, " "); got != "[0 3] [1 4]" {
		t.Errorf("groups = %s, want [0 3] [1 4]", got)
	}
}

func fmtInts(xs []int) string {
	var s []string
	for _, x := range xs {
		s = append(s, itoa(x)[1:])
	}
	return "[" + strings.Join(s, " ") + "]"
}
