package runner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildWasm builds programs into one WebAssembly binary: those that
// can run in a browser are in it and run (under Node, as a browser's
// worker would, selected by argv[0]); the others are left out with why.
func TestBuildWasm(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	hello := func(word string) []byte {
		return []byte("//line wbpart1.go:1:1\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"" + word + "\") }\n")
	}
	progs := []*Program{
		{Source: hello("one")},
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport \"os/exec\"\n\nfunc main() { exec.Command(\"ls\").Run() }\n")},
		{Source: hello("two"), Race: true},
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nfunc main() { var x int = \"s\"; _ = x }\n")},
		{Source: hello("three")},
	}
	wb, err := (&Runner{}).BuildWasm(context.Background(), progs)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(wb.Wasm), "\x00asm") {
		t.Fatalf("not a WebAssembly binary: %q...", wb.Wasm[:min(8, len(wb.Wasm))])
	}
	if !strings.Contains(string(wb.ExecJS), "globalThis.Go = class") {
		t.Errorf("ExecJS is not wasm_exec.js: %.80q", wb.ExecJS)
	}
	for i, want := range map[int]string{1: "os/exec", 2: "-race", 3: "does not build"} {
		if !strings.Contains(wb.Why[i], want) {
			t.Errorf("program %d: why %q, want it to say %q", i, wb.Why[i], want)
		}
	}
	if len(wb.Names) != 2 || wb.Names[0] == "" || wb.Names[4] == "" {
		t.Fatalf("names %v, want programs 0 and 4", wb.Names)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node to run the binary")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	runner := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec_node.js")
	dir := t.TempDir()
	for i, want := range map[int]string{0: "one", 4: "three"} {
		bin := filepath.Join(dir, wb.Names[i]) // wasm_exec_node.js passes the file name as argv[0]
		if err := os.WriteFile(bin, wb.Wasm, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(node, runner, bin).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != want {
			t.Errorf("running %s: %q, %v; want %q", wb.Names[i], out, err, want)
		}
	}
}
