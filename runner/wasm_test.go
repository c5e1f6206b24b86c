package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/internal/filelock"
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
	wb, err := (&Runner{CacheDir: t.TempDir()}).BuildWasm(context.Background(), progs)
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

// TestBuildWasmCache checks that a binary is compiled once per set of
// programs: the same program on two pages is one member, a second build
// reads the cache, a damaged entry is rebuilt, and an incremental build
// can name programs it has no source for by their WasmID.
func TestBuildWasmCache(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	hello := func(word string) *Program {
		return &Program{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"" + word + "\") }\n")}
	}
	ctx := context.Background()
	cache := t.TempDir()
	r := &Runner{CacheDir: cache}
	progs := []*Program{hello("one"), hello("two"), hello("one")}
	first, err := r.BuildWasm(ctx, progs)
	if err != nil {
		t.Fatal(err)
	}
	if first.Names[0] == "" || first.Names[0] != first.Names[2] || first.Names[0] == first.Names[1] {
		t.Fatalf("names %v: want programs 0 and 2 (the same source) to share a name, 1 its own", first.Names)
	}
	if id, _ := WasmID(progs[1]); first.IDs[1] != id || first.Names[1] != id {
		t.Errorf("program 1: id %q, name %q; want both %q", first.IDs[1], first.Names[1], id)
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "wasm", "*.wasm"))
	if len(entries) != 1 {
		t.Fatalf("cache holds %d binaries, want 1: %v", len(entries), entries)
	}
	stat := func() time.Time {
		fi, err := os.Stat(entries[0])
		if err != nil {
			t.Fatal(err)
		}
		return fi.ModTime()
	}
	written := stat()

	// The same programs in another order: the same binary, from the cache.
	again, err := r.BuildWasm(ctx, []*Program{progs[1], progs[0]})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Wasm, first.Wasm) || !stat().Equal(written) {
		t.Error("the same programs were compiled again")
	}

	// Only program "one" given, "two" named by its id: same binary.
	partial, err := r.BuildWasm(ctx, progs[:1], first.IDs[1])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(partial.Wasm, first.Wasm) || len(partial.Names) != 1 {
		t.Errorf("partial build: %d bytes, names %v; want the first binary and one name", len(partial.Wasm), partial.Names)
	}
	if _, err := r.BuildWasm(ctx, progs[:1], "w000000000000000000000000"); !errors.Is(err, ErrWasmUnknown) {
		t.Errorf("unknown id: error %v, want ErrWasmUnknown", err)
	}

	// A damaged binary is a miss, compiled and stored again.
	if err := os.WriteFile(entries[0], []byte("\x00asm damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	repaired, err := r.BuildWasm(ctx, progs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(repaired.Wasm, first.Wasm) {
		t.Errorf("after damage: %d bytes, want the first binary (%d bytes)", len(repaired.Wasm), len(first.Wasm))
	}
	if data, _ := os.ReadFile(entries[0]); !bytes.Equal(data, first.Wasm) {
		t.Error("the damaged cache entry was not repaired")
	}
}

// TestPruneWasm keeps the most recently used binaries only.
func TestPruneWasm(t *testing.T) {
	dir := t.TempDir()
	base := time.Now().Add(-time.Hour)
	for i := range 5 {
		for _, ext := range []string{".json", ".wasm"} {
			name := filepath.Join(dir, fmt.Sprintf("k%d%s", i, ext))
			if err := os.WriteFile(name, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			at := base.Add(time.Duration(i) * time.Minute)
			if err := os.Chtimes(name, at, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	pruneWasm(dir, 2)
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	var names []string
	for _, l := range left {
		names = append(names, filepath.Base(l))
	}
	if want := []string{"k3.json", "k3.wasm", "k4.json", "k4.wasm"}; !slices.Equal(names, want) {
		t.Errorf("left %v, want %v", names, want)
	}
}

// TestBuildWasmWaitsForExclusiveRuns: the browser binary is compiled
// beside the book's runs, but never beside an exclusive one, which
// holds the gate for writing.
func TestBuildWasmWaitsForExclusiveRuns(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	gate := new(sync.RWMutex)
	r := &Runner{CacheDir: t.TempDir(), Gate: gate}
	p := &Program{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nfunc main() { println(\"gated\") }\n")}
	gate.Lock() // an exclusive run
	done := make(chan error, 1)
	go func() {
		_, err := r.BuildWasm(context.Background(), []*Program{p})
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("BuildWasm finished (%v) while an exclusive run held the gate", err)
	case <-time.After(500 * time.Millisecond):
	}
	gate.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestBuildWasmDependencyFails: a program whose imported package cannot
// build for js/wasm is left out, saying why, and the others still run
// in the browser; a relative replace directory is the book's, not the
// build folder's.
func TestBuildWasmDependencyFails(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	lib := filepath.Join(dir, "unixlib")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"go.mod": "module example.com/unixlib\n\ngo 1.22\n",
		"u.go":   "//go:build linux\n\npackage unixlib\n\nfunc Hello() string { return \"hi\" }\n",
	} {
		if err := os.WriteFile(filepath.Join(lib, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := &Runner{CacheDir: t.TempDir(), ModDir: dir,
		GoMod: []byte("module book\n\ngo 1.22\n\nrequire example.com/unixlib v0.0.0\n\nreplace example.com/unixlib => ./unixlib\n")}
	progs := []*Program{
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"plain\") }\n")},
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/unixlib\"\n)\n\nfunc main() { fmt.Println(unixlib.Hello()) }\n")},
	}
	wb, err := r.BuildWasm(context.Background(), progs)
	if err != nil {
		t.Fatal(err)
	}
	if wb.Wasm == nil || wb.Names[0] == "" {
		t.Fatalf("the plain program is not in a binary: names %v, why %v", wb.Names, wb.Why)
	}
	if !strings.Contains(wb.Why[1], "does not build for js/wasm") || !strings.Contains(wb.Why[1], "constraints") {
		t.Errorf("the unixlib program: why %q, want it to say its import's build constraints exclude js/wasm", wb.Why[1])
	}
	if strings.Contains(wb.Why[1], dir) || strings.Contains(wb.Why[1], localLinks) || !strings.Contains(wb.Why[1], "unixlib") {
		t.Errorf("the unixlib program's why %q does not name its folder as go.mod writes it (not %s)", wb.Why[1], dir)
	}

}

// TestReadWasmEntryChecks: an entry under another name, or one that
// says nothing compiled without saying why for every program, is a miss.
func TestReadWasmEntryChecks(t *testing.T) {
	dir := t.TempDir()
	write := func(key, data string) {
		if err := os.WriteFile(filepath.Join(dir, key+".json"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("k1", `{"key":"k1","empty":true,"failed":{"wa":"does not build"}}`)
	if e, _ := readWasmEntry(dir, "k1", []string{"wa"}); e == nil {
		t.Error("a sound empty entry was a miss")
	}
	if e, _ := readWasmEntry(dir, "k1", []string{"wa", "wb"}); e != nil {
		t.Error("an empty entry that does not say why wb failed was a hit")
	}
	write("k2", `{"key":"k1","empty":true,"failed":{"wa":"x"}}`)
	if e, _ := readWasmEntry(dir, "k2", []string{"wa"}); e != nil {
		t.Error("an entry copied under another key was a hit")
	}
}

// An edit of one program must leave every other program's package
// number as it was, or the go command compiles them all again; and no
// two programs may share a number, even when their IDs start alike.
func TestWasmSlotsStable(t *testing.T) {
	ids := []string{"w0a1b2c3d000000000000001", "w0a1b2c3d000000000000002", "w3f000000aaaaaaaaaaaaaaa", "wffffffffbbbbbbbbbbbbbbb"}
	slots := wasmSlots(ids)
	seen := map[int]bool{}
	for j, s := range slots {
		if seen[s] {
			t.Fatalf("two programs in package %d: %v", s, slots)
		}
		seen[s] = true
		if s < 0 {
			t.Errorf("%s: negative package number %d", ids[j], s)
		}
	}
	// A new program sorted before them all, and one of them gone.
	edited := []string{"w00000000ccccccccccccccc", ids[0], ids[1], ids[3]}
	after := wasmSlots(edited)
	for j, id := range edited[1:] {
		k := slices.Index(ids, id)
		if after[j+1] != slots[k] {
			t.Errorf("%s moved from package %d to %d when another program changed", id, slots[k], after[j+1])
		}
	}
}

// TestBuildWasmKeepsItsFolder: the browser build keeps its packages in
// the cache between builds, so an edit writes only what it changed; a
// damaged folder (a stray file in a package, a package altered or cut
// short, a stranger's folder, links out of it) still makes the binary a
// fresh cache makes, writing nothing elsewhere; a kept folder another
// build holds is never used; and when every kept folder is busy a
// temporary one serves, removed after.
func TestBuildWasmKeepsItsFolder(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	hello := func(word string) *Program {
		return &Program{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"" + word + "\") }\n")}
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx := context.Background()
	cache := t.TempDir()
	r := &Runner{CacheDir: cache}
	work := filepath.Join(cache, "wasm", "build1")
	// pkgFile is the file of the program p's package in the kept folder.
	pkgFile := func(ps []*Program, p *Program) string {
		var ids []string
		for _, q := range ps {
			id, _ := WasmID(q)
			ids = append(ids, id)
		}
		slices.Sort(ids)
		id, _ := WasmID(p)
		return filepath.Join(work, mergedDir(wasmSlots(ids)[slices.Index(ids, id)]), "main.go")
	}
	a, b, c := hello("a"), hello("b"), hello("c")
	if _, err := r.BuildWasm(ctx, []*Program{a, b, c}); err != nil {
		t.Fatal(err)
	}
	long := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range []*Program{a, b, c} {
		if err := os.Chtimes(pkgFile([]*Program{a, b, c}, p), long, long); err != nil {
			t.Fatalf("the kept folder lacks a program's package: %v", err)
		}
	}

	// c edited: a and b are left as they were, c's old package is gone.
	c2 := hello("c, edited")
	edited := []*Program{a, b, c2}
	if _, err := r.BuildWasm(ctx, edited); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Program{a, b} {
		if fi, err := os.Stat(pkgFile(edited, p)); err != nil || !fi.ModTime().Equal(long) {
			t.Errorf("an unchanged program's package was written again (%v)", err)
		}
	}
	if _, err := os.Stat(pkgFile([]*Program{a, b, c}, c)); err == nil {
		t.Error("the package of the program before its edit is still there")
	}
	if _, err := os.Stat(pkgFile(edited, c2)); err != nil {
		t.Errorf("the edited program has no package: %v", err)
	}

	// Damage, then a set the cache has no binary for: the binary must be
	// the one a fresh cache makes.
	d := hello("d")
	next := []*Program{a, b, c2, d}
	for name, data := range map[string]string{
		filepath.Join(filepath.Dir(pkgFile(next, a)), "stray.go"): "package broken\n\nthis is not Go\n",
		pkgFile(next, b):                        "package main\n\nfunc main() {}\n",
		filepath.Join(work, "stranger", "x.go"): "package stranger\n",
	} {
		os.RemoveAll(name)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// And c2's cut short after its first line, as a torn write would.
	if data, err := os.ReadFile(pkgFile(next, c2)); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(pkgFile(next, c2), data[:bytes.IndexByte(data, '\n')+30], 0o644); err != nil {
		t.Fatal(err)
	}
	// Links out of the folder where d's package, bin/ and go.mod belong:
	// nothing may be written through them.
	outside := t.TempDir()
	links := map[string]string{
		filepath.Dir(pkgFile(next, d)): filepath.Join(outside, "pkg"),
		filepath.Join(work, "bin"):     filepath.Join(outside, "bin"),
		filepath.Join(work, "go.mod"):  filepath.Join(outside, "go.mod"),
	}
	for name, target := range links {
		var err error
		if filepath.Base(target) == "go.mod" {
			err = os.WriteFile(target, []byte("module outside\n"), 0o644)
		} else {
			err = os.MkdirAll(target, 0o755)
		}
		if err != nil {
			t.Fatal(err)
		}
		os.RemoveAll(name)
		if err := os.Symlink(target, name); err != nil {
			links = nil // no links here (Windows without the privilege)
			break
		}
	}
	got, err := r.BuildWasm(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range links {
		if filepath.Base(target) == "go.mod" {
			if data, _ := os.ReadFile(target); string(data) != "module outside\n" {
				t.Errorf("the build wrote through a link to %s: %q", target, data)
			}
		} else if ents, _ := os.ReadDir(target); len(ents) > 0 {
			t.Errorf("the build wrote through a link to %s: %v", target, ents)
		}
	}
	want, err := (&Runner{CacheDir: t.TempDir()}).BuildWasm(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Names) != 4 || !bytes.Equal(got.Wasm, want.Wasm) {
		t.Errorf("from a damaged folder: %d bytes, names %v, why %v; want the %d bytes a fresh cache makes", len(got.Wasm), got.Names, got.Why, len(want.Wasm))
	}
	if _, err := os.Stat(filepath.Join(work, "stranger")); err == nil {
		t.Error("a folder that is no package of the build was left in the kept folder")
	}

	// Every kept folder busy (another build holds their locks).
	for k := range wasmWorkDirs {
		f, err := os.OpenFile(filepath.Join(cache, "wasm", fmt.Sprintf("build%d.lock", k+1)), os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if ok, err := filelock.TryLock(f); !ok {
			t.Skipf("no file locks here (%v)", err)
		}
	}
	busy, err := r.BuildWasm(ctx, []*Program{a, hello("e")})
	if err != nil || len(busy.Names) != 2 {
		t.Fatalf("with every kept folder busy: names %v, error %v", busy.Names, err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the temporary build folder was left behind: %v", left)
	}
	if _, err := os.Stat(filepath.Join(cache, "wasm", "build2")); err == nil {
		t.Error("a busy kept folder's neighbour was made though it was locked too")
	}
}

// A kept folder whose lock another build holds is never handed out, and
// a lock file is never removed to take it (the other build's lock would
// then guard nothing).
func TestWasmWorkDirRespectsHeldLock(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("TMPDIR", t.TempDir())
	r := &Runner{CacheDir: cache}
	if err := os.MkdirAll(filepath.Join(cache, "wasm"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(cache, "wasm", "build1.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if ok, err := filelock.TryLock(f); !ok {
		t.Skipf("no file locks here (%v)", err)
	}
	dir, release, err := r.wasmWorkDir()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if dir != filepath.Join(cache, "wasm", "build2") {
		t.Errorf("with build1 held by another build, got %s, want build2", dir)
	}
	// A folder where build3.lock belongs is no lock: it is replaced.
	if err := os.MkdirAll(filepath.Join(cache, "wasm", "build3.lock", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	dir3, release3, err := r.wasmWorkDir()
	if err != nil {
		t.Fatal(err)
	}
	defer release3()
	if dir3 != filepath.Join(cache, "wasm", "build3") {
		t.Errorf("with build1 and build2 held, got %s, want build3", dir3)
	}
}

// A program that reaches os/exec or net through another package (a
// helper of the book's module, even one named without a dot,
// net/http/httptest, log/syslog) compiles for js/wasm
// and would print something else in a browser: it gets no Run button,
// saying why, and the others keep theirs.
func TestBuildWasmIndirectBlockers(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	lib := filepath.Join(dir, "shell")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	tools := filepath.Join(dir, "tools") // a module path without a dot
	if err := os.MkdirAll(tools, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		filepath.Join(lib, "go.mod"):     "module example.com/shell\n\ngo 1.22\n",
		filepath.Join(lib, "shell.go"):   "package shell\n\nimport \"os/exec\"\n\nfunc Run(name string) string { out, _ := exec.Command(name).Output(); return string(out) }\n",
		filepath.Join(tools, "go.mod"):   "module tools\n\ngo 1.22\n",
		filepath.Join(tools, "tools.go"): "package tools\n\nimport \"os/exec\"\n\nfunc Run() error { return exec.Command(\"true\").Run() }\n",
	} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := t.TempDir()
	r := &Runner{CacheDir: cache, ModDir: dir,
		GoMod: []byte("module book\n\ngo 1.22\n\nrequire (\n\texample.com/shell v0.0.0\n\ttools v0.0.0\n)\n\nreplace example.com/shell => ./shell\n\nreplace tools => ./tools\n")}
	progs := []*Program{
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"plain\") }\n")},
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/shell\"\n)\n\nfunc main() { fmt.Println(shell.Run(\"date\")) }\n")},
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport (\n\t\"fmt\"\n\t\"net/http/httptest\"\n)\n\nfunc main() { fmt.Println(httptest.NewRecorder().Code) }\n")},
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport (\n\t\"fmt\"\n\t\"net/url\"\n)\n\nfunc main() { u, _ := url.Parse(\"http://x/y\"); fmt.Println(u.Path) }\n")},
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport (\n\t\"fmt\"\n\n\t\"tools\"\n)\n\nfunc main() { fmt.Println(tools.Run()) }\n")},
		{Source: []byte("//line wbpart1.go:1:1\npackage main\n\nimport (\n\t\"fmt\"\n\t\"log/syslog\"\n)\n\nfunc main() { _, err := syslog.New(syslog.LOG_INFO, \"x\"); fmt.Println(err) }\n")},
	}
	wb, err := r.BuildWasm(context.Background(), progs)
	if err != nil {
		t.Fatal(err)
	}
	if wb.Names[0] == "" || wb.Names[3] == "" {
		t.Errorf("the plain and net/url programs lost their names: names %v, why %v", wb.Names, wb.Why)
	}
	for i, want := range map[int]string{1: "os/exec", 2: "(net)", 4: "os/exec", 5: "(net)"} {
		if wb.Names[i] != "" || !strings.Contains(wb.Why[i], want) {
			t.Errorf("program %d: name %q, why %q; want no name and a why naming %s", i, wb.Names[i], wb.Why[i], want)
		}
	}
	// The published binary holds the replaced modules (its left-out
	// programs stay in it): its build information names no folder of
	// this machine.
	if !bytes.Contains(wb.Wasm, []byte("example.com/shell")) {
		t.Errorf("the binary's build information does not list example.com/shell")
	}
	if bytes.Contains(wb.Wasm, []byte(dir)) {
		t.Errorf("the binary names a folder of this machine (%s)", dir)
	}
	if kept, _ := filepath.Glob(filepath.Join(cache, "wasm", "std", "*.json")); len(kept) != 1 {
		t.Errorf("the standard library's answers are not kept in the cache: %v", kept)
	}
}

// WasmBlocker says what keeps each kind of program out of a browser.
func TestWasmBlocker(t *testing.T) {
	plain := []byte("package main\n\nfunc main() {}\n")
	for _, c := range []struct {
		p    *Program
		want string
	}{
		{&Program{Source: plain}, ""},
		{&Program{Source: plain, Files: map[string][]byte{"a.txt": nil}}, "reads files"},
		{&Program{Source: plain, Stdin: []byte("x\n")}, "standard input"},
		{&Program{Source: plain, Race: true}, "-race"},
		{&Program{Source: []byte("package main\n\nimport \"os/signal\"\n\nfunc main() { _ = signal.Ignore }\n")}, "signals"},
		{&Program{Source: []byte("package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() { fmt.Fprintln(os.Stdout, os.Args); os.Exit(0) }\n")}, ""},
		{&Program{Source: []byte("package main\n\nimport \"os\"\n\nfunc main() { b, _ := os.ReadFile(\"x\"); _ = b }\n")}, "file system (os.ReadFile)"},
		{&Program{Source: []byte("package main\n\nimport (\n\t\"bufio\"\n\tsys \"os\"\n)\n\nfunc main() { bufio.NewScanner(sys.Stdin).Scan() }\n")}, "file system (sys.Stdin)"},
		{&Program{Source: []byte("package main\n\nimport \"path/filepath\"\n\nfunc main() { filepath.WalkDir(\".\", nil) }\n")}, "file system (filepath.WalkDir)"},
		{&Program{Source: []byte("package main\n\nimport \"path/filepath\"\n\nfunc main() { println(filepath.Join(\"a\", \"b\")) }\n")}, ""},
	} {
		got := WasmBlocker(c.p)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("WasmBlocker = %q, want it to say %q", got, c.want)
		}
	}
}
