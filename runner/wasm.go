package runner

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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
	case len(p.Files) > 0 || p.Stdin != nil:
		return "reads files, which a browser does not have"
	case len(p.GoFiles) > 0:
		return "more than one file"
	}
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", p.Source, parser.ImportsOnly)
	if err != nil {
		return "does not parse"
	}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if why := wasmImports[path]; why != "" {
			return why
		}
	}
	return ""
}

// BuildWasm compiles the programs that can run in a browser into one
// WebAssembly binary. Programs that cannot (see WasmBlocker), that
// cannot share a binary, or that do not compile for js/wasm are left
// out, each with its reason.
func (r *Runner) BuildWasm(ctx context.Context, progs []*Program) (*WasmBuild, error) {
	dir, err := os.MkdirTemp("", "workbook-wasm-")
	if err != nil {
		return nil, fmt.Errorf("wasm build: %w", err)
	}
	defer os.RemoveAll(dir)
	m, err := newBuildModule(dir, r.GoMod, r.GoSum)
	if err != nil {
		return nil, err
	}
	wb := &WasmBuild{Names: map[int]string{}, Why: map[int]string{}}
	var members []int
	for i, p := range progs {
		why := WasmBlocker(p)
		if why == "" {
			src, _, reason := mergeRewrite(p.Source, mergedPkg(i))
			if reason != "" {
				why = "cannot share the browser's binary: " + reason
			} else if err := m.write(mergedDir(i), src); err != nil {
				return nil, err
			}
		}
		if why != "" {
			wb.Why[i] = why
			continue
		}
		members = append(members, i)
	}
	for round := 0; len(members) > 0 && round < wasmRounds; round++ {
		failed, bin, err := r.wasmRound(ctx, m, members)
		if err != nil {
			return nil, err
		}
		if bin != nil {
			if wb.ExecJS, err = r.wasmExecJS(ctx); err != nil {
				return nil, err
			}
			wb.Wasm = bin
			for _, i := range members {
				wb.Names[i] = progDir(i)
			}
			return wb, nil
		}
		members = slices.DeleteFunc(members, func(i int) bool {
			if why, ok := failed[i]; ok {
				wb.Why[i] = why
				return true
			}
			return false
		})
	}
	for _, i := range members {
		wb.Why[i] = "does not build for js/wasm"
	}
	return wb, nil
}

// wasmRound builds members into one binary. It returns the binary, or
// the members that failed to compile; a failure it cannot pin on a
// member fails them all.
func (r *Runner) wasmRound(ctx context.Context, m *buildModule, members []int) (map[int]string, []byte, error) {
	if err := m.write(dispatchDir(0), dispatcher(m.path, members)); err != nil {
		return nil, nil, err
	}
	out := filepath.Join(m.dir, "bin", "programs.wasm")
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
	sections, _ := m.splitOutput(string(text))
	failed := map[int]string{}
	for _, i := range members {
		if _, ok := sections[mergedDir(i)]; ok {
			failed[i] = "does not build for js/wasm"
		}
	}
	if len(failed) == 0 {
		for _, i := range members {
			failed[i] = "does not build for js/wasm"
		}
	}
	return failed, nil, nil
}

// wasmExecJS reads wasm_exec.js from the toolchain (Go 1.24 and later
// keep it in lib/wasm).
func (r *Runner) wasmExecJS(ctx context.Context) ([]byte, error) {
	out, err := r.goCmd(ctx, "", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("wasm build: go env GOROOT: %w", err)
	}
	js, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("wasm build: %w", err)
	}
	return js, nil
}
