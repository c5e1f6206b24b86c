package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/workbook-dev/workbook/internal/filelock"
)

// A WasmBuild is programs compiled together into one WebAssembly binary
// (GOOS=js GOARCH=wasm) for a browser to run: the merged build, so a
// reader's browser downloads and caches one file for many programs.
type WasmBuild struct {
	// Wasm is the binary, or nil when no program could be built into it.
	Wasm []byte
	// Names maps the index of each program in it to the name that
	// selects it: the program's argv[0], as the dispatcher reads it.
	Names map[int]string
	// Why says, for every other program, why it cannot run in a browser.
	Why map[int]string
	// ExecJS is the Go toolchain's wasm_exec.js, which loads and runs
	// Wasm in a browser: the two must come from the same Go.
	ExecJS []byte
	// IDs maps the index of each program that could be in the binary to
	// its WasmID (whether it compiled or not).
	IDs map[int]string
	// Failed maps the WasmID of every program of the binary, given or
	// named by others, that did not compile for js/wasm to why.
	Failed map[string]string
}

// wasmRounds bounds the builds BuildWasm tries: each drops the programs
// the last one could not compile (they use something js/wasm lacks).
const wasmRounds = 3

// wasmImports are imports that js/wasm cannot honour, with why: a
// browser has no processes, signals or sockets to listen on.
var wasmImports = map[string]string{
	"os/exec":   "starts processes (os/exec)",
	"os/signal": "handles signals (os/signal)",
	"net":       "uses the network (net)",
	"net/http":  "uses the network (net/http)",
	"syscall":   "makes system calls (syscall)",
	"plugin":    "loads plugins",
}

// WasmBlocker says why p cannot run in a browser, or "" when it may.
func WasmBlocker(p *Program) string {
	switch {
	case p.NoRun:
		return "built, not run"
	case p.Race:
		return "built with -race, which js/wasm lacks"
	case p.Test:
		return "a go test program"
	case len(p.Files) > 0:
		return "reads files, which a browser does not have"
	case p.Stdin != nil:
		return "reads its standard input from a file, which a browser does not have"
	case len(p.GoFiles) > 0:
		return "more than one file"
	}
	return verdictOf(p.Source).blocker
}

// wasmFS are the functions and variables that reach the file system,
// which a browser does not have (wasm_exec.js answers "not
// implemented"), by package: a program that uses one would fail there,
// or print something else, though it compiles.
var wasmFS = map[string][]string{
	"os": {"Chdir", "Chmod", "Chown", "Chtimes", "CopyFS", "Create", "CreateTemp", "DirFS", "Getwd", "Lchown", "Link", "Lstat",
		"Mkdir", "MkdirAll", "MkdirTemp", "Open", "OpenFile", "OpenRoot", "ReadDir", "ReadFile", "Readlink", "Remove", "RemoveAll",
		"Rename", "Stat", "Stdin", "Symlink", "Truncate", "WriteFile"},
	"io/ioutil":     {"ReadDir", "ReadFile", "TempDir", "TempFile", "WriteFile"},
	"path/filepath": {"Abs", "EvalSymlinks", "Glob", "Walk", "WalkDir"},
}

// A sourceVerdict is what a program's source alone says of running it
// in a browser: why it cannot (blocker), or why it cannot share the
// binary (share); both "" when it can.
type sourceVerdict struct{ blocker, share string }

// verdicts remembers sourceVerdicts by source: a book shows the same
// program on many pages, and each is parsed once. It is cleared when it
// holds verdictsMax (serve sees every version of an edited program).
var (
	verdictsMu sync.Mutex
	verdicts   = map[string]sourceVerdict{}
)

const verdictsMax = 4096

func verdictOf(src []byte) sourceVerdict {
	verdictsMu.Lock()
	v, ok := verdicts[string(src)]
	verdictsMu.Unlock()
	if ok {
		return v
	}
	v.blocker = sourceBlocker(src)
	if v.blocker == "" {
		_, _, v.share = mergeRewrite(src, mergedPkg(0))
	}
	verdictsMu.Lock()
	if len(verdicts) >= verdictsMax {
		clear(verdicts)
	}
	verdicts[string(src)] = v
	verdictsMu.Unlock()
	return v
}

// sourceBlocker says why the program src cannot run in a browser: an
// import of wasmImports, or a use of wasmFS.
func sourceBlocker(src []byte) string {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.SkipObjectResolution)
	if err != nil {
		return "does not parse"
	}
	names := map[string]string{} // the name a file gives an import -> its path
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if why := wasmImports[path]; why != "" {
			return why
		}
		if _, ok := wasmFS[path]; ok {
			name := path[strings.LastIndex(path, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			names[name] = path
		}
	}
	if len(names) == 0 {
		return ""
	}
	why := ""
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || why != "" {
			return why == ""
		}
		if x, ok := sel.X.(*ast.Ident); ok && names[x.Name] != "" && slices.Contains(wasmFS[names[x.Name]], sel.Sel.Name) {
			why = "uses the file system (" + x.Name + "." + sel.Sel.Name + "), which a browser does not have"
		}
		return why == ""
	})
	return why
}

// WasmID names p in a browser binary: a hash of its source, so a
// program shown on many pages is compiled once and keeps its name when
// other programs change. When p cannot run in a browser, or cannot
// share the binary, why says so instead.
func WasmID(p *Program) (id, why string) {
	if why := WasmBlocker(p); why != "" {
		return "", why
	}
	if reason := verdictOf(p.Source).share; reason != "" {
		return "", "cannot share the browser's binary: " + reason
	}
	sum := sha256.Sum256(p.Source)
	return "w" + hex.EncodeToString(sum[:12]), ""
}

// ErrWasmUnknown is returned by BuildWasm when a program named only by
// its WasmID is not in the cache, so its source is not known.
var ErrWasmUnknown = errors.New("a program of the browser binary is not in the cache")

// wasmCacheVersion changes whenever what the wasm cache stores changes.
const wasmCacheVersion = "workbook-wasm-v2"

// wasmEntry is what the cache keeps of one browser binary, besides the
// binary itself (key.wasm): the loader, and the programs that did not
// compile for js/wasm. It is written after the binary, so an entry
// whose binary is missing or does not match Sum is a miss.
type wasmEntry struct {
	Key    string            `json:"key"` // the entry's own name: a copy under another is a miss
	Sum    string            `json:"sum"` // sha256 of the binary
	ExecJS []byte            `json:"exec_js"`
	Failed map[string]string `json:"failed,omitempty"` // WasmID → why
	Empty  bool              `json:"empty,omitempty"`  // no program compiled: no binary
}

// BuildWasm compiles the programs that can run in a browser into one
// WebAssembly binary. Programs that cannot (see WasmBlocker), that
// cannot share a binary, or that do not compile for js/wasm are left
// out, each with its reason. others are the WasmIDs of more programs to
// build in, known from an earlier build (an incremental build names the
// programs of pages it does not read again); their sources come from
// the cache, and when one is not there the error is ErrWasmUnknown.
//
// The same program on many pages is compiled once, and the binary is
// kept in the cache under a hash of the toolchain, the module and the
// programs in it, so a build that changes no program links nothing.
func (r *Runner) BuildWasm(ctx context.Context, progs []*Program, others ...string) (*WasmBuild, error) {
	wb := &WasmBuild{Names: map[int]string{}, Why: map[int]string{}, IDs: map[int]string{}}
	src := map[string][]byte{}
	for i, p := range progs {
		id, why := WasmID(p)
		if why != "" {
			wb.Why[i] = why
			continue
		}
		wb.IDs[i] = id
		src[id] = p.Source
	}
	dir, err := r.cacheDir()
	if err != nil {
		dir = "" // no cache: build every time
	}
	if dir != "" {
		dir = filepath.Join(dir, "wasm")
	}
	for _, id := range others {
		if _, ok := src[id]; ok {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, "src", id+".go"))
		if dir == "" || err != nil || wasmSourceID(data) != id {
			return nil, fmt.Errorf("%w: %s", ErrWasmUnknown, id)
		}
		src[id] = data
	}
	ids := slices.Sorted(maps.Keys(src))
	if len(ids) == 0 {
		return wb, nil
	}
	key, tc, err := r.wasmKey(ctx, ids)
	if err != nil {
		return nil, err
	}
	e, bin := readWasmEntry(dir, key, ids)
	if e == nil {
		keep := false
		// Never beside an exclusive run: its timings are the point.
		r.gated(false, func() { e, bin, keep, err = r.compileWasm(ctx, ids, src, tc) })
		if err != nil {
			return nil, err
		}
		for id, why := range e.Failed { // shown on the published page
			e.Failed[id] = r.asWritten(why)
		}
		if keep {
			e.Key = key
			storeWasm(dir, key, e, bin)
		}
	}
	keepSources(dir, src)
	wb.Failed = e.Failed
	if !e.Empty {
		wb.Wasm, wb.ExecJS = bin, e.ExecJS
	}
	for i, id := range wb.IDs {
		switch {
		case e.Empty && e.Failed[id] == "":
			wb.Why[i] = "does not build for js/wasm"
		case e.Failed[id] != "":
			wb.Why[i] = e.Failed[id]
		default:
			wb.Names[i] = id
		}
	}
	return wb, nil
}

// wasmSourceID is the WasmID of a source known to be eligible.
func wasmSourceID(src []byte) string {
	sum := sha256.Sum256(src)
	return "w" + hex.EncodeToString(sum[:12])
}

// wasmKey names the binary of the programs ids (sorted): everything
// that changes what the Go toolchain makes of them. It returns the
// toolchain too, which a build of the binary needs.
func (r *Runner) wasmKey(ctx context.Context, ids []string) (string, toolchain, error) {
	cache, err := r.cacheDir()
	if err != nil {
		cache = ""
	}
	tc, err := r.lookToolchain(ctx, cache)
	if err != nil {
		return "", tc, err
	}
	mods, err := r.localModules()
	if err != nil {
		return "", tc, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\nGOWASM=%s\n%q\n%q\n%s\n", wasmCacheVersion, tc.GoVersion, tc.Build, os.Getenv("GOWASM"), r.GoMod, r.GoSum, mods)
	for _, id := range ids {
		fmt.Fprintln(h, id)
	}
	return hex.EncodeToString(h.Sum(nil)), tc, nil
}

// readWasmEntry returns the cached binary for key, made of the programs
// ids, or nil when there is none or it is damaged.
func readWasmEntry(dir, key string, ids []string) (*wasmEntry, []byte) {
	if dir == "" {
		return nil, nil
	}
	data, err := os.ReadFile(filepath.Join(dir, key+".json"))
	if err != nil {
		return nil, nil
	}
	var e wasmEntry
	if json.Unmarshal(data, &e) != nil || e.Key != key {
		return nil, nil
	}
	if e.Empty {
		// No binary: then no program compiled, and the entry says why.
		for _, id := range ids {
			if e.Failed[id] == "" {
				return nil, nil
			}
		}
	}
	var bin []byte
	if !e.Empty {
		bin, err = os.ReadFile(filepath.Join(dir, key+".wasm"))
		sum := sha256.Sum256(bin)
		if err != nil || hex.EncodeToString(sum[:]) != e.Sum || len(e.ExecJS) == 0 {
			return nil, nil
		}
	}
	// Used now: pruneWasm keeps the most recently used.
	now := time.Now()
	_ = os.Chtimes(filepath.Join(dir, key+".json"), now, now)
	return &e, bin
}

// keepSources stores the sources of a binary's programs, those not
// stored yet, so a later incremental build can name them by WasmID. A
// failure to store only costs a later build a full one.
func keepSources(dir string, src map[string][]byte) {
	if dir == "" {
		return
	}
	c := cache{dir: filepath.Dir(dir)}
	c.clearWay(filepath.Join(dir, "src"))
	for id, s := range src {
		name := filepath.Join(dir, "src", id+".go")
		if _, err := os.Stat(name); err != nil {
			_ = writeFileAtomic(name, s)
		}
	}
}

// storeWasm keeps a binary. A failure to store only costs a later build
// the compile.
func storeWasm(dir, key string, e *wasmEntry, bin []byte) {
	if dir == "" {
		return
	}
	c := cache{dir: filepath.Dir(dir)}
	c.clearWay(dir)
	if !e.Empty {
		sum := sha256.Sum256(bin)
		e.Sum = hex.EncodeToString(sum[:])
		// Not synced: readWasmEntry checks the binary against e.Sum.
		if writeFileRenamed(filepath.Join(dir, key+".wasm"), bin, false) != nil {
			return
		}
	}
	data, _ := json.Marshal(e) // plain data: cannot fail
	if writeFileAtomic(filepath.Join(dir, key+".json"), data) == nil {
		pruneWasm(dir, wasmKeep)
	}
}

// wasmKeep is how many binaries the cache keeps: each edit of a program
// makes a new one of a few megabytes, and only the newest are wanted
// again (the book as it is, and as it was before an edit is undone).
const wasmKeep = 8

// pruneWasm removes all but the keep most recently written binaries.
// The sources stay: they are small, and any binary may need them.
func pruneWasm(dir string, keep int) {
	entries, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(entries) <= keep {
		return
	}
	mtime := map[string]time.Time{}
	for _, e := range entries {
		if fi, err := os.Stat(e); err == nil {
			mtime[e] = fi.ModTime()
		}
	}
	slices.SortFunc(entries, func(a, b string) int { return mtime[b].Compare(mtime[a]) })
	for _, e := range entries[keep:] {
		os.Remove(e)
		os.Remove(strings.TrimSuffix(e, ".json") + ".wasm")
	}
}

// compileWasm builds the programs ids into one binary, in up to
// wasmRounds rounds: each drops the programs the last one could not
// compile (they use something js/wasm lacks). keep is false when the
// outcome is not the programs' own (a failure no program could be
// blamed for): it is not to be cached.
func (r *Runner) compileWasm(ctx context.Context, ids []string, src map[string][]byte, tc toolchain) (e *wasmEntry, bin []byte, keep bool, err error) {
	dir, release, err := r.wasmWorkDir()
	if err != nil {
		return nil, nil, false, fmt.Errorf("wasm build: %w", err)
	}
	defer release()
	gomod, err := r.linkedGoMod(dir)
	if err != nil {
		return nil, nil, false, err
	}
	// Nothing of a kept folder is followed out of it: a link where the
	// module's files belong is removed. bin/ starts empty.
	for _, f := range []string{"go.mod", "go.sum"} {
		if fi, err := os.Lstat(filepath.Join(dir, f)); err == nil && !fi.Mode().IsRegular() {
			os.RemoveAll(filepath.Join(dir, f))
		}
	}
	os.RemoveAll(filepath.Join(dir, "bin"))
	m, err := newBuildModule(dir, gomod, r.GoSum)
	if err != nil {
		// A kept folder damaged where a build module's files belong (a
		// file where bin/ is, say): it starts afresh.
		if os.RemoveAll(dir) == nil && os.MkdirAll(dir, 0o700) == nil {
			if gomod, err = r.linkedGoMod(dir); err == nil {
				m, err = newBuildModule(dir, gomod, r.GoSum)
			}
		}
		if err != nil {
			return nil, nil, false, err
		}
	}
	keepOnly := map[string]bool{"go.mod": true, "bin": true, dispatchDir(0): true, localLinks: true}
	if len(r.GoSum) > 0 {
		keepOnly["go.sum"] = true
	}
	for g := range dispatchGroups {
		keepOnly[groupDir(g)] = true
	}
	e = &wasmEntry{Failed: map[string]string{}}
	// Each program's package is numbered by its WasmID, not by its place
	// among the others: an edit of one program leaves every other
	// package as it was, and the go command compiles only the new one.
	slots := wasmSlots(ids)
	var members []int
	bySlot := map[int]string{} // member -> WasmID
	for j, id := range ids {
		if !keptPackage(m, mergedDir(slots[j]), id) {
			out, _, reason := mergeRewrite(src[id], mergedPkg(slots[j]))
			if reason != "" { // WasmID checked it; a source from the cache may not have
				e.Failed[id] = "cannot share the browser's binary: " + reason
				continue
			}
			if err := writePackage(m, mergedDir(slots[j]), id, out); err != nil {
				return nil, nil, false, err
			}
		}
		members = append(members, slots[j])
		bySlot[slots[j]] = id
		keepOnly[mergedDir(slots[j])] = true
	}
	removeOthers(dir, keepOnly)
	keep = true
	for round := 0; len(members) > 0 && round < wasmRounds; round++ {
		failed, bin, err := r.wasmRound(ctx, m, members, bySlot)
		var up unpinnedError
		if errors.As(err, &up) {
			// Nobody's fault that can be named: every program is left
			// out, saying why, and the next build tries again.
			for _, j := range members {
				e.Failed[bySlot[j]] = "the browser build failed: " + string(up)
			}
			members, keep = nil, false
			break
		}
		if err != nil {
			return nil, nil, false, err
		}
		if bin != nil {
			if e.ExecJS, err = wasmExecJS(tc.GOROOT); err != nil {
				return nil, nil, false, err
			}
			// Built, but some may reach what a browser lacks through
			// another package: they stay in the binary, without a name.
			indirect, err := r.wasmIndirect(ctx, m, tc, members, src, bySlot)
			if err != nil {
				return nil, nil, false, err
			}
			maps.Copy(e.Failed, indirect)
			return e, bin, true, nil
		}
		members = slices.DeleteFunc(members, func(j int) bool {
			if why, ok := failed[j]; ok {
				e.Failed[bySlot[j]] = why
				return true
			}
			return false
		})
	}
	for _, j := range members {
		e.Failed[bySlot[j]] = "does not build for js/wasm"
	}
	e.Empty = true
	return e, nil, keep, nil
}

// wasmSlots numbers the packages of the programs ids (sorted WasmIDs)
// by their IDs, so a program keeps its number whatever else is in the
// binary. Two IDs that share the digits a number is made of (one pair in
// a few thousand books of 250 programs) take the next free numbers.
func wasmSlots(ids []string) []int {
	slots := make([]int, len(ids))
	taken := map[int]bool{}
	for j, id := range ids {
		n, err := strconv.ParseUint(id[1:min(len(id), 8)], 16, 32)
		if err != nil { // not a WasmID: any free number does
			n = 0
		}
		s := int(n)
		for taken[s] {
			s++
		}
		taken[s] = true
		slots[j] = s
	}
	return slots
}

// wasmWorkDir returns the folder to build the browser's binary in, and
// what to call when done with it. The folder is kept in the cache, with
// its few hundred packages, from one build to the next, and an edit
// rewrites only the packages it changed: writing them all again took
// longer than the compile and link (a few hundred small files cost about
// a millisecond each on some disks). One build at a time uses a kept
// folder; when all are busy, or there is no cache, a temporary folder
// serves, removed after.
func (r *Runner) wasmWorkDir() (dir string, release func(), err error) {
	if cdir, err := r.cacheDir(); err == nil {
		base := filepath.Join(cdir, "wasm")
		(cache{dir: cdir}).clearWay(base)
		for k := range wasmWorkDirs {
			name := filepath.Join(base, "build"+strconv.Itoa(k+1))
			if os.MkdirAll(base, 0o755) != nil {
				break
			}
			// Never remove a lock file: another build may hold it. What
			// is not a file where one belongs no one can hold.
			if fi, err := os.Lstat(name + ".lock"); err == nil && !fi.Mode().IsRegular() {
				os.RemoveAll(name + ".lock")
			}
			f, err := os.OpenFile(name+".lock", os.O_CREATE|os.O_RDWR, 0o600)
			if err != nil {
				continue
			}
			if ok, _ := filelock.TryLock(f); ok {
				if realDir(name) == nil {
					return name, func() { filelock.Unlock(f); f.Close() }, nil
				}
				filelock.Unlock(f)
			}
			f.Close()
		}
	}
	dir, err = os.MkdirTemp("", "workbook-wasm-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// wasmWorkDirs is how many builds of browser binaries, of one cache, keep
// their folder at once (serve and a build in another terminal, say).
const wasmWorkDirs = 3

// realDir makes sure d is a folder of its own: whatever else is there
// (a file, a link to a folder elsewhere) is removed, never followed.
func realDir(d string) error {
	if fi, err := os.Lstat(d); err == nil && !fi.IsDir() {
		if err := os.Remove(d); err != nil {
			return err
		}
	}
	return os.MkdirAll(d, 0o700)
}

// writeChanged makes src the only file of m's package pkg, unless it is
// already.
func writeChanged(m *buildModule, pkg string, src []byte) error {
	d := filepath.Join(m.dir, pkg)
	if err := realDir(d); err != nil {
		return fmt.Errorf("writing program: %w", err)
	}
	ents, err := os.ReadDir(d)
	if err == nil && len(ents) == 1 && ents[0].Name() == "main.go" && ents[0].Type().IsRegular() {
		if old, err := os.ReadFile(filepath.Join(d, "main.go")); err == nil && bytes.Equal(old, src) {
			return nil
		}
	}
	if len(ents) > 0 {
		if err := os.RemoveAll(d); err != nil {
			return fmt.Errorf("writing program: %w", err)
		}
	}
	return m.write(pkg, src)
}

// A program's package in a kept build folder starts with a line that
// says which program it is, and the sum of the rest, so the next build
// can keep it as it is without rewriting the program again; a package
// damaged in any way, or written by another version, is written again.
// (The line comes before the //line directive, which resets positions.)
func packageHeader(id string, rest []byte) string {
	sum := sha256.Sum256(rest)
	return "// " + wasmCacheVersion + " " + id + " " + hex.EncodeToString(sum[:16]) + "\n"
}

// keptPackage reports whether m's package pkg is the program id, as
// writePackage wrote it.
func keptPackage(m *buildModule, pkg, id string) bool {
	d := filepath.Join(m.dir, pkg)
	if fi, err := os.Lstat(d); err != nil || !fi.IsDir() {
		return false
	}
	ents, err := os.ReadDir(d)
	if err != nil || len(ents) != 1 || ents[0].Name() != "main.go" || !ents[0].Type().IsRegular() {
		return false
	}
	data, err := os.ReadFile(filepath.Join(d, "main.go"))
	if err != nil {
		return false
	}
	head, rest, ok := bytes.Cut(data, []byte("\n"))
	return ok && string(head)+"\n" == packageHeader(id, rest)
}

// writePackage makes src, the program id, the only file of m's package
// pkg, with the line keptPackage checks.
func writePackage(m *buildModule, pkg, id string, src []byte) error {
	d := filepath.Join(m.dir, pkg)
	if err := realDir(d); err != nil {
		return fmt.Errorf("writing program: %w", err)
	}
	if ents, err := os.ReadDir(d); err == nil && len(ents) > 0 {
		if err := os.RemoveAll(d); err != nil {
			return fmt.Errorf("writing program: %w", err)
		}
	}
	data := append([]byte(packageHeader(id, src)), src...)
	// Renamed into place: a build killed half-way leaves the old file or
	// the new one, and a file in neither state fails keptPackage.
	return writeFileRenamed(filepath.Join(d, "main.go"), data, false)
}

// removeOthers removes what dir holds besides the names of keep: the
// packages of programs no longer in the book, and anything else.
func removeOthers(dir string, keep map[string]bool) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if !keep[e.Name()] {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// unpinnedError is a failed browser build that no program can be
// blamed for: the go command's first line of complaint.
type unpinnedError string

func (e unpinnedError) Error() string { return string(e) }

// wasmRound builds members (package numbers, ids naming each) into one
// binary, each selected by its WasmID. It returns the binary, or the members that
// failed to compile with why. A failure it cannot pin on a member is an
// unpinnedError; a go command killed by a signal (out of memory, say)
// is an error.
func (r *Runner) wasmRound(ctx context.Context, m *buildModule, members []int, ids map[int]string) (map[int]string, []byte, error) {
	names := make([]string, len(members))
	for k, j := range members {
		names[k] = ids[j]
	}
	main, groups := dispatcherGrouped(m.path, members, names)
	if err := writeChanged(m, dispatchDir(0), main); err != nil {
		return nil, nil, err
	}
	for dir, src := range groups {
		if err := writeChanged(m, dir, src); err != nil {
			return nil, nil, err
		}
	}
	// Named by this process: a go command that a killed workbook left
	// running writes its binary to its own name, never read as this one.
	out := filepath.Join(m.dir, "bin", "programs-"+strconv.Itoa(os.Getpid())+".wasm")
	cmd := r.goCmd(ctx, m.dir, "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./"+dispatchDir(0))
	cmd.Env = append(cmd.Env, "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	text, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return nil, nil, ctx.Err()
	}
	if err == nil {
		bin, err := os.ReadFile(out)
		if err != nil {
			return nil, nil, fmt.Errorf("wasm build: %w", err)
		}
		return nil, bin, nil
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !ee.Exited() {
		return nil, nil, fmt.Errorf("wasm build: go build: %w", err)
	}
	if strings.Contains(string(text), "package "+m.path+"/") && strings.Contains(string(text), "is not in std") {
		// One of the build's own packages went missing under it: the
		// folder's fault, not a program's.
		return nil, nil, unpinnedError(wasmFirstLine(string(text)))
	}
	sections, rest := m.splitOutput(string(text))
	failed := map[int]string{}
	for _, j := range members {
		if s, ok := sections[mergedDir(j)]; ok {
			failed[j] = "does not build for js/wasm: " + wasmFirstLine(s)
		}
	}
	if len(failed) == 0 {
		// A package a program imports, not the program, failed: ask
		// which programs depend on a package that cannot be built.
		if failed, err = r.wasmDepFailures(ctx, m, members); err != nil {
			return nil, nil, err
		}
	}
	if len(failed) == 0 {
		if rest == "" {
			rest = string(text)
		}
		return nil, nil, unpinnedError(wasmFirstLine(rest))
	}
	return failed, nil, nil
}

// wasmDepFailures asks go list which members cannot be built for
// js/wasm because of a package they import, with why.
func (r *Runner) wasmDepFailures(ctx context.Context, m *buildModule, members []int) (map[int]string, error) {
	args := []string{"list", "-e", "-json=ImportPath,Error,DepsErrors"}
	byPath := map[string]int{}
	for _, j := range members {
		args = append(args, "./"+mergedDir(j))
		byPath[m.path+"/"+mergedDir(j)] = j
	}
	out, ok, err := r.wasmList(ctx, m, args...)
	if !ok {
		return nil, err // no better answer: the caller reports the build's
	}
	failed := map[int]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var pkg struct {
			ImportPath string
			Error      *struct{ Err string }
			DepsErrors []struct{ Err string }
		}
		if dec.Decode(&pkg) != nil {
			break
		}
		j, ok := byPath[pkg.ImportPath]
		switch {
		case !ok:
		case pkg.Error != nil:
			failed[j] = "does not build for js/wasm: " + wasmFirstLine(pkg.Error.Err)
		case len(pkg.DepsErrors) > 0:
			failed[j] = "does not build for js/wasm: " + wasmFirstLine(pkg.DepsErrors[0].Err)
		}
	}
	return failed, nil
}

// wasmIndirect returns, by WasmID, the members that import a package
// that reaches one of wasmImports (a helper of the book's module that
// starts a process, net/http/httptest, log/syslog, ...): they compile
// for js/wasm, and then fail or print something else in a browser.
// Imports of the standard library are looked up in stdReach; members
// that import anything else are asked about with one go list. syscall,
// which os itself imports, is not counted.
func (r *Runner) wasmIndirect(ctx context.Context, m *buildModule, tc toolchain, members []int, src map[string][]byte, ids map[int]string) (map[string]string, error) {
	std, err := r.stdReach(ctx, m, tc)
	if err != nil || std == nil {
		return nil, err
	}
	failed := map[string]string{}
	args := []string{"list", "-e", "-json=ImportPath,Deps"}
	byPath := map[string]string{}
	for _, j := range members {
		f, err := parser.ParseFile(token.NewFileSet(), "main.go", src[ids[j]], parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			why, isStd := std[path]
			if !isStd {
				args = append(args, "./"+mergedDir(j))
				byPath[m.path+"/"+mergedDir(j)] = ids[j]
				break
			}
			if why != "" {
				failed[ids[j]] = "imports a package that " + why
				break
			}
		}
	}
	if len(byPath) == 0 {
		return failed, nil
	}
	out, ok, err := r.wasmList(ctx, m, args...)
	if err != nil {
		return nil, err
	}
	if !ok {
		return failed, nil // it built: go list has no better answer
	}
	eachPackage(out, func(path string, deps []string) {
		if id, ok := byPath[path]; ok {
			if why := blockedBy(deps); why != "" {
				failed[id] = "imports a package that " + why
			}
		}
	})
	return failed, nil
}

// wasmList runs the go command with args in m's folder as js/wasm
// builds. ok is false when it failed; err is set only when ctx ended.
func (r *Runner) wasmList(ctx context.Context, m *buildModule, args ...string) (out []byte, ok bool, err error) {
	cmd := r.goCmd(ctx, m.dir, args...)
	cmd.Env = append(cmd.Env, "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	out, err = cmd.Output()
	if ctx.Err() != nil {
		return nil, false, ctx.Err()
	}
	return out, err == nil, nil
}

// eachPackage calls f with each package of out, the output of
// go list -json=ImportPath,Deps.
func eachPackage(out []byte, f func(path string, deps []string)) {
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var pkg struct {
			ImportPath string
			Deps       []string
		}
		if dec.Decode(&pkg) != nil {
			return
		}
		f(pkg.ImportPath, pkg.Deps)
	}
}

// blockedBy is why of the first of deps in wasmImports, but syscall.
func blockedBy(deps []string) string {
	for _, dep := range deps {
		if why := wasmImports[dep]; why != "" && dep != "syscall" {
			return why
		}
	}
	return ""
}

// stdReach returns every package of the standard library (as js/wasm
// builds it) with why it reaches one of wasmImports but syscall, or "".
// It takes one go list of std (~0.7 s), once per toolchain: the answer
// is kept in the cache folder (wasm/std/).
func (r *Runner) stdReach(ctx context.Context, m *buildModule, tc toolchain) (map[string]string, error) {
	sum := sha256.Sum256([]byte(wasmCacheVersion + "\n" + tc.GoVersion + "\n" + tc.Build + "\n" + tc.GOROOT + "\nGOWASM=" + os.Getenv("GOWASM")))
	name, c := "", cache{}
	if dir, err := r.cacheDir(); err == nil {
		c.dir = dir
		name = filepath.Join(dir, "wasm", "std", hex.EncodeToString(sum[:12])+".json")
		var std map[string]string
		if data, err := os.ReadFile(name); err == nil && json.Unmarshal(data, &std) == nil && len(std) > 0 {
			return std, nil
		}
	}
	out, ok, err := r.wasmList(ctx, m, "list", "-e", "-json=ImportPath,Deps", "std")
	if !ok {
		return nil, err // no answer: programs keep their buttons, as before
	}
	std := map[string]string{}
	eachPackage(out, func(path string, deps []string) {
		std[path] = blockedBy(append([]string{path}, deps...))
	})
	if name != "" && len(std) > 0 {
		data, _ := json.Marshal(std) // plain data: cannot fail
		c.clearWay(filepath.Dir(name))
		_ = writeFileAtomic(name, data)
	}
	return std, nil
}

// wasmFirstLine is s's first line, at most 160 bytes of it.
func wasmFirstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}

// wasmExecJS reads wasm_exec.js from the toolchain in goroot (Go 1.24
// and later keep it in lib/wasm).
func wasmExecJS(goroot string) ([]byte, error) {
	js, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("wasm build: %w", err)
	}
	return js, nil
}
